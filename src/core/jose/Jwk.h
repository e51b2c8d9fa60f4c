#pragma once
// Turns public JWKs (RFC 7517/7518, RFC 8037) into OpenSSL keys: RSA, EC P-256/P-384/P-521 and
// OKP Ed25519, through the OpenSSL 3 EVP_PKEY_fromdata interface; and parses a JWK Set document.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <memory>
#include <nlohmann/json.hpp>
#include <openssl/types.h>

namespace wb::jose {

using PublicKey = std::shared_ptr<EVP_PKEY>;

// The public key a JWK describes, or null with the reason in `error` (unsupported kty or curve,
// a member missing or not base64url, a point not on the curve...). Private members are ignored.
PublicKey publicKeyFromJwk(const nlohmann::json &jwk, QString *error = nullptr);

// A JWK Set document as fetched from jwks_uri.
struct JwkSet {
    bool ok = false;
    QString error;                                 // why the document is unusable, when !ok
    nlohmann::json keys = nlohmann::json::array(); // the key objects, in document order
    QStringList notes;                             // keys that can never verify, and why
};
// Parses `body`: a JSON object with a "keys" array. Keys that are not objects or lack "kty" are
// left out with a note; everything else is kept as sent for the verifier to choose from.
JwkSet parseJwkSet(const QByteArray &body);

// A short description of a JWK for messages and check tables: "RSA kid=abc alg=RS256".
QString describeJwk(const nlohmann::json &jwk);

} // namespace wb::jose
