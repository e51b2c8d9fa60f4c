#pragma once
// SandboxStore: the sandbox's memory of pending logins, authorization codes, tokens and grants.
// Every token issued from one code (and every rotation of its refresh token) shares a grant id,
// so a code replay or a refresh-token reuse can revoke the whole family at once.

#include "store/Profile.h"

#include <QByteArray>
#include <QSet>
#include <QString>
#include <map>
#include <optional>

namespace wb {

// A validated authorization request, kept while the login page waits and carried by the code.
struct SandboxAuthorizeRequest {
    QString clientId;
    QString redirectUri; // exactly as sent; the token request must repeat it
    QString scope;
    QString state;
    bool hasState = false;
    QString nonce;
    QString codeChallenge;
    QString codeChallengeMethod; // "S256" | "plain" | empty
    ResponseMode responseMode = ResponseMode::Query;
    QString loginHint;
};

// An issued authorization code and the approved request it stands for.
struct SandboxCode {
    QByteArray value;
    SandboxAuthorizeRequest request;
    QString subject;
    qint64 authTime = 0;
    qint64 expiresAt = 0;
    QByteArray grantId;
    bool redeemed = false;
};

enum class SandboxTokenKind { Access, Refresh };

// An issued access or refresh token; opaque to clients, so all its facts live here.
struct SandboxToken {
    QByteArray value;
    SandboxTokenKind kind = SandboxTokenKind::Access;
    QString clientId;
    QString subject;
    QString scope;
    QByteArray grantId;
    qint64 issuedAt = 0;
    qint64 expiresAt = 0;
    qint64 authTime = 0;
    bool rotated = false; // refresh token already exchanged for its successor
    bool revoked = false;
};

class SandboxStore {
public:
    QByteArray addPending(const SandboxAuthorizeRequest &request, qint64 expiresAt);
    std::optional<SandboxAuthorizeRequest> pending(const QByteArray &id, qint64 now) const;
    void removePending(const QByteArray &id);

    QByteArray addCode(const SandboxAuthorizeRequest &request, const QString &subject, qint64 authTime,
                       qint64 expiresAt);
    // Pointers stay valid until the entry is purged (std::map nodes do not move).
    SandboxCode *code(const QByteArray &value);

    QByteArray newGrantId();
    SandboxToken &addToken(SandboxTokenKind kind, const QString &clientId, const QString &subject,
                           const QString &scope, const QByteArray &grantId, qint64 issuedAt, qint64 expiresAt,
                           qint64 authTime);
    SandboxToken *token(const QByteArray &value);

    // Revokes every token of the grant, now and for any token the grant would still mint.
    void revokeGrant(const QByteArray &grantId);
    bool isGrantRevoked(const QByteArray &grantId) const { return m_revokedGrants.contains(grantId); }
    // Not revoked (itself or its grant) and not expired at `now`.
    bool isActive(const SandboxToken &token, qint64 now) const;

    // Drops entries that expired long ago, so a long-running sandbox stays small.
    void purge(qint64 now);

private:
    // A login page waiting for Allow or Deny.
    struct Pending {
        SandboxAuthorizeRequest request;
        qint64 expiresAt = 0;
    };
    std::map<QByteArray, Pending> m_pending;
    std::map<QByteArray, SandboxCode> m_codes;
    std::map<QByteArray, SandboxToken> m_tokens;
    QSet<QByteArray> m_revokedGrants;
};

// base64url of `bytes` bytes from OpenSSL's CSPRNG, after `prefix` (e.g. "sbx_at_").
QByteArray sandboxRandomToken(const char *prefix, int bytes = 32);

} // namespace wb
