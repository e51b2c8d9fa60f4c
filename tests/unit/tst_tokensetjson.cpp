// Unit tests for TokenSetJson: the token set as kept in the keychain item survives a round trip.
#include "store/TokenSetJson.h"

#include <QTest>

using namespace wb;

class TstTokenSetJson : public QObject {
    Q_OBJECT
private slots:
    void roundTrip();
    void emptyOptionalFields();
    void rejectsGarbageWithoutQuotingIt();
};

void TstTokenSetJson::roundTrip()
{
    TokenSet t;
    t.accessToken = QStringLiteral("at-123");
    t.tokenType = QStringLiteral("Bearer");
    t.refreshToken = QStringLiteral("rt-456");
    t.idToken = QStringLiteral("eyJhbGciOi.x.y");
    t.scope = QStringLiteral("openid offline_access");
    t.expiresIn = 3599;
    t.obtainedAt = QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7, 890), Qt::UTC);
    t.extras = {{"session_state", "abc"}, {"ext_expires_in", 7200}};

    const QString text = tokenSetToText(t);
    QString error;
    const auto back = tokenSetFromText(text, &error);
    QVERIFY2(back.has_value(), qPrintable(error));
    QCOMPARE(back->accessToken, t.accessToken);
    QCOMPARE(back->tokenType, t.tokenType);
    QCOMPARE(back->refreshToken, t.refreshToken);
    QCOMPARE(back->idToken, t.idToken);
    QCOMPARE(back->scope, t.scope);
    QCOMPARE(back->expiresIn, t.expiresIn);
    QCOMPARE(back->obtainedAt, t.obtainedAt);
    QCOMPARE(back->expiresAt(), t.expiresAt());
    QVERIFY(back->extras == t.extras);
}

void TstTokenSetJson::emptyOptionalFields()
{
    TokenSet t;
    t.accessToken = QStringLiteral("only");
    const auto back = tokenSetFromJson(tokenSetToJson(t));
    QVERIFY(back.has_value());
    QCOMPARE(back->accessToken, QStringLiteral("only"));
    QVERIFY(!back->expiresIn.has_value());
    QVERIFY(!back->obtainedAt.isValid());
    QVERIFY(back->extras.is_object());
}

void TstTokenSetJson::rejectsGarbageWithoutQuotingIt()
{
    QString error;
    QVERIFY(!tokenSetFromText(QStringLiteral("{\"access_token\": SECRETPART"), &error).has_value());
    QVERIFY(!error.isEmpty());
    QVERIFY(!error.contains(QStringLiteral("SECRETPART")));
    QVERIFY(!tokenSetFromText(QStringLiteral("{\"format\": 99}"), &error).has_value());
    QVERIFY(error.contains(QStringLiteral("99")));
    QVERIFY(!tokenSetFromJson(nlohmann::json::array()).has_value());
}

QTEST_GUILESS_MAIN(TstTokenSetJson)
#include "tst_tokensetjson.moc"
