#pragma once
// SandboxTokenIssuer: mints the tokens of one successful grant — opaque access and refresh tokens
// in the store, a signed ID token with nonce, at_hash and auth_time — and the user claims that
// the ID token and /userinfo share.

#include "sandbox/SandboxContext.h"

#include <nlohmann/json.hpp>

namespace wb {

// What one successful grant hands out, and to whom.
struct SandboxGrant {
    QString clientId;
    QString subject;
    QString scope;        // of the access token
    QString refreshScope; // of a new refresh token (a refresh keeps the original scope)
    QByteArray grantId;
    QString nonce;
    qint64 authTime = 0; // real clock, seconds
    bool withRefreshToken = false;
    bool withIdToken = false;
};

namespace SandboxTokenIssuer {

// Stores the tokens and returns the RFC 6749 5.1 body (access_token, token_type, expires_in,
// scope, refresh_token?, id_token?).
nlohmann::json issue(SandboxContext &ctx, const SandboxGrant &grant);
QByteArray idToken(SandboxContext &ctx, const SandboxGrant &grant, const QByteArray &accessToken);
// OIDC Core 3.1.3.6: base64url of the left half of SHA-256 of the access token.
QByteArray atHash(const QByteArray &accessToken);
// sub plus the profile/email claims the scope allows.
nlohmann::json userClaims(const QString &subject, const QString &scope);
bool hasScope(const QString &scope, const QString &name);

} // namespace SandboxTokenIssuer

} // namespace wb
