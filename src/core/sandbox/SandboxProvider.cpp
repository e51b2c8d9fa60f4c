#include "sandbox/SandboxProvider.h"

#include "sandbox/SandboxDiscovery.h"
#include "sandbox/SandboxPages.h"

namespace wb {

namespace {

bool isApiPath(const QString &path)
{
    static const QStringList paths = {QStringLiteral("/.well-known/openid-configuration"),
                                      QStringLiteral("/.well-known/oauth-authorization-server"),
                                      QStringLiteral("/jwks"),
                                      QStringLiteral("/token"),
                                      QStringLiteral("/revoke"),
                                      QStringLiteral("/introspect"),
                                      QStringLiteral("/userinfo")};
    return paths.contains(path);
}

SandboxResponse methodNotAllowed(const QByteArray &allow)
{
    auto r = SandboxResponse::text(405, "Method Not Allowed\n");
    r.setHeader("Allow", allow);
    return r;
}

} // namespace

SandboxProvider::SandboxProvider(const SandboxConfig &config, const QString &issuer)
    : m_authorize(m_ctx), m_token(m_ctx), m_resources(m_ctx, m_token)
{
    m_ctx.config = config;
    m_ctx.issuer = issuer;
}

bool SandboxProvider::init(QString *error)
{
    return m_ctx.keys.generate(error);
}

SandboxResponse SandboxProvider::handle(const SandboxRequest &request)
{
    SandboxResponse r = route(request);
    // Browser-based apps pointed at the sandbox need CORS on the JSON endpoints (never on pages).
    if (isApiPath(request.path))
        r.setHeader("Access-Control-Allow-Origin", "*");
    r.setHeader("X-Content-Type-Options", "nosniff");
    return r;
}

SandboxResponse SandboxProvider::route(const SandboxRequest &request)
{
    const QString &path = request.path;
    const bool get = request.method == QLatin1String("GET");
    if (request.method == QLatin1String("OPTIONS") && isApiPath(path)) {
        SandboxResponse r;
        r.status = 204;
        r.setHeader("Access-Control-Allow-Methods", "GET, POST");
        r.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
        r.setHeader("Access-Control-Max-Age", "600");
        return r;
    }
    if (path == QLatin1String("/.well-known/openid-configuration") ||
        path == QLatin1String("/.well-known/oauth-authorization-server")) {
        return get ? SandboxResponse::json(200, SandboxDiscovery::metadata(m_ctx.issuer))
                   : methodNotAllowed("GET");
    }
    if (path == QLatin1String("/jwks")) {
        if (!get)
            return methodNotAllowed("GET");
        auto r = SandboxResponse::json(200, m_ctx.keys.jwks());
        r.setHeader("Content-Type", "application/jwk-set+json");
        return r;
    }
    if (path == QLatin1String("/authorize")) {
        return get || request.method == QLatin1String("POST") ? m_authorize.authorize(request)
                                                              : methodNotAllowed("GET, POST");
    }
    if (path == QLatin1String("/authorize/consent"))
        return request.method == QLatin1String("POST") ? m_authorize.consent(request)
                                                       : methodNotAllowed("POST");
    if (path == QLatin1String("/token"))
        return m_token.handle(request);
    if (path == QLatin1String("/revoke"))
        return m_resources.revoke(request);
    if (path == QLatin1String("/introspect"))
        return m_resources.introspect(request);
    if (path == QLatin1String("/userinfo"))
        return m_resources.userinfo(request);
    if (path == QLatin1String("/")) {
        if (!get)
            return methodNotAllowed("GET");
        auto r =
            SandboxResponse::html(200, SandboxPages::indexPage(m_ctx.issuer, m_ctx.config.faults.names()));
        r.setHeader("Content-Security-Policy", SandboxPages::contentSecurityPolicy());
        return r;
    }
    return SandboxResponse::text(404, "Not Found\n");
}

} // namespace wb
