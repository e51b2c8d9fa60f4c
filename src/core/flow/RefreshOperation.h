#pragma once
// RefreshOperation: one refresh_token grant with the profile's client authentication, recorded as
// a Refresh step. The response is merged into the stored set (RefreshMerge): session().tokens is
// the set to keep, and the step says when the refresh token rotated or the scope changed.

#include "flow/RefreshMerge.h"
#include "flow/RefreshRequest.h"
#include "flow/TokenOperation.h"

namespace wb {

class RefreshOperation : public TokenOperation {
    Q_OBJECT
public:
    RefreshOperation(Profile profile, TokenSet tokens, QNetworkAccessManager *nam,
                     RefreshOptions options = {}, Clock clock = systemClock(), QObject *parent = nullptr);

    // Filled after a successful refresh.
    const RefreshMerge &merge() const { return m_merge; }

    // A session that records "another process already refreshed these tokens": no request sent,
    // `current` (read back from the keychain) is the result.
    static Session alreadyRefreshed(const Profile &profile, const TokenSet &current, const Clock &clock);

protected:
    TokenEndpoint endpointKind() const override { return TokenEndpoint::Token; }
    QString precondition() const override;
    void run(const QString &endpoint) override;

private:
    void onResponse(const Exchange &x);

    RefreshOptions m_options;
    RefreshMerge m_merge;
    int m_step = -1;
};

} // namespace wb
