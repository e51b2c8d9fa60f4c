#include "sandbox/SandboxKeys.h"

#include "jose/Jws.h"

namespace wb {

bool SandboxKeys::generate(QString *error)
{
    m_rsa = jose::SigningKey::generate(jose::JwsAlgorithm::RS256, error);
    m_ec = jose::SigningKey::generate(jose::JwsAlgorithm::ES256, error);
    m_rsaImpostor.reset();
    m_ecImpostor.reset();
    return m_rsa && m_ec;
}

nlohmann::json SandboxKeys::jwks() const
{
    nlohmann::json keys = nlohmann::json::array();
    if (m_rsa)
        keys.push_back(m_rsa->publicJwk());
    if (m_ec)
        keys.push_back(m_ec->publicJwk());
    return {{"keys", keys}};
}

const jose::SigningKey &SandboxKeys::key(jose::JwsAlgorithm alg) const
{
    return alg == jose::JwsAlgorithm::ES256 ? *m_ec : *m_rsa;
}

QByteArray SandboxKeys::sign(jose::JwsAlgorithm alg, const nlohmann::json &payload, bool impostor)
{
    const nlohmann::json header = {{"typ", "JWT"}};
    if (!impostor)
        return jose::Jws::sign(key(alg), payload, header);
    auto &slot = alg == jose::JwsAlgorithm::ES256 ? m_ecImpostor : m_rsaImpostor;
    if (!slot) {
        slot = jose::SigningKey::generate(alg);
        if (!slot)
            return {};
        slot->setKid(key(alg).kid());
    }
    return jose::Jws::sign(*slot, payload, header);
}

} // namespace wb
