// Drives the sandbox authorization server over real HTTP: discovery, JWKS, authorize (auto-approve
// and the login page), code exchange with PKCE, replay, redirect_uri rules, refresh rotation and
// reuse detection, client_credentials and client authentication, revocation, introspection and
// userinfo. Faults are in tst_sandbox_faults, hostile input in tst_sandbox_hardening.

#include "tst_sandbox_support.h"

#include "jose/JwsVerifier.h"
#include "sandbox/SandboxClients.h"

#include <QRegularExpression>

using namespace sbxtest;

class TestSandbox : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void discovery();
    void jwks();
    void authorizeAutoApprove_data();
    void authorizeAutoApprove();
    void loginPageAllow();
    void loginPageDenyAndValidation();
    void codeExchangeS256();
    void codeExchangeEs256IdToken();
    void codeExchangePlainPkce();
    void codeReplayRevokesTokens();
    void pkceFailures();
    void redirectUriTrailingSlash();
    void redirectUriMatching_data();
    void redirectUriMatching();
    void codeExpiresAfter60Seconds();
    void refreshRotationAndReuseDetection();
    void refreshTokenExpiresWithClock();
    void responseModes();
    void authorizeRequestErrors();

private:
    std::unique_ptr<Harness> h;
    json tokens(const QString &code = {});
};

void TestSandbox::init()
{
    h = std::make_unique<Harness>();
    wb::SandboxConfig cfg;
    cfg.autoApprove = true;
    QVERIFY(h->start(cfg));
}

void TestSandbox::cleanup()
{
    h.reset();
}

json TestSandbox::tokens(const QString &code)
{
    const HttpResult r = h->exchange(code.isEmpty() ? h->code() : code);
    if (r.status != 200)
        qWarning() << "token exchange failed:" << r.status << r.body;
    return r.toJson();
}

void TestSandbox::discovery()
{
    const HttpResult r = h->get("/.well-known/openid-configuration");
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("Content-Type").startsWith("application/json"));
    const json d = r.toJson();
    const QString iss = h->issuer();
    QVERIFY(QRegularExpression("^http://127\\.0\\.0\\.1:[0-9]+$").match(iss).hasMatch());
    QCOMPARE(str(d, "issuer"), iss);
    QCOMPARE(str(d, "authorization_endpoint"), iss + "/authorize");
    QCOMPARE(str(d, "token_endpoint"), iss + "/token");
    QCOMPARE(str(d, "jwks_uri"), iss + "/jwks");
    QCOMPARE(str(d, "userinfo_endpoint"), iss + "/userinfo");
    QCOMPARE(str(d, "revocation_endpoint"), iss + "/revoke");
    QCOMPARE(str(d, "introspection_endpoint"), iss + "/introspect");
    COMPARE_JSON(d["authorization_response_iss_parameter_supported"], json(true));
    COMPARE_JSON(d["code_challenge_methods_supported"], json::array({"S256", "plain"}));
    COMPARE_JSON(d["response_types_supported"], json::array({"code"}));
    COMPARE_JSON(d["id_token_signing_alg_values_supported"], json::array({"RS256", "ES256"}));
    COMPARE_JSON(d["token_endpoint_auth_methods_supported"],
                 json::array({"client_secret_basic", "client_secret_post", "none"}));
    // RFC 8414 path serves the same document.
    COMPARE_JSON(h->get("/.well-known/oauth-authorization-server").toJson(), d);
    QCOMPARE(h->server.discoveryUrl(), iss + "/.well-known/openid-configuration");
}

void TestSandbox::jwks()
{
    const HttpResult r = h->get("/jwks");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/jwk-set+json"));
    const json keys = r.toJson()["keys"];
    QCOMPARE(keys.size(), size_t(2));
    QCOMPARE(str(keys[0], "kty"), QString("RSA"));
    QCOMPARE(str(keys[0], "alg"), QString("RS256"));
    QCOMPARE(str(keys[0], "e"), QString("AQAB"));
    QCOMPARE(QByteArray::fromBase64(str(keys[0], "n").toLatin1(), QByteArray::Base64UrlEncoding).size(), 256);
    QCOMPARE(str(keys[1], "kty"), QString("EC"));
    QCOMPARE(str(keys[1], "crv"), QString("P-256"));
    QCOMPARE(str(keys[1], "alg"), QString("ES256"));
    for (const auto &k : keys) {
        QCOMPARE(str(k, "use"), QString("sig"));
        QVERIFY(!str(k, "kid").isEmpty());
        QVERIFY(!k.contains("d"));
    }
    QVERIFY(str(keys[0], "kid") != str(keys[1], "kid"));
}

void TestSandbox::authorizeAutoApprove_data()
{
    QTest::addColumn<QString>("redirectUri");
    QTest::newRow("127.0.0.1") << "http://127.0.0.1:50505/callback";
    QTest::newRow("localhost") << "http://localhost:1234/callback";
    QTest::newRow("[::1]") << "http://[::1]:65535/callback";
    QTest::newRow("no port") << "http://127.0.0.1/callback";
}

void TestSandbox::authorizeAutoApprove()
{
    QFETCH(QString, redirectUri);
    const HttpResult r = h->authorize({{"redirect_uri", redirectUri}, {"state", "a b+c&d"}});
    QCOMPARE(r.status, 302);
    const QString location = QString::fromUtf8(r.header("Location"));
    QVERIFY2(location.startsWith(redirectUri + "?"), qPrintable(location));
    const QUrlQuery q = r.locationQuery();
    QVERIFY(q.queryItemValue("code").startsWith("sbx_ac_"));
    QCOMPARE(q.queryItemValue("state", QUrl::FullyDecoded), QString("a b+c&d"));
    QCOMPARE(q.queryItemValue("iss", QUrl::FullyDecoded), h->issuer());
    QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));
}

void TestSandbox::loginPageAllow()
{
    h->server.setAutoApprove(false);
    const HttpResult page = h->authorize({{"login_hint", "<b>x</b>"}});
    QCOMPARE(page.status, 200);
    QVERIFY(page.header("Content-Type").startsWith("text/html"));
    QVERIFY(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
    QVERIFY(page.body.contains("value=\"allow\""));
    QVERIFY(page.body.contains("value=\"deny\""));
    QVERIFY(page.body.contains("&lt;b&gt;x&lt;/b&gt;")); // escaped, never raw
    QVERIFY(!page.body.contains("<b>x</b>"));
    const auto m =
        QRegularExpression("name=\"interaction\" value=\"([^\"]+)\"").match(QString::fromUtf8(page.body));
    QVERIFY(m.hasMatch());
    const QString interaction = m.captured(1);

    const HttpResult r = h->postForm(
        "/authorize/consent", {{"interaction", interaction}, {"username", "alice"}, {"decision", "allow"}});
    QCOMPARE(r.status, 302);
    const QUrlQuery q = r.locationQuery();
    QCOMPARE(q.queryItemValue("state"), QString("st-123"));
    const json t = tokens(q.queryItemValue("code", QUrl::FullyDecoded));
    const json claims = payloadOf(str(t, "id_token"));
    QCOMPARE(str(claims, "sub"), QString("alice"));
    QCOMPARE(str(claims, "preferred_username"), QString("alice"));
    QCOMPARE(str(claims, "email"), QString("alice@sandbox.test"));

    // The interaction is single-use.
    const HttpResult again = h->postForm(
        "/authorize/consent", {{"interaction", interaction}, {"username", "alice"}, {"decision", "allow"}});
    QCOMPARE(again.status, 400);
    QVERIFY(again.header("Location").isEmpty());
}

void TestSandbox::loginPageDenyAndValidation()
{
    h->server.setAutoApprove(false);
    const auto interactionOf = [](const HttpResult &page) {
        return QRegularExpression("name=\"interaction\" value=\"([^\"]+)\"")
            .match(QString::fromUtf8(page.body))
            .captured(1);
    };
    const QString interaction = interactionOf(h->authorize());
    QVERIFY(!interaction.isEmpty());
    const HttpResult empty = h->postForm(
        "/authorize/consent", {{"interaction", interaction}, {"username", "  "}, {"decision", "allow"}});
    QCOMPARE(empty.status, 200);
    QVERIFY(empty.body.contains("Enter a username"));

    const HttpResult deny =
        h->postForm("/authorize/consent", {{"interaction", interaction}, {"decision", "deny"}});
    QCOMPARE(deny.status, 302);
    const QUrlQuery q = deny.locationQuery();
    QCOMPARE(q.queryItemValue("error"), QString("access_denied"));
    QCOMPARE(q.queryItemValue("state"), QString("st-123"));
    QCOMPARE(q.queryItemValue("iss", QUrl::FullyDecoded), h->issuer());
    QVERIFY(q.queryItemValue("code").isEmpty());

    // prompt=none cannot show a page.
    const HttpResult none = h->authorize({{"prompt", "none"}});
    QCOMPARE(none.status, 302);
    QCOMPARE(none.locationQuery().queryItemValue("error"), QString("login_required"));
}

void TestSandbox::codeExchangeS256()
{
    const HttpResult r = h->exchange(h->code());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Cache-Control"), QByteArray("no-store"));
    QCOMPARE(r.header("Pragma"), QByteArray("no-cache"));
    const json t = r.toJson();
    QCOMPARE(str(t, "token_type"), QString("Bearer"));
    COMPARE_JSON(t["expires_in"], json(3600));
    QCOMPARE(str(t, "scope"), QString("openid profile email offline_access"));
    const QString access = str(t, "access_token");
    QVERIFY(access.startsWith("sbx_at_"));
    QVERIFY(str(t, "refresh_token").startsWith("sbx_rt_"));

    const QString idToken = str(t, "id_token");
    const auto v = wb::jose::JwsVerifier::verify(idToken.toLatin1(), h->get("/jwks").toJson());
    QVERIFY2(v.ok, qPrintable(v.error));
    QCOMPARE(str(v.header, "alg"), QString("RS256"));
    QCOMPARE(str(v.header, "typ"), QString("JWT"));
    const json &c = v.payload;
    QCOMPARE(str(c, "iss"), h->issuer());
    QCOMPARE(str(c, "aud"), QString("sandbox-public"));
    QCOMPARE(str(c, "sub"), QString("sandbox-user"));
    QCOMPARE(str(c, "nonce"), QString("n-456"));
    const qint64 now = h->now.toSecsSinceEpoch();
    QCOMPARE(c["iat"].get<qint64>(), now);
    QCOMPARE(c["exp"].get<qint64>(), now + 3600);
    QCOMPARE(c["auth_time"].get<qint64>(), now);
    // at_hash: left half of SHA-256 of the access token, computed here independently.
    const QByteArray digest = QCryptographicHash::hash(access.toLatin1(), QCryptographicHash::Sha256);
    QCOMPARE(str(c, "at_hash"), b64url(digest.left(16)));
}

void TestSandbox::codeExchangeEs256IdToken()
{
    Harness es;
    wb::SandboxConfig cfg;
    cfg.autoApprove = true;
    cfg.idTokenAlg = wb::jose::JwsAlgorithm::ES256;
    QVERIFY(es.start(cfg));
    const json t = es.exchange(es.code()).toJson();
    const auto v = wb::jose::JwsVerifier::verify(str(t, "id_token").toLatin1(), es.get("/jwks").toJson());
    QVERIFY2(v.ok, qPrintable(v.error));
    QCOMPARE(str(v.header, "alg"), QString("ES256"));
    QCOMPARE(str(v.key, "kty"), QString("EC"));
}

void TestSandbox::codeExchangePlainPkce()
{
    const QString verifier = QString(50, 'v');
    const QString code = h->code({{"code_challenge", verifier}, {"code_challenge_method", "plain"}});
    QCOMPARE(h->exchange(code, verifier).status, 200);
    // Without a method the challenge is plain (RFC 7636 4.3).
    const QString code2 = h->code({{"code_challenge", verifier}, {"code_challenge_method", QString()}});
    QCOMPARE(h->exchange(code2, verifier).status, 200);
}

void TestSandbox::codeReplayRevokesTokens()
{
    const QString code = h->code();
    const json first = h->exchange(code).toJson();
    const QString access = str(first, "access_token");
    COMPARE_JSON(h->introspect(access).toJson()["active"], json(true));

    const HttpResult replay = h->exchange(code);
    QCOMPARE(replay.status, 400);
    QCOMPARE(replay.jsonString("error"), QString("invalid_grant"));
    QVERIFY(replay.jsonString("error_description").contains("authorization code has already been used"));
    QCOMPARE(replay.header("Cache-Control"), QByteArray("no-store"));
    // Like real providers, the replay revoked what the code was exchanged for.
    COMPARE_JSON(h->introspect(access).toJson()["active"], json(false));
    QCOMPARE(h->refresh(str(first, "refresh_token")).jsonString("error"), QString("invalid_grant"));
}

void TestSandbox::pkceFailures()
{
    HttpResult r = h->exchange(h->code(), QString(43, 'x'));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QVERIFY(r.jsonString("error_description").contains("PKCE verification failed"));

    r = h->exchange(h->code(), QString());
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QVERIFY(r.jsonString("error_description").contains("code_verifier is required"));

    // A verifier without a challenge is refused (RFC 9700 2.1.1): confidential client, no PKCE.
    const QString code = h->code({{"client_id", "sandbox-basic"},
                                  {"code_challenge", QString()},
                                  {"code_challenge_method", QString()}});
    QVERIFY(!code.isEmpty());
    r = h->postForm("/token",
                    {{"grant_type", "authorization_code"},
                     {"code", code},
                     {"redirect_uri", "http://127.0.0.1:50505/callback"},
                     {"code_verifier", kVerifier}},
                    {{"Authorization", Harness::basic("sandbox-basic", "sandbox-secret")}});
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));

    // A public client must use PKCE at all.
    const HttpResult noPkce =
        h->authorize({{"code_challenge", QString()}, {"code_challenge_method", QString()}});
    QCOMPARE(noPkce.status, 302);
    QCOMPARE(noPkce.locationQuery().queryItemValue("error"), QString("invalid_request"));
}

void TestSandbox::redirectUriTrailingSlash()
{
    // At /authorize: an unregistered redirect_uri gets a page, never a redirect (RFC 6749 4.1.2.1).
    const HttpResult page = h->authorize({{"redirect_uri", "http://127.0.0.1:50505/callback/"}});
    QCOMPARE(page.status, 400);
    QVERIFY(page.header("Location").isEmpty());
    QVERIFY(page.body.contains("redirect_uri_mismatch"));
    QVERIFY(page.body.contains("Registered: http://127.0.0.1/callback (any port)"));

    // At /token: redirect_uri must repeat the authorization request's exactly.
    const HttpResult r = h->exchange(h->code(), kVerifier, "http://127.0.0.1:50505/callback/");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QVERIFY(r.jsonString("error_description").contains("redirect_uri does not match"));
    const HttpResult otherPort = h->exchange(h->code(), kVerifier, "http://127.0.0.1:50506/callback");
    QCOMPARE(otherPort.jsonString("error"), QString("invalid_grant"));
}

void TestSandbox::redirectUriMatching_data()
{
    QTest::addColumn<QString>("registered");
    QTest::addColumn<QString>("requested");
    QTest::addColumn<bool>("matches");
    const QString reg = "http://127.0.0.1/callback";
    QTest::newRow("exact") << reg << reg << true;
    QTest::newRow("any port") << reg << "http://127.0.0.1:8080/callback" << true;
    QTest::newRow("max port") << reg << "http://127.0.0.1:65535/callback" << true;
    QTest::newRow("port 0") << reg << "http://127.0.0.1:0/callback" << false;
    QTest::newRow("port too big") << reg << "http://127.0.0.1:65536/callback" << false;
    QTest::newRow("empty port") << reg << "http://127.0.0.1:/callback" << false;
    QTest::newRow("trailing slash") << reg << "http://127.0.0.1:8080/callback/" << false;
    QTest::newRow("path case") << reg << "http://127.0.0.1:8080/Callback" << false;
    QTest::newRow("query added") << reg << "http://127.0.0.1:8080/callback?x=1" << false;
    QTest::newRow("https") << reg << "https://127.0.0.1:8080/callback" << false;
    QTest::newRow("scheme case") << reg << "HTTP://127.0.0.1:8080/callback" << false;
    QTest::newRow("host suffix") << reg << "http://127.0.0.1.evil.example/callback" << false;
    QTest::newRow("userinfo trick") << reg << "http://127.0.0.1:80@evil.example/callback" << false;
    QTest::newRow("other loopback") << reg << "http://localhost:8080/callback" << false;
    QTest::newRow("ipv6") << "http://[::1]/callback"
                          << "http://[::1]:9/callback" << true;
    QTest::newRow("localhost") << "http://localhost/callback"
                               << "http://localhost:9/callback" << true;
    QTest::newRow("registered with slash") << "http://127.0.0.1/callback/"
                                           << "http://127.0.0.1:9/callback" << false;
}

void TestSandbox::redirectUriMatching()
{
    QFETCH(QString, registered);
    QFETCH(QString, requested);
    QFETCH(bool, matches);
    QCOMPARE(wb::SandboxClients::redirectUriMatches(registered, requested), matches);
}

void TestSandbox::codeExpiresAfter60Seconds()
{
    const QString code = h->code();
    h->now = h->now.addSecs(60);
    const HttpResult r = h->exchange(code);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QVERIFY(r.jsonString("error_description").contains("expired"));
    const QString fresh = h->code();
    h->now = h->now.addSecs(59);
    QCOMPARE(h->exchange(fresh).status, 200);
}

void TestSandbox::refreshRotationAndReuseDetection()
{
    const json first = tokens();
    const QString rt1 = str(first, "refresh_token");
    const HttpResult r2 = h->refresh(rt1);
    QCOMPARE(r2.status, 200);
    const json second = r2.toJson();
    const QString rt2 = str(second, "refresh_token");
    QVERIFY(rt2.startsWith("sbx_rt_"));
    QVERIFY(rt2 != rt1);
    QVERIFY(str(second, "access_token") != str(first, "access_token"));
    const json idClaims = payloadOf(str(second, "id_token"));
    QCOMPARE(str(idClaims, "sub"), QString("sandbox-user"));
    QVERIFY(!idClaims.contains("nonce"));
    // Narrowing the scope is allowed, widening is not.
    const HttpResult narrowed = h->postForm("/token", {{"grant_type", "refresh_token"},
                                                       {"refresh_token", rt2},
                                                       {"client_id", "sandbox-public"},
                                                       {"scope", "openid email"}});
    QCOMPARE(narrowed.status, 200);
    QCOMPARE(narrowed.jsonString("scope"), QString("openid email"));
    const QString rt3 = narrowed.jsonString("refresh_token");
    const QString access3 = narrowed.jsonString("access_token");
    const HttpResult widened = h->postForm("/token", {{"grant_type", "refresh_token"},
                                                      {"refresh_token", rt3},
                                                      {"client_id", "sandbox-public"},
                                                      {"scope", "openid api.write"}});
    QCOMPARE(widened.jsonString("error"), QString("invalid_scope"));

    // Reusing rt1 (already rotated) is reuse: the whole family dies, including the newest tokens.
    COMPARE_JSON(h->introspect(access3).toJson()["active"], json(true));
    const HttpResult reuse = h->refresh(rt1);
    QCOMPARE(reuse.status, 400);
    QCOMPARE(reuse.jsonString("error"), QString("invalid_grant"));
    QVERIFY(reuse.jsonString("error_description").contains("Reuse detected"));
    QCOMPARE(h->refresh(rt3).jsonString("error"), QString("invalid_grant"));
    COMPARE_JSON(h->introspect(access3).toJson()["active"], json(false));
    COMPARE_JSON(h->introspect(rt3).toJson()["active"], json(false));
}

void TestSandbox::refreshTokenExpiresWithClock()
{
    const json t = tokens();
    h->now = h->now.addSecs(24 * 3600);
    const HttpResult r = h->refresh(str(t, "refresh_token"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.jsonString("error"), QString("invalid_grant"));
    QVERIFY(r.jsonString("error_description").contains("expired"));
}

void TestSandbox::responseModes()
{
    const HttpResult fragment = h->authorize({{"response_mode", "fragment"}});
    QCOMPARE(fragment.status, 302);
    QVERIFY(fragment.header("Location").startsWith("http://127.0.0.1:50505/callback#code=sbx_ac_"));
    QCOMPARE(fragment.locationQuery(true).queryItemValue("state"), QString("st-123"));

    const HttpResult formPost = h->authorize({{"response_mode", "form_post"}});
    QCOMPARE(formPost.status, 200);
    QVERIFY(formPost.body.contains("action=\"http://127.0.0.1:50505/callback\""));
    QVERIFY(formPost.body.contains("name=\"code\" value=\"sbx_ac_"));
    QVERIFY(formPost.body.contains("name=\"state\" value=\"st-123\""));
    QVERIFY(formPost.header("Content-Security-Policy").contains("script-src 'sha256-"));

    const HttpResult bad = h->authorize({{"response_mode", "web_message"}});
    QCOMPARE(bad.locationQuery().queryItemValue("error"), QString("invalid_request"));
}

void TestSandbox::authorizeRequestErrors()
{
    // Untrusted client or redirect_uri: a page with status 400, no redirect.
    for (const auto &extra :
         QList<QList<QPair<QString, QString>>>{{{"client_id", "nobody"}},
                                               {{"client_id", QString()}},
                                               {{"redirect_uri", QString()}},
                                               {{"redirect_uri", "https://evil.example/cb"}}}) {
        const HttpResult r = h->authorize(extra);
        QCOMPARE(r.status, 400);
        QVERIFY(r.header("Location").isEmpty());
        QVERIFY(r.header("Content-Type").startsWith("text/html"));
    }
    // Trusted redirect_uri: errors go back to the client with state and iss.
    const auto errorOf = [&](const QList<QPair<QString, QString>> &extra) {
        const HttpResult r = h->authorize(extra);
        return r.status == 302 ? r.locationQuery().queryItemValue("error")
                               : QString("status %1").arg(r.status);
    };
    QCOMPARE(errorOf({{"response_type", "token"}}), QString("unsupported_response_type"));
    QCOMPARE(errorOf({{"response_type", QString()}}), QString("invalid_request"));
    QCOMPARE(errorOf({{"scope", "openid admin"}}), QString("invalid_scope"));
    QCOMPARE(errorOf({{"code_challenge_method", "S512"}}), QString("invalid_request"));
    QCOMPARE(errorOf({{"code_challenge", "short"}}), QString("invalid_request"));
    const HttpResult r =
        h->get("/authorize?response_type=code&client_id=sandbox-public&redirect_uri=http%3A%2F%2F127."
               "0.0.1%3A5%2Fcallback&code_challenge=" +
               s256(kVerifier) + "&state=a&state=b");
    QCOMPARE(r.locationQuery().queryItemValue("error"), QString("invalid_request"));
}

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
