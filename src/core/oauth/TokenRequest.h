#pragma once
// Builds the token request for the authorization_code grant (RFC 6749 4.1.3 + PKCE): the
// exact form and headers to send, with client authentication applied once.

#include "http/HttpClient.h"
#include "store/Profile.h"

namespace wb {

struct AuthorizationCodeGrant {
    QString tokenEndpoint;
    QString code;
    QString redirectUri;  // must be byte-identical to the authorization request's
    QString codeVerifier; // empty = PKCE off, no code_verifier sent
    ClientAuthMethod authMethod = ClientAuthMethod::None;
    QString clientId;
    QString clientSecret;
    ParamList overrides; // replace or add form parameters (reproducing mismatches on purpose)
    int timeoutMs = 30000;
};

// A token response is a few KB; anything past this is recorded cut there (response_too_large)
// instead of being held whole (docs/hardening.md). Used by every request answered with tokens.
constexpr qint64 kTokenResponseLimitBytes = 1024 * 1024;

struct BuiltTokenRequest {
    HttpRequest request;
    ParamList form; // decoded form parameters, in order, as encoded in request.body
};

BuiltTokenRequest buildAuthorizationCodeRequest(const AuthorizationCodeGrant &grant);

// Replaces the first parameter with `name` (dropping later duplicates) or appends it.
void setParam(ParamList &params, const QString &name, const QString &value);

} // namespace wb
