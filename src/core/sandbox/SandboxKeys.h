#pragma once
// SandboxKeys: the sandbox's signing keys (one RS256, one ES256, fresh at every start) and, for
// the bad_id_token_signature fault, look-alike keys that claim the same kid but are never
// published, so the signature is well-formed yet fails against the JWKS.

#include "jose/SigningKey.h"

#include <nlohmann/json.hpp>
#include <optional>

namespace wb {

class SandboxKeys {
public:
    // Generates both published keys; false with a message if OpenSSL fails.
    bool generate(QString *error = nullptr);

    nlohmann::json jwks() const; // {"keys":[RS256 JWK, ES256 JWK]}
    const jose::SigningKey &key(jose::JwsAlgorithm alg) const;
    // Compact JWS of `payload` (typ JWT). `impostor` signs with the unpublished look-alike key.
    QByteArray sign(jose::JwsAlgorithm alg, const nlohmann::json &payload, bool impostor);

private:
    std::optional<jose::SigningKey> m_rsa, m_ec;
    std::optional<jose::SigningKey> m_rsaImpostor, m_ecImpostor; // made on first use
};

} // namespace wb
