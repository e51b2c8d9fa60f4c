// The sandbox's client authentication and token-management endpoints over real HTTP:
// client_credentials, Basic/POST/none authentication failures, /token request validation,
// revocation, introspection and userinfo.

#include "tst_sandbox_support.h"

using namespace sbxtest;

class TestSandboxClients : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void clientCredentialsAndClientAuth();
    void revokeThenIntrospect();
    void userinfo();
    void tokenEndpointRequestErrors();

private:
    std::unique_ptr<Harness> h;
    json tokens();
};

void TestSandboxClients::init()
{
    h = std::make_unique<Harness>();
    wb::SandboxConfig cfg;
    cfg.autoApprove = true;
    QVERIFY(h->start(cfg));
}

void TestSandboxClients::cleanup()
{
    h.reset();
}

json TestSandboxClients::tokens()
{
    const HttpResult r = h->exchange(h->code());
    if (r.status != 200)
        qWarning() << "token exchange failed:" << r.status << r.body;
    return r.toJson();
}

void TestSandboxClients::clientCredentialsAndClientAuth()
{
    const auto basic = Harness::basic("sandbox-basic", "sandbox-secret");
    HttpResult r = h->postForm("/token", {{"grant_type", "client_credentials"}}, {{"Authorization", basic}});
    QCOMPARE(r.status, 200);
    json t = r.toJson();
    QCOMPARE(str(t, "scope"), QString("api.read"));
    QVERIFY(!t.contains("refresh_token"));
    QVERIFY(!t.contains("id_token"));
    QCOMPARE(str(h->introspect(str(t, "access_token")).toJson(), "client_id"), QString("sandbox-basic"));

    r = h->postForm("/token", {{"grant_type", "client_credentials"},
                               {"client_id", "sandbox-post"},
                               {"client_secret", "sandbox-secret"},
                               {"scope", "api.read api.write"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.jsonString("scope"), QString("api.read api.write"));

    // Public client: not allowed.
    r = h->postForm("/token", {{"grant_type", "client_credentials"}, {"client_id", "sandbox-public"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("unauthorized_client"));

    // Wrong secret over Basic: 401 with a Basic challenge.
    r = h->postForm("/token", {{"grant_type", "client_credentials"}},
                    {{"Authorization", Harness::basic("sandbox-basic", "wrong")}});
    QCOMPARE(r.status, 401);
    QCOMPARE(r.jsonString("error"), QString("invalid_client"));
    QVERIFY(r.header("WWW-Authenticate").startsWith("Basic realm=\"sandbox\""));

    // Wrong secret in the body: 401, no Basic challenge.
    r = h->postForm(
        "/token",
        {{"grant_type", "client_credentials"}, {"client_id", "sandbox-post"}, {"client_secret", "nope"}});
    QCOMPARE(r.status, 401);
    QVERIFY(r.header("WWW-Authenticate").isEmpty());

    // The Basic client sending its secret in the body: registered method mismatch.
    r = h->postForm("/token", {{"grant_type", "client_credentials"},
                               {"client_id", "sandbox-basic"},
                               {"client_secret", "sandbox-secret"}});
    QCOMPARE(r.status, 401);
    QVERIFY(r.jsonString("error_description").contains("registered for client_secret_basic"));

    // Both methods at once.
    r = h->postForm("/token", {{"grant_type", "client_credentials"}, {"client_secret", "sandbox-secret"}},
                    {{"Authorization", basic}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_request"));

    // Bad Basic encoding and unknown clients.
    r = h->postForm("/token", {{"grant_type", "client_credentials"}}, {{"Authorization", "Basic !!!"}});
    QCOMPARE(r.status, 401);
    r = h->postForm("/token", {{"grant_type", "client_credentials"}},
                    {{"Authorization", Harness::basic("who", "x")}});
    QCOMPARE(r.status, 401);
    QVERIFY(r.jsonString("error_description").contains("Unknown client_id 'who'"));
}

void TestSandboxClients::revokeThenIntrospect()
{
    const json t = tokens();
    const QString access = str(t, "access_token");
    const json active = h->introspect(access).toJson();
    COMPARE_JSON(active["active"], json(true));
    QCOMPARE(str(active, "sub"), QString("sandbox-user"));
    QCOMPARE(str(active, "client_id"), QString("sandbox-public"));
    QCOMPARE(str(active, "token_type"), QString("Bearer"));
    QCOMPARE(active["exp"].get<qint64>(), h->now.toSecsSinceEpoch() + 3600);

    HttpResult r = h->postForm("/revoke", {{"token", access}, {"client_id", "sandbox-public"}});
    QCOMPARE(r.status, 200);
    COMPARE_JSON(h->introspect(access).toJson(), json({{"active", false}}));

    // Revoking a refresh token revokes its grant (RFC 7009 2.1), and unknown tokens still get 200.
    const json t2 = tokens();
    r = h->postForm("/revoke", {{"token", str(t2, "refresh_token")},
                                {"token_type_hint", "refresh_token"},
                                {"client_id", "sandbox-public"}});
    QCOMPARE(r.status, 200);
    COMPARE_JSON(h->introspect(str(t2, "access_token")).toJson()["active"], json(false));
    QCOMPARE(h->postForm("/revoke", {{"token", "nope"}, {"client_id", "sandbox-public"}}).status, 200);

    // Introspection needs a confidential client.
    r = h->postForm("/introspect", {{"token", access}, {"client_id", "sandbox-public"}});
    QCOMPARE(r.status, 401);
    QCOMPARE(r.jsonString("error"), QString("invalid_client"));
    COMPARE_JSON(h->introspect("garbage").toJson(), json({{"active", false}}));
}

void TestSandboxClients::userinfo()
{
    HttpResult r = h->get("/userinfo");
    QCOMPARE(r.status, 401);
    QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer realm=\"sandbox\""));

    r = h->get("/userinfo", {{"Authorization", "Bearer sbx_at_nope"}});
    QCOMPARE(r.status, 401);
    QVERIFY(r.header("WWW-Authenticate").contains("error=\"invalid_token\""));
    QCOMPARE(r.jsonString("error"), QString("invalid_token"));

    const json t = tokens();
    r = h->get("/userinfo", {{"Authorization", "Bearer " + QByteArray::fromStdString(t["access_token"])}});
    QCOMPARE(r.status, 200);
    COMPARE_JSON(r.toJson(), json({{"sub", "sandbox-user"},
                                   {"name", "sandbox-user"},
                                   {"preferred_username", "sandbox-user"},
                                   {"email", "sandbox-user@sandbox.test"},
                                   {"email_verified", true}}));

    const json cc = h->postForm("/token", {{"grant_type", "client_credentials"}},
                                {{"Authorization", Harness::basic("sandbox-basic", "sandbox-secret")}})
                        .toJson();
    r = h->get("/userinfo", {{"Authorization", "Bearer " + QByteArray::fromStdString(cc["access_token"])}});
    QCOMPARE(r.status, 403);
    QVERIFY(r.header("WWW-Authenticate").contains("insufficient_scope"));

    // Expired access tokens are refused.
    h->now = h->now.addSecs(3600);
    r = h->get("/userinfo", {{"Authorization", "Bearer " + QByteArray::fromStdString(t["access_token"])}});
    QCOMPARE(r.status, 401);
}

void TestSandboxClients::tokenEndpointRequestErrors()
{
    HttpResult r = h->get("/token");
    QCOMPARE(r.status, 405);
    QCOMPARE(r.header("Allow"), QByteArray("POST"));

    r = h->send("POST", "/token", R"({"grant_type":"client_credentials"})",
                {{"Content-Type", "application/json"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_request"));

    r = h->postForm("/token", {{"client_id", "sandbox-public"}});
    QCOMPARE(r.jsonString("error"), QString("invalid_request"));
    QVERIFY(r.jsonString("error_description").contains("grant_type"));

    r = h->postForm("/token", {{"grant_type", "password"}, {"client_id", "sandbox-public"}});
    QCOMPARE(r.jsonString("error"), QString("unsupported_grant_type"));

    r = h->postForm("/token", {{"grant_type", "authorization_code"},
                               {"code", "a"},
                               {"code", "b"},
                               {"client_id", "sandbox-public"}});
    QCOMPARE(r.jsonString("error"), QString("invalid_request"));
    QVERIFY(r.jsonString("error_description").contains("'code' was sent more than once"));

    r = h->exchange("sbx_ac_unknown");
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));

    // A code issued to another client is useless to this one.
    const QString code = h->code({{"client_id", "sandbox-post"}});
    r = h->postForm("/token", {{"grant_type", "authorization_code"},
                               {"code", code},
                               {"redirect_uri", "http://127.0.0.1:50505/callback"},
                               {"client_id", "sandbox-public"},
                               {"code_verifier", kVerifier}});
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QVERIFY(r.jsonString("error_description").contains("another client"));
}

QTEST_GUILESS_MAIN(TestSandboxClients)
#include "tst_sandbox_clients.moc"
