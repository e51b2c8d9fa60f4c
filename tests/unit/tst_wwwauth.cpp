// WWW-Authenticate parsing (RFC 9110 11.6.1, RFC 6750 3): params, quoting, several challenges.
#include "oauth/WwwAuthenticate.h"

#include <QTest>

using namespace wb;

class TestWwwAuth : public QObject {
    Q_OBJECT
private slots:
    void bearerWithError()
    {
        const auto l = parseWwwAuthenticate("Bearer realm=\"example\", error=\"invalid_token\", "
                                            "error_description=\"The access token expired\"");
        QCOMPARE(l.size(), 1);
        QCOMPARE(l[0].scheme, QStringLiteral("Bearer"));
        QCOMPARE(l[0].param("realm"), QStringLiteral("example"));
        QCOMPARE(l[0].param("error"), QStringLiteral("invalid_token"));
        QCOMPARE(l[0].param("error_description"), QStringLiteral("The access token expired"));
    }

    void insufficientScopeWithTokenValues()
    {
        const auto l = parseWwwAuthenticate("Bearer error=insufficient_scope, scope=\"openid email\"");
        QCOMPARE(l.size(), 1);
        QCOMPARE(l[0].param("error"), QStringLiteral("insufficient_scope"));
        QCOMPARE(l[0].param("scope"), QStringLiteral("openid email"));
    }

    void escapedQuotesAndCommasInValues()
    {
        const auto l = parseWwwAuthenticate("Bearer error_description=\"say \\\"hi\\\", then go\"");
        QCOMPARE(l.size(), 1);
        QCOMPARE(l[0].param("error_description"), QStringLiteral("say \"hi\", then go"));
    }

    void severalChallengesInOneValue()
    {
        const auto l = parseWwwAuthenticate(
            "Basic realm=\"a\", Bearer realm=\"b\", error=\"invalid_token\", DPoP algs=\"ES256\"");
        QCOMPARE(l.size(), 3);
        QCOMPARE(l[0].scheme, QStringLiteral("Basic"));
        QCOMPARE(l[0].param("realm"), QStringLiteral("a"));
        QCOMPARE(l[1].param("realm"), QStringLiteral("b"));
        QCOMPARE(l[1].param("error"), QStringLiteral("invalid_token"));
        QCOMPARE(l[2].scheme, QStringLiteral("DPoP"));
        QCOMPARE(l[2].param("algs"), QStringLiteral("ES256"));
    }

    void token68AndBareScheme()
    {
        const auto l = parseWwwAuthenticate("Negotiate abc+/==, Bearer");
        QCOMPARE(l.size(), 2);
        QCOMPARE(l[0].token68, QStringLiteral("abc+/=="));
        QCOMPARE(l[1].scheme, QStringLiteral("Bearer"));
        QVERIFY(l[1].params.isEmpty());
    }

    void caseInsensitiveNames()
    {
        const auto l = parseWwwAuthenticate("bearer ERROR=\"invalid_token\"");
        QCOMPARE(l[0].param("error"), QStringLiteral("invalid_token"));
        HttpHeaders h{{"www-authenticate", "bearer ERROR=\"invalid_token\""}};
        const BearerChallenge b = bearerChallenge(h);
        QVERIFY(b.present);
        QCOMPARE(b.error, QStringLiteral("invalid_token"));
    }

    void bearerAcrossSeveralHeaders()
    {
        HttpHeaders h{
            {"Content-Type", "application/json"},
            {"WWW-Authenticate", "Basic realm=\"x\""},
            {"WWW-Authenticate", "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"email\""}};
        const BearerChallenge b = bearerChallenge(h);
        QVERIFY(b.present);
        QCOMPARE(b.realm, QStringLiteral("api"));
        QCOMPARE(b.error, QStringLiteral("insufficient_scope"));
        QCOMPARE(b.scope, QStringLiteral("email"));
        QVERIFY(b.raw.contains(QLatin1String("Basic")));
    }

    void garbageDoesNotCrashAndIsReported()
    {
        QStringList problems;
        const auto l = parseWwwAuthenticate("Bearer error=\"unterminated", &problems);
        QCOMPARE(l.size(), 1);
        QCOMPARE(l[0].param("error"), QStringLiteral("unterminated"));
        QVERIFY(!problems.isEmpty());
        problems.clear();
        parseWwwAuthenticate("=== , \"\" ,,", &problems);
        QVERIFY(!problems.isEmpty());
        QVERIFY(parseWwwAuthenticate("").isEmpty());
        QVERIFY(!bearerChallenge(HttpHeaders{}).present);
    }
};

QTEST_GUILESS_MAIN(TestWwwAuth)
#include "tst_wwwauth.moc"
