// Metadata URLs and document parsing for OIDC Discovery 1.0 and RFC 8414.
#include "oauth/Discovery.h"

#include "util/JsonQt.h"

#include <QUrl>

namespace wb {

namespace {
QString withoutTrailingSlashes(QString s)
{
    while (s.endsWith(QLatin1Char('/')))
        s.chop(1);
    return s;
}

QStringList stringArray(const nlohmann::json &j, const char *key)
{
    QStringList out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array())
        return out;
    for (const auto &e : *it) {
        if (e.is_string())
            out.append(fromStd(e.get<std::string>()));
    }
    return out;
}
} // namespace

QStringList discoveryUrls(const QString &issuer)
{
    const QUrl url(issuer.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
        return {};
    const QString path = withoutTrailingSlashes(url.path());

    QUrl oidc = url;
    oidc.setQuery(QString());
    oidc.setFragment(QString());
    oidc.setPath(path + QStringLiteral("/.well-known/openid-configuration"));

    // RFC 8414 3.1: the well-known segment goes between the host and the issuer's path.
    QUrl rfc8414 = oidc;
    rfc8414.setPath(QStringLiteral("/.well-known/oauth-authorization-server") + path);

    QStringList out;
    for (const QUrl &u : {oidc, rfc8414}) {
        const QString s = u.toString(QUrl::FullyEncoded);
        if (!out.contains(s))
            out.append(s);
    }
    return out;
}

DiscoveryResult parseDiscoveryDocument(const QByteArray &body, const QString &requestedIssuer)
{
    DiscoveryResult r;
    QString parseError;
    const auto doc = parseJson(body, &parseError);
    if (!doc) {
        if (body.trimmed().isEmpty()) {
            r.error = Error::make(ErrorKind::Parse, QStringLiteral("empty_body"),
                                  QStringLiteral("The metadata document is empty."));
            return r;
        }
        QString msg = QStringLiteral("The metadata document is not valid JSON: %1").arg(parseError);
        if (body.trimmed().startsWith('<'))
            msg += QStringLiteral(" It looks like an HTML page; check the issuer URL.");
        r.error = Error::make(ErrorKind::Parse, QStringLiteral("invalid_json"), msg);
        return r;
    }
    if (!doc->is_object()) {
        r.error = Error::make(ErrorKind::Parse, QStringLiteral("json_not_object"),
                              QStringLiteral("The metadata document is a JSON %1, not an object.")
                                  .arg(QString::fromLatin1(doc->type_name())));
        return r;
    }

    const nlohmann::json &j = *doc;
    ProviderMetadata &m = r.metadata;
    m.raw = j;
    m.issuer = jsonString(j, "issuer");
    m.authorizationEndpoint = jsonString(j, "authorization_endpoint");
    m.tokenEndpoint = jsonString(j, "token_endpoint");
    m.userinfoEndpoint = jsonString(j, "userinfo_endpoint");
    m.jwksUri = jsonString(j, "jwks_uri");
    m.revocationEndpoint = jsonString(j, "revocation_endpoint");
    m.introspectionEndpoint = jsonString(j, "introspection_endpoint");
    m.endSessionEndpoint = jsonString(j, "end_session_endpoint");
    m.codeChallengeMethods = stringArray(j, "code_challenge_methods_supported");
    m.tokenEndpointAuthMethods = stringArray(j, "token_endpoint_auth_methods_supported");
    m.responseModes = stringArray(j, "response_modes_supported");
    m.responseTypes = stringArray(j, "response_types_supported");
    m.scopes = stringArray(j, "scopes_supported");
    m.grantTypes = stringArray(j, "grant_types_supported");
    m.issParameterSupported = jsonBool(j, "authorization_response_iss_parameter_supported");

    if (m.issuer.isEmpty()) {
        r.warnings.append(
            QStringLiteral("The metadata document has no issuer; ID tokens and the iss parameter "
                           "cannot be checked against it."));
    } else if (!requestedIssuer.isEmpty() && m.issuer != requestedIssuer) {
        QString w =
            QStringLiteral("The document's issuer %1 differs from the issuer asked for %2; ID tokens and "
                           "the iss parameter will carry %1.")
                .arg(m.issuer, requestedIssuer);
        if (withoutTrailingSlashes(m.issuer) == withoutTrailingSlashes(requestedIssuer))
            w += QStringLiteral(
                     " They differ only by a trailing slash: issuers are compared exactly, so use %1 in "
                     "the profile.")
                     .arg(m.issuer);
        r.warnings.append(w);
    }

    const bool noAuthz = m.authorizationEndpoint.isEmpty(), noToken = m.tokenEndpoint.isEmpty();
    if (noAuthz && noToken) {
        r.error = Error::make(ErrorKind::Validation, QStringLiteral("metadata_incomplete"),
                              QStringLiteral("The metadata document has neither authorization_endpoint nor "
                                             "token_endpoint; set both in the profile explicitly."));
    } else if (noAuthz) {
        r.warnings.append(QStringLiteral("The metadata document has no authorization_endpoint; set it in the "
                                         "profile explicitly."));
    } else if (noToken) {
        r.warnings.append(
            QStringLiteral("The metadata document has no token_endpoint; set it in the profile explicitly."));
    }
    return r;
}

} // namespace wb
