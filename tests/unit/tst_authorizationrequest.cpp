// Tests that the authorization URL is byte-exact RFC 3986 encoding and the table matches it.
#include "oauth/AuthorizationRequest.h"

#include <QUrlQuery>
#include <QtTest>

using namespace wb;

class TestAuthorizationRequest : public QObject {
    Q_OBJECT
private slots:
    void fullRequestIsByteExact();
    void optionalParamsOmitted();
    void responseModes_data();
    void responseModes();
    void existingQueryKeptFirst();
    void extraParamsReplaceInPlaceOrAppend();
    void reservedAndNonAsciiCharacters();
    void fragmentOnEndpointDropped();
    void plainPkce();
};

static AuthorizationRequestInput baseInput()
{
    AuthorizationRequestInput in;
    in.endpoint = QStringLiteral("https://as.example.com/authorize");
    in.clientId = QStringLiteral("my client");
    in.redirectUri = QStringLiteral("http://127.0.0.1:8765/callback");
    in.scope = QStringLiteral("openid profile email");
    in.state = QStringLiteral("st+/=:");
    in.nonce = QStringLiteral("n-1");
    in.pkce = Pkce::fromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", PkceMethod::S256);
    return in;
}

static QStringList names(const ParamList &params)
{
    QStringList out;
    for (const auto &p : params)
        out.append(p.first);
    return out;
}

void TestAuthorizationRequest::fullRequestIsByteExact()
{
    const AuthorizationRequest r = buildAuthorizationRequest(baseInput());
    const QByteArray expected =
        "https://as.example.com/authorize?response_type=code&client_id=my%20client"
        "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&scope=openid%20profile%20email"
        "&state=st%2B%2F%3D%3A&nonce=n-1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        "&code_challenge_method=S256";
    QVERIFY(r.url.isValid());
    QCOMPARE(r.url.toEncoded(), expected);
    QCOMPARE(r.url.toString(QUrl::FullyEncoded).toLatin1(), expected);

    const ParamList want = {
        {"response_type", "code"},
        {"client_id", "my client"},
        {"redirect_uri", "http://127.0.0.1:8765/callback"},
        {"scope", "openid profile email"},
        {"state", "st+/=:"},
        {"nonce", "n-1"},
        {"code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"},
        {"code_challenge_method", "S256"},
    };
    QCOMPARE(r.params, want);

    // What a server decodes from the URL is what the table says.
    const QUrlQuery q(r.url);
    QCOMPARE(q.queryItemValue("state", QUrl::FullyDecoded), QStringLiteral("st+/=:"));
    QCOMPARE(q.queryItemValue("redirect_uri", QUrl::FullyDecoded),
             QStringLiteral("http://127.0.0.1:8765/callback"));
}

void TestAuthorizationRequest::optionalParamsOmitted()
{
    AuthorizationRequestInput in = baseInput();
    in.nonce.clear();
    in.pkce.reset();
    const AuthorizationRequest r = buildAuthorizationRequest(in);
    QCOMPARE(names(r.params), QStringList({"response_type", "client_id", "redirect_uri", "scope", "state"}));
    QVERIFY(!r.url.toEncoded().contains("nonce"));
    QVERIFY(!r.url.toEncoded().contains("code_challenge"));
    QVERIFY(!r.url.toEncoded().contains("response_mode"));
}

void TestAuthorizationRequest::responseModes_data()
{
    QTest::addColumn<ResponseMode>("mode");
    QTest::addColumn<QByteArray>("suffix");
    QTest::newRow("form_post") << ResponseMode::FormPost << QByteArray("&response_mode=form_post");
    QTest::newRow("fragment") << ResponseMode::Fragment << QByteArray("&response_mode=fragment");
    QTest::newRow("query") << ResponseMode::Query << QByteArray("&code_challenge_method=S256");
}

void TestAuthorizationRequest::responseModes()
{
    QFETCH(ResponseMode, mode);
    QFETCH(QByteArray, suffix);
    AuthorizationRequestInput in = baseInput();
    in.responseMode = mode;
    const AuthorizationRequest r = buildAuthorizationRequest(in);
    QVERIFY2(r.url.toEncoded().endsWith(suffix), r.url.toEncoded().constData());
    QCOMPARE(names(r.params).contains("response_mode"), mode != ResponseMode::Query);
}

void TestAuthorizationRequest::existingQueryKeptFirst()
{
    AuthorizationRequestInput in = baseInput();
    in.endpoint = QStringLiteral("https://tenant.b2clogin.example/tfp/authorize?p=B2C_1_signin&x=a%20b");
    in.nonce.clear();
    in.pkce.reset();
    const AuthorizationRequest r = buildAuthorizationRequest(in);
    QCOMPARE(
        r.url.toEncoded(),
        QByteArray("https://tenant.b2clogin.example/tfp/authorize?p=B2C_1_signin&x=a%20b&response_type=code"
                   "&client_id=my%20client&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback"
                   "&scope=openid%20profile%20email&state=st%2B%2F%3D%3A"));
    QCOMPARE(r.params.at(0), (QPair<QString, QString>("p", "B2C_1_signin")));
    QCOMPARE(r.params.at(1), (QPair<QString, QString>("x", "a b")));
    QCOMPARE(r.params.size(), 7);
}

void TestAuthorizationRequest::extraParamsReplaceInPlaceOrAppend()
{
    AuthorizationRequestInput in = baseInput();
    in.endpoint = QStringLiteral("https://as.example.com/authorize?p=policy_a");
    in.pkce.reset();
    in.extraParams = {{"prompt", "consent"},
                      {"scope", "openid offline_access"},
                      {"resource", "https://api.example.com/a"},
                      {"resource", "https://api.example.com/b"},
                      {"p", "policy_b"},
                      {"access_type", "offline"}};
    const AuthorizationRequest r = buildAuthorizationRequest(in);
    QCOMPARE(names(r.params),
             QStringList({"p", "response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                          "prompt", "resource", "resource", "access_type"}));
    QCOMPARE(r.params.at(0).second, QStringLiteral("policy_b"));
    QCOMPARE(r.params.at(4).second, QStringLiteral("openid offline_access"));
    QCOMPARE(r.params.at(8).second, QStringLiteral("https://api.example.com/a"));
    QCOMPARE(r.params.at(9).second, QStringLiteral("https://api.example.com/b"));
    QCOMPARE(
        r.url.toEncoded(),
        QByteArray("https://as.example.com/authorize?p=policy_b&response_type=code&client_id=my%20client"
                   "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&scope=openid%20offline_access"
                   "&state=st%2B%2F%3D%3A&nonce=n-1&prompt=consent&resource=https%3A%2F%2Fapi.example.com%2Fa"
                   "&resource=https%3A%2F%2Fapi.example.com%2Fb&access_type=offline"));
    QCOMPARE(r.url.toEncoded().count("scope="), 1);
}

void TestAuthorizationRequest::reservedAndNonAsciiCharacters()
{
    AuthorizationRequestInput in;
    in.endpoint = QStringLiteral("https://as.example.com/authorize");
    in.clientId = QStringLiteral("a~b-c.d_e");
    in.scope = QStringLiteral("é ü*!'()&=#?%");
    const AuthorizationRequest r = buildAuthorizationRequest(in);
    QCOMPARE(r.url.toEncoded(),
             QByteArray("https://as.example.com/authorize?response_type=code&client_id=a~b-c.d_e"
                        "&scope=%C3%A9%20%C3%BC%2A%21%27%28%29%26%3D%23%3F%25"));
    QCOMPARE(r.params.at(2).second, QStringLiteral("é ü*!'()&=#?%"));
    QCOMPARE(r.params.size(), 3); // no redirect_uri/state when empty
}

void TestAuthorizationRequest::fragmentOnEndpointDropped()
{
    AuthorizationRequestInput in;
    in.endpoint = QStringLiteral("  https://as.example.com:8443/oauth2/authorize#frag  ");
    in.clientId = QStringLiteral("c");
    in.state = QStringLiteral("s");
    const AuthorizationRequest r = buildAuthorizationRequest(in);
    QCOMPARE(
        r.url.toEncoded(),
        QByteArray("https://as.example.com:8443/oauth2/authorize?response_type=code&client_id=c&state=s"));
    QVERIFY(!r.url.hasFragment());
}

void TestAuthorizationRequest::plainPkce()
{
    AuthorizationRequestInput in = baseInput();
    in.pkce = Pkce::fromVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", PkceMethod::Plain);
    const AuthorizationRequest r = buildAuthorizationRequest(in);
    QVERIFY(r.url.toEncoded().endsWith(
        "&code_challenge=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&code_challenge_method=plain"));
}

QTEST_GUILESS_MAIN(TestAuthorizationRequest)
#include "tst_authorizationrequest.moc"
