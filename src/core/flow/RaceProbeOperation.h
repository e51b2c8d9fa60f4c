#pragma once
// RaceProbeOperation: sends N refreshes with the same refresh token at once, then (when one
// rotated) one more refresh with the winner's new token, and classifies what the server did
// (RaceClassifier) with the evidence per request — the race that breaks production refresh code.

#include "flow/RaceClassifier.h"
#include "flow/RefreshRequest.h"
#include "flow/TokenOperation.h"

#include <optional>

namespace wb {

class RaceProbeOperation : public TokenOperation {
    Q_OBJECT
public:
    static constexpr int kMaxParallel = 20;

    RaceProbeOperation(Profile profile, TokenSet tokens, int parallel, QNetworkAccessManager *nam,
                       Clock clock = systemClock(), QObject *parent = nullptr);

    const RaceVerdict &verdict() const { return m_verdict; }
    // The token set still usable afterwards, to store in place of the consumed one; nullopt when
    // the probe left none (family revoked, all failed).
    const std::optional<TokenSet> &tokensToStore() const { return m_toStore; }

protected:
    TokenEndpoint endpointKind() const override { return TokenEndpoint::Token; }
    QString precondition() const override;
    void run(const QString &endpoint) override;

private:
    void onAttempt(int index, const Exchange &x);
    void onFollowUp(const Exchange &x);
    void conclude();
    RaceAttempt attemptFrom(const Exchange &x, TokenSet *tokens, QString *description) const;

    int m_parallel;
    QString m_endpoint;
    int m_step = -1;
    int m_pending = 0;
    QList<RaceAttempt> m_attempts;
    QList<TokenSet> m_granted;
    std::optional<RaceFollowUp> m_followUp;
    TokenSet m_followUpTokens;
    int m_winner = -1;
    RaceVerdict m_verdict;
    std::optional<TokenSet> m_toStore;
    nlohmann::json m_evidence = nlohmann::json::array();
};

} // namespace wb
