// Race probe classification: all succeeded, one won (rotation), family revoked, all failed,
// inconclusive; and which answer the follow-up refresh uses.
#include "flow/RaceClassifier.h"

#include <QTest>

using namespace wb;

namespace {
RaceAttempt ok(const QString &rt)
{
    RaceAttempt a;
    a.status = 200;
    a.succeeded = true;
    a.newRefreshToken = rt;
    return a;
}
RaceAttempt refused(const QString &error = QStringLiteral("invalid_grant"), int status = 400)
{
    RaceAttempt a;
    a.status = status;
    a.error = error;
    return a;
}
RaceFollowUp followUp(bool succeeded)
{
    RaceFollowUp f;
    f.succeeded = succeeded;
    if (!succeeded)
        f.error = QStringLiteral("invalid_grant");
    return f;
}
} // namespace

class TestRace : public QObject {
    Q_OBJECT
private slots:
    void allSucceededWithoutRotation()
    {
        const QList<RaceAttempt> a{ok("rt"), ok("rt"), ok({})};
        QCOMPARE(raceFollowUpCandidate(a, "rt"), -1);
        const RaceVerdict v = classifyRace(a, std::nullopt);
        QVERIFY(v.outcome == RaceOutcome::AllSucceeded);
        QCOMPARE(v.succeeded, 3);
        QCOMPARE(toString(v.outcome), QStringLiteral("all_succeeded"));
    }

    void oneWonRestInvalidGrant()
    {
        const QList<RaceAttempt> a{refused(), ok("rt2"), refused()};
        QCOMPARE(raceFollowUpCandidate(a, "rt"), 1);
        const RaceVerdict v = classifyRace(a, followUp(true));
        QVERIFY(v.outcome == RaceOutcome::OneWonRestInvalidGrant);
        QCOMPARE(v.invalidGrant, 2);
        QCOMPARE(toString(v.outcome), QStringLiteral("one_won_rest_invalid_grant"));
    }

    void familyRevokedWhenTheWinnersTokenFailsToo()
    {
        const QList<RaceAttempt> a{ok("rt2"), refused(), refused()};
        const RaceVerdict v = classifyRace(a, followUp(false));
        QVERIFY(v.outcome == RaceOutcome::FamilyRevoked);
        QVERIFY(v.explanation.contains(QLatin1String("family")));
        QCOMPARE(toString(v.outcome), QStringLiteral("family_revoked"));
    }

    void allSucceededButRotatedFamilyRevokedAfterwards()
    {
        const QList<RaceAttempt> a{ok("rt2"), ok("rt3")};
        QCOMPARE(raceFollowUpCandidate(a, "rt"), 0);
        QVERIFY(classifyRace(a, followUp(false)).outcome == RaceOutcome::FamilyRevoked);
        QVERIFY(classifyRace(a, followUp(true)).outcome == RaceOutcome::AllSucceeded);
    }

    void allFailed()
    {
        const RaceVerdict v = classifyRace({refused(), refused()}, std::nullopt);
        QVERIFY(v.outcome == RaceOutcome::AllFailed);
    }

    void serverErrorsAreInconclusive()
    {
        const RaceVerdict v = classifyRace(
            {ok("rt2"), refused(QStringLiteral("temporarily_unavailable"), 503)}, followUp(true));
        QVERIFY(v.outcome == RaceOutcome::Inconclusive);
        QCOMPARE(v.other, 1);
        RaceAttempt net;
        net.transportFailed = true;
        QVERIFY(classifyRace({ok("rt2"), net}, std::nullopt).outcome == RaceOutcome::Inconclusive);
        QVERIFY(classifyRace({}, std::nullopt).outcome == RaceOutcome::Inconclusive);
    }

    void severalWinnersWithRefusalsAreInconclusive()
    {
        const RaceVerdict v = classifyRace({ok("rt2"), ok("rt3"), refused()}, followUp(true));
        QVERIFY(v.outcome == RaceOutcome::Inconclusive);
        QCOMPARE(v.succeeded, 2);
    }
};

QTEST_GUILESS_MAIN(TestRace)
#include "tst_race.moc"
