// One test per sandbox fault: each checks the observable answer a client gets, the way the real
// provider it imitates would give it. Plus the fault table and switching faults at runtime.

#include "tst_sandbox_support.h"

#include "jose/JwsVerifier.h"
#include "sandbox/SandboxFaults.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>

using namespace sbxtest;
using wb::SandboxFault;

namespace {

const QRegularExpression kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

} // namespace

class TestSandboxFaults : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void faultTable();
    void faultsChangeAtRuntime();

    void denyConsent();
    void invalidClient();
    void redirectUriMismatch();
    void expiredCode();
    void codeReplay();
    void pkceMismatch();
    void missingRefreshToken();
    void refreshRotationReuse();
    void refreshExpired();
    void clockSkew();
    void slowToken();
    void serverError();
    void htmlErrorPage();
    void nonstandard200Error();
    void formEncodedResponse();
    void wrongIss();
    void badIdTokenSignature();
    void stateTamper();
    void aadstsErrors();
    void aadstsErrorsCombined();

private:
    void enable(SandboxFault f) { h->server.setFaultEnabled(f, true); }
    std::unique_ptr<Harness> h;
};

void TestSandboxFaults::init()
{
    h = std::make_unique<Harness>();
    wb::SandboxConfig cfg;
    cfg.autoApprove = true;
    cfg.slowTokenDelayMs = 1200;
    QVERIFY(h->start(cfg));
}

void TestSandboxFaults::cleanup()
{
    h.reset();
}

void TestSandboxFaults::faultTable()
{
    const QStringList expected = {"deny_consent",
                                  "invalid_client",
                                  "redirect_uri_mismatch",
                                  "expired_code",
                                  "code_replay",
                                  "pkce_mismatch",
                                  "missing_refresh_token",
                                  "refresh_rotation_reuse",
                                  "refresh_expired",
                                  "clock_skew",
                                  "slow_token",
                                  "server_error",
                                  "html_error_page",
                                  "nonstandard_200_error",
                                  "form_encoded_response",
                                  "wrong_iss",
                                  "bad_id_token_signature",
                                  "state_tamper",
                                  "aadsts_errors"};
    QStringList names;
    for (const auto &info : wb::sandboxFaultTable()) {
        names << info.name;
        QVERIFY2(!info.description.isEmpty() && !info.endpoint.isEmpty(), qPrintable(info.name));
        QCOMPARE(wb::sandboxFaultFromName(info.name), std::optional<SandboxFault>(info.fault));
        QCOMPARE(wb::toString(info.fault), info.name);
    }
    QCOMPARE(names, expected);

    QStringList unknown;
    const auto set =
        wb::SandboxFaultSet::fromNames({"slow_token", "nope", "code_replay", "Code_Replay"}, &unknown);
    QCOMPARE(set.names(), QStringList({"code_replay", "slow_token"}));
    QCOMPARE(unknown, QStringList({"nope", "Code_Replay"}));
}

void TestSandboxFaults::faultsChangeAtRuntime()
{
    QList<wb::SandboxFaultSet> seen;
    connect(&h->server, &wb::SandboxServer::faultsChanged, this,
            [&](const wb::SandboxFaultSet &f) { seen << f; });
    QCOMPARE(h->postForm("/token", {{"grant_type", "client_credentials"}},
                         {{"Authorization", Harness::basic("sandbox-basic", "sandbox-secret")}})
                 .status,
             200);
    enable(SandboxFault::ServerError);
    QCOMPARE(h->postForm("/token", {{"grant_type", "client_credentials"}}).status, 503);
    h->server.setFaultEnabled(SandboxFault::ServerError, false);
    QCOMPARE(h->postForm("/token", {{"grant_type", "client_credentials"}},
                         {{"Authorization", Harness::basic("sandbox-basic", "sandbox-secret")}})
                 .status,
             200);
    QCOMPARE(seen.size(), 2);
    QVERIFY(seen[0].contains(SandboxFault::ServerError));
    QVERIFY(seen[1].isEmpty());
}

void TestSandboxFaults::denyConsent()
{
    enable(SandboxFault::DenyConsent);
    const HttpResult r = h->authorize();
    QCOMPARE(r.status, 302);
    const QUrlQuery q = r.locationQuery();
    QCOMPARE(q.queryItemValue("error"), QString("access_denied"));
    QCOMPARE(q.queryItemValue("state"), QString("st-123"));
    QCOMPARE(q.queryItemValue("iss", QUrl::FullyDecoded), h->issuer());
    QVERIFY(!q.hasQueryItem("code"));
}

void TestSandboxFaults::invalidClient()
{
    enable(SandboxFault::InvalidClient);
    HttpResult r = h->postForm("/token", {{"grant_type", "client_credentials"}},
                               {{"Authorization", Harness::basic("sandbox-basic", "sandbox-secret")}});
    QCOMPARE(r.status, 401);
    QCOMPARE(r.jsonString("error"), QString("invalid_client"));
    QVERIFY(r.header("WWW-Authenticate").startsWith("Basic realm="));
    // The public client's code exchange fails the same way.
    r = h->exchange(h->code());
    QCOMPARE(r.status, 401);
    QCOMPARE(r.jsonString("error"), QString("invalid_client"));
    QVERIFY(r.header("WWW-Authenticate").isEmpty());
}

void TestSandboxFaults::redirectUriMismatch()
{
    // Obtained before the fault, exchanged after: the token endpoint checks registration too.
    const QString earlier = h->code();
    enable(SandboxFault::RedirectUriMismatch);
    const HttpResult page = h->authorize();
    QCOMPARE(page.status, 400);
    QVERIFY(page.header("Location").isEmpty());
    QVERIFY(page.body.contains("Error 400: redirect_uri_mismatch"));
    QVERIFY(page.body.contains("Registered: http://127.0.0.1/callback/ (any port)"));
    QVERIFY(page.body.contains("Sent: http://127.0.0.1:50505/callback"));
    // With the slash the client would match again.
    QCOMPARE(h->authorize({{"redirect_uri", "http://127.0.0.1:50505/callback/"}}).status, 302);

    const HttpResult r = h->exchange(earlier);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QVERIFY(r.jsonString("error_description").contains("not registered"));
}

void TestSandboxFaults::expiredCode()
{
    enable(SandboxFault::ExpiredCode);
    const HttpResult r = h->exchange(h->code());
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QVERIFY(r.jsonString("error_description").contains("authorization code has expired"));
}

void TestSandboxFaults::codeReplay()
{
    enable(SandboxFault::CodeReplay);
    const HttpResult r = h->exchange(h->code());
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QCOMPARE(r.jsonString("error_description"), QString("authorization code has already been used"));
    QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));
}

void TestSandboxFaults::pkceMismatch()
{
    enable(SandboxFault::PkceMismatch);
    const HttpResult r = h->exchange(h->code()); // the right verifier
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QVERIFY(r.jsonString("error_description").contains("PKCE verification failed"));
}

void TestSandboxFaults::missingRefreshToken()
{
    enable(SandboxFault::MissingRefreshToken);
    const HttpResult r = h->exchange(h->code());
    QCOMPARE(r.status, 200);
    const json t = r.toJson();
    QVERIFY(t.contains("access_token"));
    QVERIFY(t.contains("id_token"));
    QVERIFY(!t.contains("refresh_token"));
    QVERIFY(str(t, "scope").contains("offline_access")); // asked for, still not given
}

void TestSandboxFaults::refreshRotationReuse()
{
    const json t = h->exchange(h->code()).toJson();
    enable(SandboxFault::RefreshRotationReuse);
    const HttpResult r = h->refresh(str(t, "refresh_token"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QVERIFY(r.jsonString("error_description").contains("Reuse detected"));
    // The whole family is gone, the access token too.
    COMPARE_JSON(h->introspect(str(t, "access_token")).toJson()["active"], json(false));
}

void TestSandboxFaults::refreshExpired()
{
    const json t = h->exchange(h->code()).toJson();
    enable(SandboxFault::RefreshExpired);
    const HttpResult r = h->refresh(str(t, "refresh_token"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QCOMPARE(r.jsonString("error_description"), QString("The refresh token has expired."));
}

void TestSandboxFaults::clockSkew()
{
    enable(SandboxFault::ClockSkew);
    const HttpResult r = h->exchange(h->code());
    QCOMPARE(r.status, 200);
    // Fake clock: 2025-03-14 15:09:26 UTC, so the server claims 15:19:26.
    QCOMPARE(r.header("Date"), QByteArray("Fri, 14 Mar 2025 15:19:26 GMT"));
    const json c = payloadOf(r.jsonString("id_token"));
    const qint64 now = h->now.toSecsSinceEpoch();
    QCOMPARE(c["iat"].get<qint64>(), now + 600);
    QCOMPARE(c["exp"].get<qint64>(), now + 600 + 3600);
    QCOMPARE(c["auth_time"].get<qint64>(), now + 600);
    // Without the fault the Date header tells the truth.
    h->server.setFaultEnabled(SandboxFault::ClockSkew, false);
    QCOMPARE(h->get("/jwks").header("Date"), QByteArray("Fri, 14 Mar 2025 15:09:26 GMT"));
}

void TestSandboxFaults::slowToken()
{
    enable(SandboxFault::SlowToken);
    const QString code = h->code();
    QElapsedTimer timer;
    timer.start();
    const HttpResult r = h->exchange(code);
    QVERIFY2(timer.elapsed() >= 1200, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(r.status, 200); // slow, not broken
    QVERIFY(r.toJson().contains("access_token"));
    // Other endpoints are not delayed.
    timer.restart();
    QCOMPARE(h->get("/jwks").status, 200);
}

void TestSandboxFaults::serverError()
{
    enable(SandboxFault::ServerError);
    const HttpResult r = h->exchange(h->code());
    QCOMPARE(r.status, 503);
    QCOMPARE(r.header("Retry-After"), QByteArray("30"));
    QCOMPARE(r.jsonString("error"), QString("temporarily_unavailable"));
}

void TestSandboxFaults::htmlErrorPage()
{
    enable(SandboxFault::HtmlErrorPage);
    const HttpResult r = h->exchange(h->code());
    QCOMPARE(r.status, 502);
    QCOMPARE(r.header("Content-Type"), QByteArray("text/html"));
    QCOMPARE(r.header("Server"), QByteArray("nginx"));
    QVERIFY(r.body.contains("<title>502 Bad Gateway</title>"));
    QVERIFY(r.toJson().is_discarded()); // not JSON at all
}

void TestSandboxFaults::nonstandard200Error()
{
    enable(SandboxFault::Nonstandard200Error);
    const HttpResult r = h->exchange(h->code());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray(R"({"error":"invalid_code","ok":false})"));
    COMPARE_JSON(r.toJson(), json({{"ok", false}, {"error", "invalid_code"}}));
}

void TestSandboxFaults::formEncodedResponse()
{
    enable(SandboxFault::FormEncodedResponse);
    const HttpResult r = h->exchange(h->code());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/x-www-form-urlencoded; charset=utf-8"));
    const QUrlQuery q(QString::fromLatin1(r.body));
    QVERIFY(q.queryItemValue("access_token").startsWith("sbx_at_"));
    QVERIFY(q.queryItemValue("refresh_token").startsWith("sbx_rt_"));
    QCOMPARE(q.queryItemValue("token_type"), QString("bearer"));
    QCOMPARE(q.queryItemValue("expires_in"), QString("3600"));
    QCOMPARE(q.queryItemValue("scope", QUrl::FullyDecoded), QString("openid profile email offline_access"));
    QCOMPARE(q.queryItemValue("id_token").count('.'), 2);

    // GitHub answers errors with 200 and its own error names.
    const HttpResult e = h->exchange("sbx_ac_bogus");
    QCOMPARE(e.status, 200);
    const QUrlQuery eq(QString::fromLatin1(e.body));
    QCOMPARE(eq.queryItemValue("error"), QString("bad_verification_code"));
    QCOMPARE(eq.queryItemValue("error_description", QUrl::FullyDecoded),
             QString("The code passed is incorrect or expired."));
    QVERIFY(eq.queryItemValue("error_uri", QUrl::FullyDecoded).startsWith("https://docs.github.com/"));

    // Like GitHub, Accept: application/json gets JSON: the fix the workbench suggests works.
    const QList<QPair<QString, QString>> form = {{"grant_type", "authorization_code"},
                                                 {"code", h->code()},
                                                 {"redirect_uri", "http://127.0.0.1:50505/callback"},
                                                 {"client_id", "sandbox-public"},
                                                 {"code_verifier", kVerifier}};
    const HttpResult j = h->postForm("/token", form, {{"Accept", "application/json"}});
    QCOMPARE(j.status, 200);
    QVERIFY(j.header("Content-Type").startsWith("application/json"));
    QVERIFY(j.jsonString("access_token").startsWith("sbx_at_"));
    QCOMPARE(j.jsonString("token_type"), QString("bearer"));
    const HttpResult je = h->postForm("/token", form, {{"Accept", "application/json"}}); // replayed code
    QCOMPARE(je.status, 200);
    QCOMPARE(je.jsonString("error"), QString("bad_verification_code"));
}

void TestSandboxFaults::wrongIss()
{
    enable(SandboxFault::WrongIss);
    const HttpResult r = h->authorize();
    const QString iss = r.locationQuery().queryItemValue("iss", QUrl::FullyDecoded);
    QCOMPARE(iss, QString("http://localhost:%1").arg(h->server.port()));
    QVERIFY(iss != h->issuer());
    QCOMPARE(str(h->get("/.well-known/openid-configuration").toJson(), "issuer"), h->issuer());
    QVERIFY(r.locationQuery().hasQueryItem("code"));
}

void TestSandboxFaults::badIdTokenSignature()
{
    const json jwks = h->get("/jwks").toJson();
    const QString good = h->exchange(h->code()).jsonString("id_token");
    QVERIFY(wb::jose::JwsVerifier::verify(good.toLatin1(), jwks).ok);

    enable(SandboxFault::BadIdTokenSignature);
    const QString bad = h->exchange(h->code()).jsonString("id_token");
    const auto v = wb::jose::JwsVerifier::verify(bad.toLatin1(), jwks);
    QVERIFY(!v.ok);
    QCOMPARE(v.error, QString("signature does not verify"));
    // Same kid as a published key, claims intact: only the signature is wrong.
    QCOMPARE(str(v.header, "kid"), str(jwks["keys"][0], "kid"));
    QCOMPARE(str(v.payload, "iss"), h->issuer());
    QCOMPARE(str(v.payload, "nonce"), QString("n-456"));
}

void TestSandboxFaults::stateTamper()
{
    enable(SandboxFault::StateTamper);
    const QUrlQuery q = h->authorize().locationQuery();
    const QString state = q.queryItemValue("state");
    QVERIFY(!state.isEmpty());
    QVERIFY(state != "st-123");
    QVERIFY(q.hasQueryItem("code"));
}

void TestSandboxFaults::aadstsErrors()
{
    enable(SandboxFault::AadstsErrors);
    const HttpResult r = h->exchange(h->code());
    QCOMPARE(r.status, 400);
    const json e = r.toJson();
    QCOMPARE(str(e, "error"), QString("invalid_grant"));
    QVERIFY(str(e, "error_description")
                .startsWith("AADSTS70008: The provided authorization code or refresh token has expired"));
    COMPARE_JSON(e["error_codes"], json::array({70008}));
    QVERIFY(kUuid.match(str(e, "trace_id")).hasMatch());
    QVERIFY(kUuid.match(str(e, "correlation_id")).hasMatch());
    QVERIFY(str(e, "trace_id") != str(e, "correlation_id"));
    QCOMPARE(str(e, "timestamp"), QString("2025-03-14 15:09:26Z"));
    QVERIFY(str(e, "error_description").contains("Trace ID: " + str(e, "trace_id")));
    QCOMPARE(str(e, "error_uri"), QString("https://login.microsoftonline.com/error?code=70008"));
}

void TestSandboxFaults::aadstsErrorsCombined()
{
    // With another fault, that fault's error comes in Entra's words.
    const QString code = h->code();
    h->server.setFaults({SandboxFault::AadstsErrors, SandboxFault::CodeReplay});
    HttpResult r = h->exchange(code);
    COMPARE_JSON(r.toJson()["error_codes"], json::array({54005}));
    QVERIFY(r.jsonString("error_description")
                .startsWith("AADSTS54005: OAuth2 Authorization code was already redeemed"));

    h->server.setFaults({SandboxFault::AadstsErrors, SandboxFault::PkceMismatch});
    r = h->exchange(h->code());
    COMPARE_JSON(r.toJson()["error_codes"], json::array({501481}));

    h->server.setFaults({SandboxFault::AadstsErrors, SandboxFault::DenyConsent});
    const QUrlQuery q = h->authorize().locationQuery();
    QCOMPARE(q.queryItemValue("error"), QString("access_denied"));
    QVERIFY(q.queryItemValue("error_description", QUrl::FullyDecoded).startsWith("AADSTS65004:"));

    // Unknown app: Entra says unauthorized_client with 400.
    h->server.setFaults({SandboxFault::AadstsErrors});
    r = h->postForm("/token", {{"grant_type", "client_credentials"}},
                    {{"Authorization", Harness::basic("ghost", "x")}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("unauthorized_client"));
    QVERIFY(
        r.jsonString("error_description").startsWith("AADSTS700016: Application with identifier 'ghost'"));
}

QTEST_GUILESS_MAIN(TestSandboxFaults)
#include "tst_sandbox_faults.moc"
