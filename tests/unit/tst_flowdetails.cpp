// Unit tests for the flow's evidence helpers: clock skew from the Date header, missing refresh token.
#include "flow/FlowDetails.h"

#include <QtTest>

using namespace wb;

class TestFlowDetails : public QObject {
    Q_OBJECT
private slots:
    void skewAheadIsReported()
    {
        Exchange x;
        x.responseHeaders = {{"Date", "Sun, 22 Nov 2026 10:10:00 GMT"}};
        const QDateTime local(QDate(2026, 11, 22), QTime(10, 0, 0), Qt::UTC);
        QStringList warnings;
        const auto j = flowdetails::clockCheck(x, local, &warnings);
        QCOMPARE(j["offset_seconds"].get<qint64>(), 600);
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings[0].contains(QStringLiteral("600 s ahead of")));
    }
    void smallSkewIsQuiet()
    {
        Exchange x;
        x.responseHeaders = {{"date", "Sun, 22 Nov 2026 09:59:30 GMT"}};
        const QDateTime local(QDate(2026, 11, 22), QTime(10, 0, 0), Qt::UTC);
        QStringList warnings;
        QCOMPARE(flowdetails::clockCheck(x, local, &warnings)["offset_seconds"].get<qint64>(), -30);
        QVERIFY(warnings.isEmpty());
    }
    void missingOrBadDateIsNull()
    {
        Exchange x;
        QStringList warnings;
        QVERIFY(flowdetails::clockCheck(x, QDateTime::currentDateTimeUtc(), &warnings).is_null());
        x.responseHeaders = {{"Date", "yesterday-ish"}};
        QVERIFY(flowdetails::clockCheck(x, QDateTime::currentDateTimeUtc(), &warnings).is_null());
        QVERIFY(warnings.isEmpty());
    }
    void refreshTokenExpectedWithOfflineAccess()
    {
        TokenSet t;
        t.accessToken = QStringLiteral("at");
        QStringList warnings;
        flowdetails::refreshTokenCheck(QStringLiteral("openid offline_access"), t, &warnings);
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings[0].contains(QStringLiteral("prompt=consent")));
        warnings.clear();
        flowdetails::refreshTokenCheck(QStringLiteral("openid"), t, &warnings);
        QVERIFY(warnings.isEmpty());
        t.refreshToken = QStringLiteral("rt");
        flowdetails::refreshTokenCheck(QStringLiteral("openid offline_access"), t, &warnings);
        QVERIFY(warnings.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestFlowDetails)
#include "tst_flowdetails.moc"
