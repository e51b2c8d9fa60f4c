#include "flow/RaceClassifier.h"

namespace wb {

QString toString(RaceOutcome o)
{
    switch (o) {
    case RaceOutcome::AllSucceeded:
        return QStringLiteral("all_succeeded");
    case RaceOutcome::OneWonRestInvalidGrant:
        return QStringLiteral("one_won_rest_invalid_grant");
    case RaceOutcome::FamilyRevoked:
        return QStringLiteral("family_revoked");
    case RaceOutcome::AllFailed:
        return QStringLiteral("all_failed");
    case RaceOutcome::Inconclusive:
        break;
    }
    return QStringLiteral("inconclusive");
}

int raceFollowUpCandidate(const QList<RaceAttempt> &attempts, const QString &sentRefreshToken)
{
    for (int i = 0; i < attempts.size(); ++i) {
        const RaceAttempt &a = attempts[i];
        if (a.succeeded && !a.newRefreshToken.isEmpty() && a.newRefreshToken != sentRefreshToken)
            return i;
    }
    return -1;
}

RaceVerdict classifyRace(const QList<RaceAttempt> &attempts, const std::optional<RaceFollowUp> &followUp)
{
    RaceVerdict v;
    for (const RaceAttempt &a : attempts) {
        if (a.succeeded)
            ++v.succeeded;
        else if (!a.transportFailed && a.error == u"invalid_grant")
            ++v.invalidGrant;
        else
            ++v.other;
    }
    const int n = int(attempts.size());
    if (n == 0) {
        v.explanation = QStringLiteral("No refresh was sent.");
        return v;
    }
    if (v.other > 0) {
        v.explanation = QStringLiteral("%1 of %2 refreshes ended in a network error or an unexpected answer "
                                       "(not invalid_grant): the race cannot be judged.")
                            .arg(v.other)
                            .arg(n);
        return v;
    }
    if (v.succeeded == 0) {
        v.outcome = RaceOutcome::AllFailed;
        v.explanation =
            QStringLiteral("All %1 refreshes got invalid_grant: the refresh token was already expired, "
                           "revoked or used before the probe.")
                .arg(n);
        return v;
    }
    const bool followUpFailed =
        followUp && !followUp->succeeded && !followUp->transportFailed && followUp->error == u"invalid_grant";
    if (v.invalidGrant == 0) {
        v.outcome = RaceOutcome::AllSucceeded;
        v.explanation =
            QStringLiteral("All %1 parallel refreshes succeeded: the server does not rotate refresh "
                           "tokens (or tolerates reuse), so concurrent refreshes are safe here.")
                .arg(n);
        if (followUpFailed) {
            v.outcome = RaceOutcome::FamilyRevoked;
            v.explanation =
                QStringLiteral("All %1 parallel refreshes succeeded, yet the new refresh token failed "
                               "afterwards: the server detected the reuse and revoked the whole "
                               "token family.")
                    .arg(n);
        }
        return v;
    }
    if (followUpFailed) {
        v.outcome = RaceOutcome::FamilyRevoked;
        v.explanation =
            QStringLiteral(
                "%1 of %2 refreshes succeeded and %3 got invalid_grant; then the winner's new refresh "
                "token was refused too: the server treats reuse of a rotated refresh token as theft "
                "and revokes the whole family. Two tabs or processes refreshing at once log the user "
                "out.")
                .arg(v.succeeded)
                .arg(n)
                .arg(v.invalidGrant);
        return v;
    }
    if (v.succeeded == 1 && (!followUp || followUp->succeeded)) {
        v.outcome = RaceOutcome::OneWonRestInvalidGrant;
        v.explanation =
            QStringLiteral("One refresh won and %1 got invalid_grant: the server rotates refresh tokens "
                           "and each may be used once. Concurrent refreshes must share one request "
                           "(single-flight), or all but one caller lose their session.")
                .arg(v.invalidGrant);
        return v;
    }
    v.explanation = QStringLiteral("%1 of %2 refreshes succeeded and %3 got invalid_grant%4.")
                        .arg(v.succeeded)
                        .arg(n)
                        .arg(v.invalidGrant)
                        .arg(followUp && followUp->transportFailed
                                 ? QStringLiteral("; the follow-up refresh failed on the network")
                                 : QString());
    return v;
}

} // namespace wb
