// Tests metadata URL candidates and metadata document parsing (tests/data/discovery/).
#include "oauth/Discovery.h"

#include <QFile>
#include <QtTest>

using namespace wb;

class TestDiscovery : public QObject {
    Q_OBJECT
private slots:
    void urls_data();
    void urls();
    void fullDocument();
    void trailingSlashIssuerWarns();
    void differentIssuerWarns();
    void bothEndpointsMissingIsError();
    void oneEndpointMissingWarns();
    void htmlIsInvalidJson();
    void emptyBody();
    void arrayIsNotAnObject();
    void noRequestedIssuerNoComparison();
};

static QByteArray fixture(const char *name)
{
    QFile f(QStringLiteral(WB_TEST_DATA_DIR "/discovery/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return f.readAll();
}

void TestDiscovery::urls_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("host only") << "https://as.example.com"
                               << QStringList{
                                      "https://as.example.com/.well-known/openid-configuration",
                                      "https://as.example.com/.well-known/oauth-authorization-server"};
    QTest::newRow("host with slash") << "https://as.example.com/"
                                     << QStringList{
                                            "https://as.example.com/.well-known/openid-configuration",
                                            "https://as.example.com/.well-known/oauth-authorization-server"};
    QTest::newRow("path and port")
        << "https://idp.example.com:8443/realms/dev"
        << QStringList{"https://idp.example.com:8443/realms/dev/.well-known/openid-configuration",
                       "https://idp.example.com:8443/.well-known/oauth-authorization-server/realms/dev"};
    QTest::newRow("path with trailing slash")
        << "https://login.example.com/tenant/v2.0/"
        << QStringList{"https://login.example.com/tenant/v2.0/.well-known/openid-configuration",
                       "https://login.example.com/.well-known/oauth-authorization-server/tenant/v2.0"};
    QTest::newRow("loopback http") << "http://127.0.0.1:3000"
                                   << QStringList{
                                          "http://127.0.0.1:3000/.well-known/openid-configuration",
                                          "http://127.0.0.1:3000/.well-known/oauth-authorization-server"};
    QTest::newRow("empty") << "" << QStringList{};
    QTest::newRow("not a URL") << "as.example.com" << QStringList{};
}

void TestDiscovery::urls()
{
    QFETCH(QString, issuer);
    QFETCH(QStringList, expected);
    QCOMPARE(discoveryUrls(issuer), expected);
}

void TestDiscovery::fullDocument()
{
    const DiscoveryResult r =
        parseDiscoveryDocument(fixture("full.json"), "https://idp.example.com/realms/dev");
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(" | ")));
    const ProviderMetadata &m = r.metadata;
    QCOMPARE(m.issuer, QStringLiteral("https://idp.example.com/realms/dev"));
    const QString base = QStringLiteral("https://idp.example.com/realms/dev/protocol/openid-connect/");
    QCOMPARE(m.authorizationEndpoint, base + "auth");
    QCOMPARE(m.tokenEndpoint, base + "token");
    QCOMPARE(m.userinfoEndpoint, base + "userinfo");
    QCOMPARE(m.jwksUri, base + "certs");
    QCOMPARE(m.revocationEndpoint, base + "revoke");
    QCOMPARE(m.introspectionEndpoint, base + "token/introspect");
    QCOMPARE(m.endSessionEndpoint, base + "logout");
    QCOMPARE(m.codeChallengeMethods, QStringList({"plain", "S256"}));
    QCOMPARE(m.tokenEndpointAuthMethods,
             QStringList({"private_key_jwt", "client_secret_basic", "client_secret_post"}));
    QCOMPARE(m.responseModes, QStringList({"query", "fragment", "form_post"}));
    QCOMPARE(m.responseTypes, QStringList({"code", "none", "id_token"}));
    QCOMPARE(m.scopes, QStringList({"openid", "profile", "email", "offline_access"}));
    QCOMPARE(m.grantTypes, QStringList({"authorization_code", "refresh_token"}));
    QVERIFY(m.issParameterSupported);
    QCOMPARE(m.raw.at("claims_supported").size(), 3u);
}

void TestDiscovery::trailingSlashIssuerWarns()
{
    const DiscoveryResult r =
        parseDiscoveryDocument(fixture("trailing_slash.json"), "https://tenant.auth.example.com");
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(r.metadata.issuer, QStringLiteral("https://tenant.auth.example.com/"));
    QCOMPARE(r.warnings.size(), 1);
    const QString &w = r.warnings.first();
    QVERIFY2(
        w.contains("The document's issuer https://tenant.auth.example.com/ differs from the issuer asked for "
                   "https://tenant.auth.example.com;"),
        qPrintable(w));
    QVERIFY(w.contains("trailing slash"));
}

void TestDiscovery::differentIssuerWarns()
{
    const QString asked = QStringLiteral("https://login.example.com/common/v2.0");
    const DiscoveryResult r = parseDiscoveryDocument(fixture("other_issuer.json"), asked);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(r.warnings.size(), 1);
    const QString &w = r.warnings.first();
    QVERIFY(w.contains("https://login.example.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"));
    QVERIFY(w.contains(asked));
    QVERIFY(!w.contains("trailing slash"));
}

void TestDiscovery::bothEndpointsMissingIsError()
{
    const DiscoveryResult r = parseDiscoveryDocument(fixture("no_endpoints.json"), "https://as.example.com");
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Validation));
    QCOMPARE(r.error.code, QStringLiteral("metadata_incomplete"));
    QCOMPARE(r.metadata.jwksUri, QStringLiteral("https://as.example.com/jwks"));
}

void TestDiscovery::oneEndpointMissingWarns()
{
    const DiscoveryResult r =
        parseDiscoveryDocument(fixture("no_token_endpoint.json"), "https://as.example.com");
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(r.metadata.authorizationEndpoint, QStringLiteral("https://as.example.com/authorize"));
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains("no token_endpoint"));
    // Wrong JSON types are not guessed at: a string is not a list, "true" is not true.
    QVERIFY(r.metadata.codeChallengeMethods.isEmpty());
    QVERIFY(!r.metadata.issParameterSupported);
}

void TestDiscovery::htmlIsInvalidJson()
{
    const DiscoveryResult r = parseDiscoveryDocument(fixture("login_page.html"), "https://as.example.com");
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Parse));
    QCOMPARE(r.error.code, QStringLiteral("invalid_json"));
    QVERIFY(r.error.message.contains("HTML"));
}

void TestDiscovery::emptyBody()
{
    const DiscoveryResult r = parseDiscoveryDocument(QByteArray(), "https://as.example.com");
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Parse));
    QCOMPARE(r.error.code, QStringLiteral("empty_body"));
}

void TestDiscovery::arrayIsNotAnObject()
{
    const DiscoveryResult r = parseDiscoveryDocument(fixture("array.json"), "https://as.example.com");
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Parse));
    QCOMPARE(r.error.code, QStringLiteral("json_not_object"));
}

void TestDiscovery::noRequestedIssuerNoComparison()
{
    const DiscoveryResult r = parseDiscoveryDocument(fixture("other_issuer.json"), QString());
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QVERIFY(r.warnings.isEmpty());
}

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
