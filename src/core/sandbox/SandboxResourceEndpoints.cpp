#include "sandbox/SandboxResourceEndpoints.h"

#include "sandbox/SandboxClients.h"
#include "sandbox/SandboxTokenEndpoint.h"
#include "sandbox/SandboxTokenIssuer.h"

namespace wb {

namespace {

using K = SandboxErrorKind;

SandboxResponse bearerError(int status, const QByteArray &error, const QByteArray &description)
{
    nlohmann::json body = nlohmann::json::object();
    QByteArray challenge = "Bearer realm=\"sandbox\"";
    // RFC 6750 3.1: a request without any token gets the bare challenge, no error code.
    if (!error.isEmpty()) {
        challenge += ", error=\"" + error + "\", error_description=\"" + description + "\"";
        body = {{"error", error.toStdString()}, {"error_description", description.toStdString()}};
    }
    auto r = SandboxResponse::json(status, body);
    r.setHeader("WWW-Authenticate", challenge);
    return r.noStore();
}

} // namespace

std::optional<SandboxResponse> SandboxResourceEndpoints::checkClientRequest(const SandboxRequest &request,
                                                                            QString *clientId)
{
    if (request.method != QLatin1String("POST")) {
        auto r = m_token.renderError(
            SandboxError::make(K::InvalidRequest, QStringLiteral("Only POST is accepted.")), request);
        r.status = 405;
        r.setHeader("Allow", "POST");
        return r;
    }
    if (!request.isFormBody)
        return m_token.renderError(
            SandboxError::make(K::InvalidRequest,
                               QStringLiteral("The body must be application/x-www-form-urlencoded.")),
            request);
    const SandboxClientAuth auth = SandboxClients::authenticate(request, m_ctx.config.faults);
    if (auth.error)
        return m_token.renderError(*auth.error, request);
    *clientId = auth.client->id;
    if (request.formValue(QStringLiteral("token")).isEmpty())
        return m_token.renderError(SandboxError::make(K::MissingParameter,
                                                      QStringLiteral("token is missing."),
                                                      QStringLiteral("token")),
                                   request);
    return std::nullopt;
}

SandboxResponse SandboxResourceEndpoints::revoke(const SandboxRequest &request)
{
    QString clientId;
    if (auto error = checkClientRequest(request, &clientId))
        return *error;
    // RFC 7009 2.2: unknown tokens (and, here, other clients' tokens) still answer 200.
    if (SandboxToken *token = m_ctx.store.token(request.formValue(QStringLiteral("token")).toLatin1());
        token && token->clientId == clientId) {
        if (token->kind == SandboxTokenKind::Refresh)
            m_ctx.store.revokeGrant(token->grantId); // the refresh token and its access tokens
        else
            token->revoked = true;
    }
    SandboxResponse r;
    r.status = 200;
    return r.noStore();
}

SandboxResponse SandboxResourceEndpoints::introspect(const SandboxRequest &request)
{
    QString clientId;
    if (auto error = checkClientRequest(request, &clientId))
        return *error;
    const SandboxClient *client = SandboxClients::find(clientId);
    if (client && client->isPublic()) {
        return m_token.renderError(
            SandboxError::make(K::InvalidClient,
                               QStringLiteral("Public clients may not use the introspection "
                                              "endpoint."),
                               clientId),
            request);
    }
    const SandboxToken *token = m_ctx.store.token(request.formValue(QStringLiteral("token")).toLatin1());
    if (!token || !m_ctx.store.isActive(*token, m_ctx.now()))
        return SandboxResponse::json(200, {{"active", false}}).noStore();
    const qint64 skew = m_ctx.claimedNow() - m_ctx.now();
    nlohmann::json body = {
        {"active", true},
        {"iss", m_ctx.issuer.toStdString()},
        {"client_id", token->clientId.toStdString()},
        {"sub", token->subject.toStdString()},
        {"username", token->subject.toStdString()},
        {"scope", token->scope.toStdString()},
        {"iat", token->issuedAt + skew},
        {"exp", token->expiresAt + skew},
    };
    if (token->kind == SandboxTokenKind::Access)
        body["token_type"] = "Bearer";
    return SandboxResponse::json(200, body).noStore();
}

SandboxResponse SandboxResourceEndpoints::userinfo(const SandboxRequest &request)
{
    if (request.method != QLatin1String("GET") && request.method != QLatin1String("POST")) {
        auto r = SandboxResponse::json(405, {{"error", "invalid_request"}});
        r.setHeader("Allow", "GET, POST");
        return r;
    }
    const QByteArray authorization = headerValue(request.headers, "authorization");
    if (authorization.isEmpty())
        return bearerError(401, {}, {});
    if (!authorization.toLower().startsWith("bearer "))
        return bearerError(401, "invalid_request", "The Authorization header must use the Bearer scheme.");
    const QByteArray value = authorization.mid(7).trimmed();
    const SandboxToken *token = m_ctx.store.token(value);
    if (!token || token->kind != SandboxTokenKind::Access || !m_ctx.store.isActive(*token, m_ctx.now()))
        return bearerError(401, "invalid_token", "The access token is invalid, expired or revoked.");
    if (!SandboxTokenIssuer::hasScope(token->scope, QStringLiteral("openid")))
        return bearerError(403, "insufficient_scope", "The access token was not granted the openid scope.");
    return SandboxResponse::json(200, SandboxTokenIssuer::userClaims(token->subject, token->scope)).noStore();
}

} // namespace wb
