// Unit tests for the authorization_code token request: exact form, client auth placed once.
#include "oauth/CallbackParams.h"
#include "oauth/TokenRequest.h"

#include <QtTest>

using namespace wb;

namespace {
AuthorizationCodeGrant grant(ClientAuthMethod m)
{
    AuthorizationCodeGrant g;
    g.tokenEndpoint = QStringLiteral("https://idp.example/token");
    g.code = QStringLiteral("the-code");
    g.redirectUri = QStringLiteral("http://127.0.0.1:5000/callback");
    g.codeVerifier = QStringLiteral("v").repeated(43);
    g.authMethod = m;
    g.clientId = QStringLiteral("client");
    g.clientSecret = QStringLiteral("s3cr:t/+%");
    return g;
}
QStringList names(const ParamList &p)
{
    QStringList n;
    for (const auto &kv : p)
        n << kv.first;
    return n;
}
} // namespace

class TestTokenRequest : public QObject {
    Q_OBJECT
private slots:
    void publicClientSendsNoSecret()
    {
        const auto b = buildAuthorizationCodeRequest(grant(ClientAuthMethod::None));
        QCOMPARE(names(b.form),
                 (QStringList{"grant_type", "code", "redirect_uri", "code_verifier", "client_id"}));
        QVERIFY(!b.request.body.contains("client_secret"));
        QVERIFY(!hasHeader(b.request.headers, "Authorization"));
        QCOMPARE(b.request.method, QStringLiteral("POST"));
        QCOMPARE(headerValue(b.request.headers, "Accept"), QByteArray("application/json"));
        QCOMPARE(headerValue(b.request.headers, "content-type"),
                 QByteArray("application/x-www-form-urlencoded"));
    }
    void basicPutsCredentialsOnlyInHeader()
    {
        const auto b = buildAuthorizationCodeRequest(grant(ClientAuthMethod::ClientSecretBasic));
        QVERIFY(headerValue(b.request.headers, "Authorization").startsWith("Basic "));
        QVERIFY(!names(b.form).contains("client_secret"));
        QVERIFY(!names(b.form).contains("client_id"));
    }
    void postPutsCredentialsOnlyInBody()
    {
        const auto b = buildAuthorizationCodeRequest(grant(ClientAuthMethod::ClientSecretPost));
        QVERIFY(!hasHeader(b.request.headers, "Authorization"));
        QVERIFY(names(b.form).contains("client_secret"));
        // The body decodes back to exactly the form we record.
        QCOMPARE(parseFormUrlEncoded(b.request.body), b.form);
    }
    void redirectUriIsByteIdentical()
    {
        const auto b = buildAuthorizationCodeRequest(grant(ClientAuthMethod::None));
        const ParamList decoded = parseFormUrlEncoded(b.request.body);
        QCOMPARE(decoded.at(2).second, QStringLiteral("http://127.0.0.1:5000/callback"));
    }
    void noVerifierWhenPkceOff()
    {
        auto g = grant(ClientAuthMethod::None);
        g.codeVerifier.clear();
        QVERIFY(!names(buildAuthorizationCodeRequest(g).form).contains("code_verifier"));
    }
    void overridesReplaceOrAppend()
    {
        auto g = grant(ClientAuthMethod::None);
        g.overrides = {{"redirect_uri", "http://127.0.0.1:1/elsewhere"}, {"resource", "https://api"}};
        const auto b = buildAuthorizationCodeRequest(g);
        QCOMPARE(b.form.at(2), (QPair<QString, QString>{"redirect_uri", "http://127.0.0.1:1/elsewhere"}));
        QCOMPARE(b.form.last(), (QPair<QString, QString>{"resource", "https://api"}));
        QCOMPARE(names(b.form).count("redirect_uri"), 1);
    }
    void setParamDropsDuplicates()
    {
        ParamList p = {{"a", "1"}, {"b", "2"}, {"a", "3"}};
        setParam(p, "a", "x");
        QCOMPARE(p, (ParamList{{"a", "x"}, {"b", "2"}}));
    }
};

QTEST_APPLESS_MAIN(TestTokenRequest)
#include "tst_tokenrequest.moc"
