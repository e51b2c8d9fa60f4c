#pragma once
// SigningKey: an in-memory private key for JWS signing (any JwsAlgorithm), generated at start and
// never persisted; exports its public half as a JWK whose kid is the RFC 7638 thumbprint.

#include "jose/JwsAlgorithm.h"

#include <QByteArray>
#include <QString>
#include <memory>
#include <nlohmann/json.hpp>
#include <openssl/types.h>
#include <optional>

namespace wb::jose {

// RFC 7638 thumbprint of a public RSA, EC or OKP JWK (only the required members count); empty when
// kty is neither or a required member is missing.
QByteArray jwkThumbprint(const nlohmann::json &jwk);

class SigningKey {
public:
    // RSA 2048 for RS*/PS*, the matching curve for ES*, Ed25519 for EdDSA. nullopt (with a message) if
    // OpenSSL fails.
    static std::optional<SigningKey> generate(JwsAlgorithm alg, QString *error = nullptr);

    JwsAlgorithm algorithm() const { return m_alg; }
    QString kid() const { return m_kid; }
    // Lets the sandbox mint a look-alike key that claims another key's kid.
    void setKid(const QString &kid) { m_kid = kid; }

    // Public JWK: kty, kid, use "sig", alg, and n/e (RSA), crv/x/y (EC) or crv/x (OKP).
    nlohmann::json publicJwk() const;
    // RFC 7638 thumbprint (base64url SHA-256 of the canonical required members).
    QByteArray thumbprint() const;

    // Signature in JOSE form over `input`: PKCS#1 v1.5 (RS*) or PSS (PS*), fixed-size R||S for
    // ES*, raw Ed25519 for EdDSA. Empty on failure.
    QByteArray sign(QByteArrayView input) const;

    // The OpenSSL key, for callers that verify with OpenSSL directly (tests).
    EVP_PKEY *pkey() const { return m_pkey.get(); }

private:
    SigningKey(JwsAlgorithm alg, std::shared_ptr<EVP_PKEY> pkey);
    nlohmann::json requiredMembers() const;

    JwsAlgorithm m_alg;
    std::shared_ptr<EVP_PKEY> m_pkey;
    QString m_kid;
};

} // namespace wb::jose
