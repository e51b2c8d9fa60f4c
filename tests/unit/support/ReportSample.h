#pragma once
// ReportSample: a synthetic session for the report tests — discovery, authorization request,
// browser, callback, a successful token exchange and a refresh that fails with invalid_grant —
// carrying every kind of secret (client secret, code, verifier, opaque and JWT tokens, cookies).

#include "flow/Session.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace wb::test {

struct ReportSecrets {
    QString clientSecret = QStringLiteral("s3cr:t/+%pass-0123456789");
    QString code = QStringLiteral("SplxlOBeZQQYbYS6WxSbIAcodecodecode0123456789");
    QString verifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXkverifier");
    QString accessToken = QStringLiteral("opaque-access-token-2YotnFZFEjr1zCsicMWpAA");
    QString refreshToken = QStringLiteral("refresh-token-tGzv3JOkF0XG5Qx2TlKWIA-zzzz");
    QString idToken; // a JWS, built in the constructor
    QString idTokenSignature;
    QString cookie = QStringLiteral("sessioncookievalue-abcdefghijkl");
    ReportSecrets()
    {
        const QByteArray header =
            QByteArray(R"({"alg":"RS256","typ":"JWT","kid":"k1"})")
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const QByteArray payload =
            QByteArray(R"({"iss":"https://idp.example","sub":"user-1","aud":"client-1","nonce":"n-1",)"
                       R"("iat":1767323045,"exp":1767326645})")
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        idTokenSignature = QStringLiteral("c2lnbmF0dXJlLWJ5dGVzLWZvci10aGUtcmVwb3J0LXRlc3Qtb25seQSIGN");
        idToken = QString::fromLatin1(header + '.' + payload + '.') + idTokenSignature;
    }
    QStringList all() const
    {
        return {clientSecret, code, verifier, accessToken, refreshToken, idToken, idTokenSignature, cookie};
    }
};

inline Exchange sampleExchange(const QString &id, ExchangeRole role, const QString &method,
                               const QString &url, int status, const QDateTime &at)
{
    Exchange x;
    x.id = id;
    x.role = role;
    x.method = method;
    x.url = url;
    x.status = status;
    x.reason = status == 200 ? QStringLiteral("OK") : QStringLiteral("Bad Request");
    x.startedAt = at;
    x.durationMs = 25;
    return x;
}

inline Step sampleStep(const QString &id, StepKind kind, const QString &title, StepStatus status,
                       const QStringList &exchanges, const QDateTime &at)
{
    Step st;
    st.id = id;
    st.kind = kind;
    st.title = title;
    st.status = status;
    st.exchangeIds = exchanges;
    st.startedAt = at;
    st.durationMs = 30;
    st.summary = QStringLiteral("%1 done").arg(title);
    return st;
}

inline Session reportSample(const ReportSecrets &k = {})
{
    const QDateTime t0 = QDateTime::fromString(QStringLiteral("2026-01-02T03:04:05.678Z"), Qt::ISODateWithMs);
    Session s;
    s.id = QStringLiteral("sess-report-1");
    s.appVersion = QStringLiteral("0.9.0");
    s.startedAt = t0;
    s.finishedAt = t0.addSecs(4);
    s.profile.name = QStringLiteral("Example IdP");
    s.profile.issuer = QStringLiteral("https://idp.example");
    s.profile.tokenEndpoint = QStringLiteral("https://idp.example/token");
    s.profile.clientId = QStringLiteral("client-1");
    s.profile.clientSecret = k.clientSecret;
    s.profile.authMethod = ClientAuthMethod::ClientSecretBasic;
    s.profile.scope = QStringLiteral("openid offline_access");
    s.redirectUri = QStringLiteral("http://127.0.0.1:5000/callback");
    s.outcome = Outcome::Failed;

    Exchange disco =
        sampleExchange(QStringLiteral("x1"), ExchangeRole::Discovery, QStringLiteral("GET"),
                       QStringLiteral("https://idp.example/.well-known/openid-configuration"), 200, t0);
    disco.requestHeaders = {{"Accept", "application/json"}, {"Accept-Encoding", "gzip, deflate"}};
    disco.responseHeaders = {{"Content-Type", "application/json"}};
    disco.responseBody =
        R"({"issuer":"https://idp.example","token_endpoint":"https://idp.example/token","pad":")" +
        QByteArray(12000, 'p') + "\"}";
    disco.responseSize = disco.responseBody.size();
    disco.peer = QStringLiteral("192.0.2.10:443");

    Exchange cb = sampleExchange(
        QStringLiteral("x2"), ExchangeRole::Callback, QStringLiteral("GET"),
        QStringLiteral("http://127.0.0.1:5000/callback?code=%1&state=st-1&iss=https%3A%2F%2Fidp.example")
            .arg(k.code),
        200, t0.addSecs(2));
    cb.requestHeaders = {{"Host", "127.0.0.1:5000"}, {"Cookie", "wb=" + k.cookie.toUtf8() + "; theme=dark"}};
    cb.responseHeaders = {{"Content-Type", "text/html; charset=utf-8"}};
    cb.responseBody = "<html><body>You can close this window.</body></html>";
    cb.responseSize = cb.responseBody.size();
    cb.peer = QStringLiteral("127.0.0.1:40000");

    const QByteArray basic = ("client-1:" + QUrl::toPercentEncoding(k.clientSecret)).toBase64();
    Exchange token = sampleExchange(QStringLiteral("x3"), ExchangeRole::BackChannel, QStringLiteral("POST"),
                                    QStringLiteral("https://idp.example/token"), 200, t0.addSecs(3));
    token.requestHeaders = {{"Authorization", "Basic " + basic},
                            {"Content-Type", "application/x-www-form-urlencoded"},
                            {"Accept-Encoding", "gzip, deflate"}};
    token.requestBody =
        "grant_type=authorization_code&code=" + k.code.toUtf8() +
        "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcallback&code_verifier=" + k.verifier.toUtf8();
    token.responseHeaders = {
        {"Content-Type", "application/json"},
        {"Date", "Fri, 02 Jan 2026 03:06:13 GMT"},
        {"Set-Cookie", "_interaction=" + k.cookie.toUtf8() + "; Path=/; HttpOnly; Secure"}};
    token.responseBody =
        QStringLiteral(R"({"access_token":"%1","token_type":"Bearer","expires_in":3600,)"
                       R"("refresh_token":"%2","id_token":"%3","scope":"openid offline_access"})")
            .arg(k.accessToken, k.refreshToken, k.idToken)
            .toUtf8();
    token.responseSize = token.responseBody.size();

    Exchange refresh = sampleExchange(QStringLiteral("x4"), ExchangeRole::BackChannel, QStringLiteral("POST"),
                                      QStringLiteral("https://idp.example/token"), 400, t0.addSecs(4));
    refresh.requestHeaders = {{"Authorization", "Basic " + basic},
                              {"Content-Type", "application/x-www-form-urlencoded"}};
    refresh.requestBody = "grant_type=refresh_token&refresh_token=" + k.refreshToken.toUtf8();
    refresh.responseHeaders = {{"Content-Type", "application/json"}};
    refresh.responseBody =
        R"({"error":"invalid_grant","error_description":"grant request is invalid ``` <script>alert(1)</script>"})";
    refresh.responseSize = refresh.responseBody.size();
    s.exchanges = {disco, cb, token, refresh};

    Step discovery = sampleStep(QStringLiteral("s1"), StepKind::Discovery, QStringLiteral("Discovery"),
                                StepStatus::Succeeded, {QStringLiteral("x1")}, t0);
    Step authz =
        sampleStep(QStringLiteral("s2"), StepKind::AuthorizationRequest,
                   QStringLiteral("Authorization request"), StepStatus::Succeeded, {}, t0.addMSecs(100));
    authz.details = {
        {"pkce", {{"method", "S256"}, {"verifier", k.verifier.toStdString()}, {"challenge", "E9Melhoa"}}},
        {"state", "st-1"}};
    Step browser = sampleStep(QStringLiteral("s3"), StepKind::Browser, QStringLiteral("Browser"),
                              StepStatus::Succeeded, {}, t0.addMSecs(200));
    Step callback = sampleStep(QStringLiteral("s4"), StepKind::Callback, QStringLiteral("Callback"),
                               StepStatus::Succeeded, {QStringLiteral("x2")}, t0.addSecs(2));
    callback.details = {
        {"params",
         {{{"name", "code"}, {"value", k.code.toStdString()}}, {{"name", "state"}, {"value", "st-1"}}}}};
    Step exchange =
        sampleStep(QStringLiteral("s5"), StepKind::TokenExchange, QStringLiteral("Token exchange"),
                   StepStatus::Warning, {QStringLiteral("x3")}, t0.addSecs(3));
    exchange.details = {
        {"response", {{"access_token", k.accessToken.toStdString()}, {"token_type", "Bearer"}}},
        {"clock", {{"offset_seconds", 125}}}};
    exchange.warnings = {QStringLiteral("The server's clock is 125 s ahead of this machine's.")};
    Step refreshStep = sampleStep(QStringLiteral("s6"), StepKind::Refresh, QStringLiteral("Refresh"),
                                  StepStatus::Failed, {QStringLiteral("x4")}, t0.addSecs(4));
    refreshStep.error = Error::make(ErrorKind::Protocol, QStringLiteral("invalid_grant"),
                                    QStringLiteral("The server rejected the refresh token."));
    refreshStep.error.protocol =
        ProtocolError{QStringLiteral("invalid_grant"),
                      QStringLiteral("grant request is invalid ``` <script>alert(1)</script>"),
                      {},
                      400,
                      nlohmann::json::object()};
    s.steps = {discovery, authz, browser, callback, exchange, refreshStep};
    s.error = refreshStep.error;

    s.tokens.accessToken = k.accessToken;
    s.tokens.refreshToken = k.refreshToken;
    s.tokens.idToken = k.idToken;
    s.tokens.tokenType = QStringLiteral("Bearer");
    s.secretValues = {k.clientSecret, k.code, k.verifier, k.accessToken, k.refreshToken, k.idToken};
    return s;
}

// The same session as a reopened file sees it: no secretValues, no client secret.
inline Session reopened(Session s)
{
    s.secretValues.clear();
    s.profile.clientSecret.clear();
    return s;
}

} // namespace wb::test
