// Auto-refresh decisions: due a margin before expiry, stop on invalid_grant (re-authorize),
// exponential back-off on 5xx / temporarily_unavailable / network errors, reset on success.
#include "flow/AutoRefreshPolicy.h"

#include <QTest>

using namespace wb;

namespace {
const QDateTime t0(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

TokenSet tokens(qint64 expiresIn, const QDateTime &obtained = t0)
{
    TokenSet t;
    t.accessToken = QStringLiteral("at");
    t.refreshToken = QStringLiteral("rt");
    t.expiresIn = expiresIn;
    t.obtainedAt = obtained;
    return t;
}

Session failed(const QString &oauthError, int status, ErrorKind kind = ErrorKind::Protocol)
{
    Session s;
    s.outcome = Outcome::Failed;
    s.error.kind = kind;
    s.error.code = oauthError.isEmpty() ? QStringLiteral("network_error") : oauthError;
    s.error.message = QStringLiteral("failed");
    if (!oauthError.isEmpty()) {
        ProtocolError pe;
        pe.error = oauthError;
        pe.httpStatus = status;
        s.error.protocol = pe;
    }
    return s;
}
} // namespace

class TestAutoRefresh : public QObject {
    Q_OBJECT
private slots:
    void dueMarginBeforeExpiry()
    {
        AutoRefreshPolicy p(AutoRefreshSettings{120, 15, 900});
        const auto d = p.schedule(tokens(3600), t0);
        QVERIFY(d.state == AutoRefreshPolicy::State::Scheduled);
        QCOMPARE(d.at, t0.addSecs(3600 - 120));
    }

    void alreadyInsideTheMarginMeansNow()
    {
        AutoRefreshPolicy p(AutoRefreshSettings{300, 15, 900});
        const auto d = p.schedule(tokens(60), t0);
        QCOMPARE(d.at, t0);
    }

    void nothingToScheduleWithoutRefreshTokenOrExpiry()
    {
        AutoRefreshPolicy p;
        TokenSet noRt = tokens(3600);
        noRt.refreshToken.clear();
        QVERIFY(p.schedule(noRt, t0).state == AutoRefreshPolicy::State::Idle);
        TokenSet noExp = tokens(3600);
        noExp.expiresIn.reset();
        QVERIFY(p.schedule(noExp, t0).state == AutoRefreshPolicy::State::Idle);
    }

    void invalidGrantStopsForGood()
    {
        AutoRefreshPolicy p;
        const auto d = p.afterRefresh(failed(QStringLiteral("invalid_grant"), 400), t0);
        QVERIFY(d.state == AutoRefreshPolicy::State::Stopped);
        QVERIFY(d.message.contains(QLatin1String("re-authorize")));
        QVERIFY(!d.at.isValid());
    }

    void backsOffExponentiallyAndCaps()
    {
        AutoRefreshPolicy p(AutoRefreshSettings{60, 10, 50});
        auto d = p.afterRefresh(failed(QStringLiteral("temporarily_unavailable"), 503), t0);
        QVERIFY(d.state == AutoRefreshPolicy::State::BackingOff);
        QCOMPARE(d.at, t0.addSecs(10));
        d = p.afterRefresh(failed(QStringLiteral("server_error"), 500), t0);
        QCOMPARE(d.at, t0.addSecs(20));
        d = p.afterRefresh(failed({}, 0, ErrorKind::Network), t0);
        QCOMPARE(d.at, t0.addSecs(40));
        d = p.afterRefresh(failed({}, 0, ErrorKind::Timeout), t0);
        QCOMPARE(d.at, t0.addSecs(50)); // capped
        QCOMPARE(p.consecutiveFailures(), 4);

        Session ok;
        ok.outcome = Outcome::Succeeded;
        ok.tokens = tokens(600, t0);
        d = p.afterRefresh(ok, t0);
        QVERIFY(d.state == AutoRefreshPolicy::State::Scheduled);
        QCOMPARE(p.consecutiveFailures(), 0);
        d = p.afterRefresh(failed(QStringLiteral("temporarily_unavailable"), 503), t0);
        QCOMPARE(d.at, t0.addSecs(10)); // back to the first step
    }

    void otherErrorsStopWithoutRetrying()
    {
        AutoRefreshPolicy p;
        Session s = failed(QStringLiteral("invalid_request"), 400);
        QVERIFY(p.afterRefresh(s, t0).state == AutoRefreshPolicy::State::Stopped);
        Session cfg;
        cfg.outcome = Outcome::Failed;
        cfg.error = Error::make(ErrorKind::Config, QStringLiteral("config"), QStringLiteral("no endpoint"));
        QVERIFY(p.afterRefresh(cfg, t0).state == AutoRefreshPolicy::State::Stopped);
    }

    void htmlGatewayErrorIsTemporary()
    {
        Error e = Error::make(ErrorKind::Http, QStringLiteral("http_status"),
                              QStringLiteral("The token endpoint answered HTTP 502 with an HTML page."));
        QVERIFY(AutoRefreshPolicy::isTemporary(e));
        QVERIFY(!AutoRefreshPolicy::needsReauthorization(e));
    }
};

QTEST_GUILESS_MAIN(TestAutoRefresh)
#include "tst_autorefresh.moc"
