#pragma once
// Verifies a compact JWS against a JWK Set: RS256/384/512, PS256/384/512, ES256/384/512 and
// EdDSA (Ed25519). Picks the key by kid, else the single key that fits the alg; refuses "none",
// the HMAC algorithms and any alg that does not fit the key's type or curve (alg confusion).

#include <QByteArray>
#include <QString>
#include <nlohmann/json.hpp>

namespace wb::jose {

// Why a verification failed, so callers can react (refetch the JWK Set on an unknown kid).
enum class JwsFailure {
    None,
    Malformed,      // not three base64url parts with JSON object header and payload
    UnsupportedAlg, // "none", HS256..., or an alg the workbench does not know
    NoKeys,         // the JWK Set is not an object with a keys array
    UnknownKid,     // no key carries the header's kid
    NoMatchingKey,  // no kid in the header and no key fits the alg
    AmbiguousKey,   // no kid in the header and several keys fit the alg
    KeyMismatch,    // the key with that kid has another type, curve or alg
    BadKey,         // the chosen JWK is not a valid public key
    BadSignature,   // the signature does not verify
};
QString toString(JwsFailure f);

// Result of verifying one JWS: decoded parts and the key that matched, or why it failed.
struct JwsVerification {
    bool ok = false;
    JwsFailure failure = JwsFailure::None;
    QString error; // why not, when !ok
    QString alg;   // from the header
    QString kid;   // from the header (may be empty)
    nlohmann::json header = nlohmann::json::object();
    nlohmann::json payload = nlohmann::json::object();
    nlohmann::json key = nlohmann::json::object(); // the JWK that was used (or tried)
    // The JWK Set does not know the kid (or no key fits): a rotated key set may, refetch it.
    bool keyNotFound() const
    {
        return failure == JwsFailure::UnknownKid || failure == JwsFailure::NoMatchingKey;
    }
};

namespace JwsVerifier {
JwsVerification verify(QByteArrayView compact, const nlohmann::json &jwks);
// One JWK against a signing input and a JOSE-form signature; false on any mismatch.
bool verifySignature(const nlohmann::json &jwk, const QString &alg, QByteArrayView signingInput,
                     QByteArrayView signature, QString *error = nullptr);
} // namespace JwsVerifier

} // namespace wb::jose
