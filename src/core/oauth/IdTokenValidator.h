#pragma once
// IdTokenValidator: the OpenID Connect Core 3.1.3.7 checks on an ID token (signature, iss, aud,
// azp, exp, iat, nbf, sub, nonce, at_hash, c_hash) with a leeway, as a table of rows showing the
// values compared. Pure: the clock reading and the signature verification are passed in.

#include "jose/JwsVerifier.h"
#include "oauth/Error.h"
#include "oauth/IdTokenCheck.h"

#include <QDateTime>
#include <QStringList>
#include <optional>

namespace wb {

// What the flow knows that the ID token must match: issuer, client, nonce, tokens, clock.
struct IdTokenExpectations {
    QString issuer; // from discovery (or the profile); empty skips the iss check
    QString clientId;
    QString nonce;       // sent in the authorization request; empty when none was sent
    QString accessToken; // for at_hash
    QString code;        // for c_hash
    qint64 leewaySeconds = 60;
    QDateTime now; // the injected clock's reading
    // The token verified against the issuer's JWK Set; nullopt when there is none to verify
    // against, and then `signatureSkippedReason` says why (shown, and warned about).
    std::optional<jose::JwsVerification> signature;
    QString signatureSkippedReason;
};

// The outcome: decoded token, the check table, the first failure as a typed error.
struct IdTokenValidation {
    bool decoded = false;
    nlohmann::json header = nlohmann::json::object();
    nlohmann::json claims = nlohmann::json::object();
    QList<TokenCheck> checks;
    Error error;          // the first failed check as a Validation error (or Parse when undecodable)
    QStringList warnings; // signature not checked, clock skew
    std::optional<qint64> iatOffsetSeconds; // iat minus the local clock: the server's clock skew
    QString alg, kid;
};

IdTokenValidation validateIdToken(const QString &token, const IdTokenExpectations &expect);

// at_hash / c_hash (OIDC Core 3.1.3.6): base64url of the left half of the SHA-2 digest that
// matches the ID token's alg (SHA-512 for EdDSA with Ed25519). Empty for an unknown alg.
QString tokenHash(const QString &alg, const QString &value);

// "1700000000 (2023-11-14T22:13:20Z)" for a NumericDate.
QString numericDateText(qint64 seconds);

} // namespace wb
