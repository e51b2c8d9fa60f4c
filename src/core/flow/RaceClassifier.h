#pragma once
// RaceClassifier: what a refresh race probe observed, as one of the outcomes production refresh
// code must survive — pure functions over the answers, so every case is unit-testable.

#include <QList>
#include <QString>
#include <optional>

namespace wb {

enum class RaceOutcome {
    AllSucceeded,           // no rotation, or reuse tolerated: every parallel refresh worked
    OneWonRestInvalidGrant, // rotation: the first refresh consumed the token, the rest were refused
    FamilyRevoked,          // reuse detection: afterwards the winner's new refresh token fails too
    AllFailed,              // none worked: the refresh token was already invalid
    Inconclusive,           // network errors, 5xx, or an answer pattern none of the above explains
};
QString toString(RaceOutcome o); // all_succeeded, one_won_rest_invalid_grant, family_revoked, ...

// One parallel refresh's answer.
struct RaceAttempt {
    bool transportFailed = false;
    int status = 0;
    bool succeeded = false;
    QString error;           // OAuth error code when refused
    QString newRefreshToken; // refresh_token in a successful answer (empty when omitted)
};

// The extra refresh with the winner's new refresh token.
struct RaceFollowUp {
    bool succeeded = false;
    QString error;
    bool transportFailed = false;
};

// Index of the attempt whose new refresh token the follow-up should use: the first success that
// rotated (its refresh token differs from `sentRefreshToken`); -1 when none rotated.
int raceFollowUpCandidate(const QList<RaceAttempt> &attempts, const QString &sentRefreshToken);

struct RaceVerdict {
    RaceOutcome outcome = RaceOutcome::Inconclusive;
    QString explanation; // plain sentences for the report
    int succeeded = 0, invalidGrant = 0, other = 0;
};
RaceVerdict classifyRace(const QList<RaceAttempt> &attempts, const std::optional<RaceFollowUp> &followUp);

} // namespace wb
