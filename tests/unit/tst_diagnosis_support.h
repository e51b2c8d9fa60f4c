#pragma once
// Builds sessions the way AuthCodeFlow records them, from fixtures under tests/data/diagnosis/,
// so each diagnosis rule can be tested without a server.

#include "flow/FlowDetails.h"
#include "flow/Session.h"
#include "oauth/Pkce.h"
#include "oauth/TokenResponse.h"
#include "util/JsonQt.h"

#include <QFile>
#include <QtTest>

namespace wbtest {

using namespace wb;

inline nlohmann::json loadFixture(const QString &name)
{
    QFile f(QStringLiteral(WB_TEST_DATA_DIR "/diagnosis/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return nlohmann::json::parse(f.readAll().toStdString());
}

struct SessionBuilder {
    Session s;
    QDateTime t0 = QDateTime(QDate(2025, 3, 14), QTime(15, 9, 26), Qt::UTC);
    QString redirectUri = QStringLiteral("http://127.0.0.1:8765/callback");
    QByteArray verifier = QByteArray(50, 'v');
    QString code = QStringLiteral("code-abc-123");

    SessionBuilder()
    {
        s.id = QStringLiteral("test");
        s.startedAt = t0;
        s.redirectUri = redirectUri;
        s.profile.clientId = QStringLiteral("client-1");
        s.profile.issuer = QStringLiteral("https://idp.example");
        s.profile.tokenEndpoint = QStringLiteral("https://idp.example/token");
        Step auth;
        auth.id = QStringLiteral("s1");
        auth.kind = StepKind::AuthorizationRequest;
        auth.title = QStringLiteral("Authorization request");
        auth.status = StepStatus::Succeeded;
        const PkcePair pkce = Pkce::fromVerifier(verifier, PkceMethod::S256);
        auth.details = {
            {"params", flowdetails::params({{QStringLiteral("client_id"), QStringLiteral("client-1")},
                                            {QStringLiteral("redirect_uri"), redirectUri}})},
            {"listening_on", "127.0.0.1:8765"},
            {"pkce",
             {{"method", "S256"},
              {"verifier", verifier.toStdString()},
              {"challenge", pkce.challenge.toStdString()}}}};
        s.steps.append(auth);
    }

    Exchange &addExchange(const QString &id, ExchangeRole role, const QDateTime &at)
    {
        Exchange x;
        x.id = id;
        x.role = role;
        x.startedAt = at;
        s.exchanges.append(x);
        return s.exchanges.last();
    }

    void callback(const ParamList &params = {})
    {
        Step cb;
        cb.id = QStringLiteral("s2");
        cb.kind = StepKind::Callback;
        cb.title = QStringLiteral("Callback");
        cb.status = StepStatus::Succeeded;
        Exchange &x = addExchange(QStringLiteral("x1"), ExchangeRole::Callback, t0);
        x.method = QStringLiteral("GET");
        x.url = redirectUri + QStringLiteral("?code=") + code;
        x.status = 200;
        cb.exchangeIds = {x.id};
        cb.details = {{"params", flowdetails::params(
                                     params.isEmpty() ? ParamList{{QStringLiteral("code"), code}} : params)}};
        s.steps.append(cb);
    }

    // A token step answered by `fixture`; `form` is the request as sent (defaults to a correct one).
    Step &tokenStep(const nlohmann::json &fixture, qint64 delaySeconds = 1, ParamList form = {})
    {
        const bool refresh = jsonString(fixture, "grant") == u"refresh_token";
        if (!jsonString(fixture, "issuer").isEmpty() || fixture.contains("token_endpoint"))
            s.profile.issuer = jsonString(fixture, "issuer");
        if (fixture.contains("token_endpoint"))
            s.profile.tokenEndpoint = jsonString(fixture, "token_endpoint");
        if (!refresh)
            callback();
        if (form.isEmpty()) {
            form = refresh ? ParamList{{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                       {QStringLiteral("refresh_token"), QStringLiteral("rt-1")}}
                           : ParamList{{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                       {QStringLiteral("code"), code},
                                       {QStringLiteral("redirect_uri"), redirectUri},
                                       {QStringLiteral("code_verifier"), QString::fromLatin1(verifier)},
                                       {QStringLiteral("client_id"), QStringLiteral("client-1")}};
        }
        Step st;
        st.id = QStringLiteral("s%1").arg(s.steps.size() + 1);
        st.kind = refresh ? StepKind::Refresh : StepKind::TokenExchange;
        st.title = refresh ? QStringLiteral("Refresh") : QStringLiteral("Token exchange");
        Exchange &x = addExchange(QStringLiteral("x%1").arg(s.exchanges.size() + 1),
                                  ExchangeRole::BackChannel, t0.addSecs(delaySeconds));
        x.method = QStringLiteral("POST");
        x.url = s.profile.tokenEndpoint;
        QByteArray body;
        for (const auto &[k, v] : form)
            body +=
                (body.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v);
        x.requestBody = body;
        x.requestHeaders = {{"Content-Type", "application/x-www-form-urlencoded"},
                            {"Accept", "application/json"}};
        x.status = jsonInt(fixture, "status");
        x.responseHeaders = {{"Content-Type", jsonString(fixture, "content_type").toUtf8()}};
        if (fixture.contains("retry_after"))
            x.responseHeaders.append({"Retry-After", jsonString(fixture, "retry_after").toUtf8()});
        x.responseBody = jsonString(fixture, "body").toUtf8();
        st.exchangeIds = {x.id};
        st.details["request_form"] = flowdetails::params(form);
        const TokenResponse r = parseTokenResponse(x.status, x.responseHeaders, x.responseBody, x.startedAt);
        st.details["response_format"] = toStd(toString(r.format));
        st.details["response"] = r.members;
        st.error = r.error;
        st.status = r.error.isError() ? StepStatus::Failed : StepStatus::Succeeded;
        if (r.error.isError()) {
            s.outcome = Outcome::Failed;
            s.error = r.error;
        } else {
            s.outcome = Outcome::Succeeded;
            s.tokens = r.tokens;
        }
        s.steps.append(st);
        return s.steps.last();
    }

    // After the callback: a token step whose only exchange (x2) failed at the transport level.
    Step &failedTokenStep(TransportError err, const QString &code, const QString &message,
                          const QStringList &tlsErrors = {})
    {
        callback();
        Step st;
        st.id = QStringLiteral("s3");
        st.kind = StepKind::TokenExchange;
        st.title = QStringLiteral("Token exchange");
        st.status = StepStatus::Failed;
        Exchange &x = addExchange(QStringLiteral("x2"), ExchangeRole::BackChannel, t0.addSecs(1));
        x.method = QStringLiteral("POST");
        x.url = QStringLiteral("https://idp.example/token");
        x.transportError = err;
        x.errorMessage = message;
        x.tlsErrors = tlsErrors;
        st.exchangeIds = {x.id};
        st.error = Error::make(err == TransportError::TooLarge ? ErrorKind::Http : ErrorKind::Network, code,
                               QStringLiteral("The token request: ") + message);
        s.steps.append(st);
        s.outcome = Outcome::Failed;
        s.error = st.error;
        return s.steps.last();
    }
};

inline const Finding *findCode(const QList<Finding> &fs, const QString &code)
{
    for (const Finding &f : fs)
        if (f.code == code)
            return &f;
    return nullptr;
}

inline QString codes(const QList<Finding> &fs)
{
    QStringList out;
    for (const Finding &f : fs)
        out.append(f.code);
    return out.join(QStringLiteral(", "));
}

} // namespace wbtest
