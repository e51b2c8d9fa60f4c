#pragma once
// RefreshMerge: how a refresh response is merged into the stored token set (merge, don't
// replace): a refresh token the server omits is kept, a new one is taken and reported as a
// rotation, an omitted ID token is kept, and scope changes are named.

#include "oauth/TokenSet.h"

#include <QStringList>

namespace wb {

struct RefreshMerge {
    TokenSet tokens;                   // the merged set to keep
    bool refreshTokenRotated = false;  // the server sent a different refresh token
    bool refreshTokenKept = false;     // the server omitted it: the stored one stays
    bool refreshTokenRepeated = false; // the server sent the same value again
    bool idTokenKept = false;          // no id_token in the response: the stored one stays
    QString scopeBefore, scopeAfter;
    QStringList scopeAdded, scopeRemoved;
    QStringList notes; // one plain sentence each, for the step's warnings and the report

    bool scopeChanged() const { return !scopeAdded.isEmpty() || !scopeRemoved.isEmpty(); }
};

// `stored` is what the client had; `received` what the refresh response granted;
// `requestedScope` the scope parameter sent with the refresh (empty = none sent). A response
// without scope means the scope requested, or else the one granted before (RFC 6749 5.1, 6).
RefreshMerge mergeRefreshedTokens(const TokenSet &stored, const TokenSet &received,
                                  const QString &requestedScope = {});

} // namespace wb
