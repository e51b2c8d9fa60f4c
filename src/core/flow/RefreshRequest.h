#pragma once
// RefreshRequest: builds the refresh_token grant request (RFC 6749 6) with the profile's client
// authentication and the optional scope, resource (RFC 8707) and audience parameters.

#include "oauth/TokenRequest.h"

namespace wb {

// Optional parameters of a refresh; empty ones are not sent.
struct RefreshOptions {
    QString scope;
    QString resource;
    QString audience;
};

struct RefreshTokenGrant {
    QString tokenEndpoint;
    QString refreshToken;
    RefreshOptions options;
    ClientAuthMethod authMethod = ClientAuthMethod::None;
    QString clientId;
    QString clientSecret;
    int timeoutMs = 30000;
};

BuiltTokenRequest buildRefreshTokenRequest(const RefreshTokenGrant &grant);

// The form request of RFC 7009 / RFC 7662: token and token_type_hint, with client authentication.
BuiltTokenRequest buildTokenManagementRequest(const QString &endpoint, const QString &token,
                                              const QString &tokenTypeHint, const Profile &profile);

} // namespace wb
