#include "flow/FlowDetails.h"

#include "jose/Jwk.h"
#include "oauth/Jwt.h"
#include "util/JsonQt.h"

#include <QLocale>
#include <cstdlib>

namespace wb::flowdetails {

using json = nlohmann::json;

json stringArray(const QStringList &l)
{
    json a = json::array();
    for (const auto &s : l)
        a.push_back(toStd(s));
    return a;
}

json params(const ParamList &p)
{
    json a = json::array();
    for (const auto &[k, v] : p)
        a.push_back({{"name", toStd(k)}, {"value", toStd(v)}});
    return a;
}

QString names(const ParamList &p)
{
    QStringList n;
    for (const auto &kv : p)
        n.append(kv.first);
    return n.join(QStringLiteral(", "));
}

json metadataSummary(const ProviderMetadata &m)
{
    return {{"issuer", toStd(m.issuer)},
            {"authorization_endpoint", toStd(m.authorizationEndpoint)},
            {"token_endpoint", toStd(m.tokenEndpoint)},
            {"userinfo_endpoint", toStd(m.userinfoEndpoint)},
            {"jwks_uri", toStd(m.jwksUri)},
            {"code_challenge_methods_supported", stringArray(m.codeChallengeMethods)},
            {"token_endpoint_auth_methods_supported", stringArray(m.tokenEndpointAuthMethods)},
            {"response_modes_supported", stringArray(m.responseModes)},
            {"authorization_response_iss_parameter_supported", m.issParameterSupported}};
}

json authorizationRequest(const AuthorizationRequest &req, const std::optional<PkcePair> &pkce,
                          const QString &state, const QString &nonce, const QString &listenAddress)
{
    json d = {{"url", req.url.toEncoded().toStdString()},
              {"params", params(req.params)},
              {"state", toStd(state)},
              {"nonce", toStd(nonce)},
              {"listening_on", toStd(listenAddress)}};
    if (pkce) {
        d["pkce"] = {{"method", toStd(pkce->challengeMethod())},
                     {"verifier", pkce->verifier.toStdString()},
                     {"verifier_length", pkce->verifier.size()},
                     {"verifier_sha256_hex", pkce->verifierSha256Hex.toStdString()},
                     {"challenge", pkce->challenge.toStdString()}};
    } else {
        d["pkce"] = nullptr;
    }
    return d;
}

json callback(const CallbackParams &p, const CallbackResult &r)
{
    return {{"source", toStd(p.source)}, {"params", params(p.all)}, {"checks", r.checks}};
}

json idToken(const QString &token, const QString &expectedNonce, Error *error)
{
    const DecodedJwt jwt = decodeJwt(token);
    if (!jwt.ok) {
        if (error)
            *error = Error::make(ErrorKind::Parse, QStringLiteral("invalid_id_token"),
                                 QStringLiteral("The id_token is not a valid JWT: %1").arg(jwt.error));
        return {{"decoded", false}, {"error", toStd(jwt.error)}};
    }
    json d = {{"decoded", true}, {"header", jwt.header}, {"claims", jwt.payload}};
    if (expectedNonce.isEmpty())
        return d;
    const QString actual = jsonString(jwt.payload, "nonce");
    const bool pass = actual == expectedNonce;
    d["nonce_check"] = {
        {"result", pass ? "pass" : "fail"}, {"expected", toStd(expectedNonce)}, {"actual", toStd(actual)}};
    if (!pass && error) {
        *error = Error::make(
            ErrorKind::Validation, QStringLiteral("nonce_mismatch"),
            actual.isEmpty()
                ? QStringLiteral("The ID token has no nonce claim although the authorization "
                                 "request sent one; OpenID Connect requires it to be echoed.")
                : QStringLiteral("The ID token's nonce (%1) differs from the nonce this flow sent "
                                 "(%2); the token may belong to another login.")
                      .arg(actual, expectedNonce));
    }
    return d;
}

QString tokenSummary(const TokenSet &t)
{
    QStringList got;
    if (!t.accessToken.isEmpty())
        got << QStringLiteral("access_token");
    if (!t.refreshToken.isEmpty())
        got << QStringLiteral("refresh_token");
    if (!t.idToken.isEmpty())
        got << QStringLiteral("id_token");
    QString s = got.join(QStringLiteral(", "));
    if (t.expiresIn)
        s += QStringLiteral("; expires in %1 s").arg(*t.expiresIn);
    return s;
}

json clockCheck(const Exchange &x, const QDateTime &receivedAt, QStringList *warnings, qint64 leewaySeconds)
{
    // IMF-fixdate (RFC 9110 5.6.7), the only form servers are required to send.
    const QString date = QString::fromLatin1(headerValue(x.responseHeaders, "Date")).trimmed();
    QDateTime server = QLocale::c().toDateTime(date, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!server.isValid() || !receivedAt.isValid())
        return nullptr;
    server.setTimeSpec(Qt::UTC); // QTimeZone::UTC needs Qt 6.5
    const qint64 offset = receivedAt.secsTo(server);
    if (warnings && std::abs(offset) > leewaySeconds) {
        warnings->append(
            QStringLiteral("The server's clock is %1 s %2 this machine's (Date: %3). Token expiry "
                           "and iat/nbf checks will disagree; sync the clocks (NTP) or allow leeway "
                           "(now %4 s).")
                .arg(QString::number(std::abs(offset)),
                     offset > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"), date,
                     QString::number(leewaySeconds)));
    }
    return {{"server_date", toStd(server.toString(Qt::ISODate))},
            {"local_time", toStd(receivedAt.toUTC().toString(Qt::ISODateWithMs))},
            {"offset_seconds", offset},
            {"leeway_seconds", leewaySeconds}};
}

json jwks(const QString &uri, const JwksCache &cache, bool refetched)
{
    json keys = json::array();
    for (const auto &jwk : cache.keySet().keys)
        keys.push_back(toStd(jose::describeJwk(jwk)));
    return {{"jwks_uri", toStd(uri)},
            {"keys", keys},
            {"notes", stringArray(cache.keySet().notes)},
            {"fetches", cache.fetchCount()},
            {"refetched", refetched}};
}

json idTokenValidation(const IdTokenValidation &v, qint64 leewaySeconds)
{
    json d = {{"alg", toStd(v.alg)},
              {"kid", toStd(v.kid)},
              {"header", v.header},
              {"claims", v.claims},
              {"checks", checksToJson(v.checks)},
              {"leeway_seconds", leewaySeconds}};
    if (v.iatOffsetSeconds)
        d["clock"] = {{"iat_offset_seconds", *v.iatOffsetSeconds},
                      {"skew_beyond_leeway", std::abs(*v.iatOffsetSeconds) > leewaySeconds}};
    return d;
}

QString validationSummary(const IdTokenValidation &v)
{
    int pass = 0, fail = 0, skipped = 0;
    QStringList failed;
    for (const TokenCheck &c : v.checks) {
        if (c.result == CheckResult::Pass)
            ++pass;
        else if (c.result == CheckResult::Fail) {
            ++fail;
            failed.append(c.name);
        } else
            ++skipped;
    }
    QString s = QStringLiteral("%1 checks: %2 pass, %3 fail, %4 skipped")
                    .arg(v.checks.size())
                    .arg(pass)
                    .arg(fail)
                    .arg(skipped);
    if (!failed.isEmpty())
        s += QStringLiteral(" (%1 failed)").arg(failed.join(QStringLiteral(", ")));
    else if (!v.checks.isEmpty() && v.checks.first().result == CheckResult::Pass)
        s += QStringLiteral("; signed by kid %1").arg(v.kid.isEmpty() ? QStringLiteral("(none)") : v.kid);
    return s;
}

void refreshTokenCheck(const QString &requestedScope, const TokenSet &tokens, QStringList *warnings)
{
    if (!warnings || !tokens.refreshToken.isEmpty() ||
        !requestedScope.split(QLatin1Char(' '), Qt::SkipEmptyParts)
             .contains(QStringLiteral("offline_access")))
        return;
    warnings->append(QStringLiteral(
        "offline_access was requested but the response has no refresh_token. Many servers grant it only "
        "with consent: add prompt=consent (OpenID Connect, Okta, Auth0); Google needs access_type=offline "
        "and prompt=consent; the client may also need the refresh_token grant enabled."));
}

} // namespace wb::flowdetails
