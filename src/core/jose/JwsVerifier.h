#pragma once
// Verifies a compact JWS (RS256 or ES256) against a JWK Set: picks the key by kid, refuses an
// alg that does not fit the key type (no alg confusion, no "none"), checks the signature.

#include <QByteArray>
#include <QString>
#include <nlohmann/json.hpp>

namespace wb::jose {

// Result of verifying one JWS: decoded parts and the key that matched, or why it failed.
struct JwsVerification {
    bool ok = false;
    QString error; // why not, when !ok
    nlohmann::json header = nlohmann::json::object();
    nlohmann::json payload = nlohmann::json::object();
    nlohmann::json key = nlohmann::json::object(); // the JWK that was used
};

namespace JwsVerifier {
JwsVerification verify(QByteArrayView compact, const nlohmann::json &jwks);
// One JWK against a signing input and a JOSE-form signature; false on any mismatch.
bool verifySignature(const nlohmann::json &jwk, const QString &alg, QByteArrayView signingInput,
                     QByteArrayView signature, QString *error = nullptr);
} // namespace JwsVerifier

} // namespace wb::jose
