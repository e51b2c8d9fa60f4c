// Merge rules of a refresh response into the stored token set, and the refresh request's form.
#include "flow/RefreshMerge.h"
#include "flow/RefreshRequest.h"
#include "oauth/CallbackParams.h"

#include <QTest>

using namespace wb;

class TestRefresh : public QObject {
    Q_OBJECT
private:
    static TokenSet stored()
    {
        TokenSet t;
        t.accessToken = QStringLiteral("at-old");
        t.tokenType = QStringLiteral("Bearer");
        t.refreshToken = QStringLiteral("rt-old");
        t.idToken = QStringLiteral("id-old");
        t.scope = QStringLiteral("openid profile offline_access");
        t.expiresIn = 3600;
        t.obtainedAt = QDateTime(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC);
        return t;
    }
    static TokenSet received()
    {
        TokenSet t;
        t.accessToken = QStringLiteral("at-new");
        t.tokenType = QStringLiteral("Bearer");
        t.expiresIn = 600;
        t.obtainedAt = QDateTime(QDate(2026, 1, 1), QTime(11, 0), Qt::UTC);
        return t;
    }

private slots:
    void omittedRefreshTokenIsKept()
    {
        const RefreshMerge m = mergeRefreshedTokens(stored(), received());
        QCOMPARE(m.tokens.refreshToken, QStringLiteral("rt-old"));
        QVERIFY(m.refreshTokenKept);
        QVERIFY(!m.refreshTokenRotated);
        QCOMPARE(m.tokens.accessToken, QStringLiteral("at-new"));
        QCOMPARE(*m.tokens.expiresIn, qint64(600));
        QCOMPARE(m.tokens.obtainedAt, received().obtainedAt);
        QVERIFY(m.idTokenKept);
        QCOMPARE(m.tokens.idToken, QStringLiteral("id-old"));
        QCOMPARE(m.tokens.scope, stored().scope); // no scope in the response: unchanged
        QVERIFY(!m.scopeChanged());
        QCOMPARE(m.notes.size(), 1);
        QVERIFY(m.notes.first().contains(QLatin1String("kept")));
    }

    void newRefreshTokenIsARotation()
    {
        TokenSet r = received();
        r.refreshToken = QStringLiteral("rt-new");
        r.idToken = QStringLiteral("id-new");
        const RefreshMerge m = mergeRefreshedTokens(stored(), r);
        QCOMPARE(m.tokens.refreshToken, QStringLiteral("rt-new"));
        QVERIFY(m.refreshTokenRotated);
        QVERIFY(!m.refreshTokenKept);
        QVERIFY(!m.idTokenKept);
        QCOMPARE(m.tokens.idToken, QStringLiteral("id-new"));
        QVERIFY(m.notes.join(' ').contains(QLatin1String("refresh token rotated")));
    }

    void sameRefreshTokenAgainIsNotARotation()
    {
        TokenSet r = received();
        r.refreshToken = QStringLiteral("rt-old");
        const RefreshMerge m = mergeRefreshedTokens(stored(), r);
        QVERIFY(!m.refreshTokenRotated);
        QVERIFY(m.refreshTokenRepeated);
        QVERIFY(m.notes.isEmpty());
    }

    void narrowedScopeIsNoted()
    {
        TokenSet r = received();
        r.scope = QStringLiteral("openid offline_access");
        const RefreshMerge m = mergeRefreshedTokens(stored(), r);
        QVERIFY(m.scopeChanged());
        QCOMPARE(m.scopeRemoved, QStringList{QStringLiteral("profile")});
        QVERIFY(m.scopeAdded.isEmpty());
        QCOMPARE(m.tokens.scope, QStringLiteral("openid offline_access"));
        QVERIFY(m.notes.join(' ').contains(QLatin1String("removed profile")));
    }

    void requestedScopeAppliesWhenTheResponseOmitsIt()
    {
        const RefreshMerge m = mergeRefreshedTokens(stored(), received(), QStringLiteral("openid email"));
        QCOMPARE(m.tokens.scope, QStringLiteral("openid email"));
        QCOMPARE(m.scopeAdded, QStringList{QStringLiteral("email")});
        QCOMPARE(m.scopeRemoved, (QStringList{QStringLiteral("profile"), QStringLiteral("offline_access")}));
    }

    void reorderedScopeIsNoChange()
    {
        TokenSet r = received();
        r.scope = QStringLiteral("offline_access openid profile");
        QVERIFY(!mergeRefreshedTokens(stored(), r).scopeChanged());
    }

    void unknownStoredScopeIsNoChange()
    {
        TokenSet s = stored();
        s.scope.clear();
        TokenSet r = received();
        r.scope = QStringLiteral("openid");
        const RefreshMerge m = mergeRefreshedTokens(s, r);
        QVERIFY(!m.scopeChanged());
        QCOMPARE(m.tokens.scope, QStringLiteral("openid"));
    }

    void noStoredRefreshTokenAndNoneReceived()
    {
        TokenSet s = stored();
        s.refreshToken.clear();
        const RefreshMerge m = mergeRefreshedTokens(s, received());
        QVERIFY(m.tokens.refreshToken.isEmpty());
        QVERIFY(!m.refreshTokenKept);
        QVERIFY(!m.refreshTokenRotated);
    }

    void refreshRequestForm()
    {
        RefreshTokenGrant g;
        g.tokenEndpoint = QStringLiteral("https://idp.example/token");
        g.refreshToken = QStringLiteral("rt/+=");
        g.options.scope = QStringLiteral("openid email");
        g.options.resource = QStringLiteral("https://api.example/");
        g.authMethod = ClientAuthMethod::ClientSecretPost;
        g.clientId = QStringLiteral("app");
        g.clientSecret = QStringLiteral("s3cr:t");
        const BuiltTokenRequest b = buildRefreshTokenRequest(g);
        QCOMPARE(b.request.method, QStringLiteral("POST"));
        const ParamList expected{
            {"grant_type", "refresh_token"},      {"refresh_token", "rt/+="}, {"scope", "openid email"},
            {"resource", "https://api.example/"}, {"client_id", "app"},       {"client_secret", "s3cr:t"}};
        QCOMPARE(b.form, expected);
        QCOMPARE(b.request.body, encodeFormUrlEncoded(expected));
        QVERIFY(!b.request.body.contains("audience"));
    }

    void basicAuthKeepsCredentialsOutOfTheBody()
    {
        Profile p;
        p.clientId = QStringLiteral("app");
        p.clientSecret = QStringLiteral("pw");
        p.authMethod = ClientAuthMethod::ClientSecretBasic;
        const BuiltTokenRequest b =
            buildTokenManagementRequest(QStringLiteral("https://idp.example/revoke"), QStringLiteral("tok"),
                                        QStringLiteral("refresh_token"), p);
        QCOMPARE(b.form, (ParamList{{"token", "tok"}, {"token_type_hint", "refresh_token"}}));
        QVERIFY(headerValue(b.request.headers, "Authorization").startsWith("Basic "));
    }
};

QTEST_GUILESS_MAIN(TestRefresh)
#include "tst_refresh.moc"
