#include "jose/JwsAlgorithm.h"

#include <openssl/evp.h>

namespace wb::jose {

namespace {
using A = JwsAlgorithm;
constexpr JwsAlgorithmInfo kTable[] = {
    {A::RS256, "RSA", nullptr, 256, false, 0}, {A::ES256, "EC", "P-256", 256, false, 32},
    {A::RS384, "RSA", nullptr, 384, false, 0}, {A::RS512, "RSA", nullptr, 512, false, 0},
    {A::PS256, "RSA", nullptr, 256, true, 0},  {A::PS384, "RSA", nullptr, 384, true, 0},
    {A::PS512, "RSA", nullptr, 512, true, 0},  {A::ES384, "EC", "P-384", 384, false, 48},
    {A::ES512, "EC", "P-521", 512, false, 66}, {A::EdDSA, "OKP", "Ed25519", 0, false, 0},
};
constexpr const char *kNames[] = {"RS256", "ES256", "RS384", "RS512", "PS256",
                                  "PS384", "PS512", "ES384", "ES512", "EdDSA"};
} // namespace

QString toString(JwsAlgorithm alg)
{
    return QString::fromLatin1(kNames[static_cast<int>(alg)]);
}

std::optional<JwsAlgorithm> jwsAlgorithmFromString(const QString &name)
{
    for (const auto &row : kTable) {
        if (name == QLatin1String(kNames[static_cast<int>(row.alg)]))
            return row.alg;
    }
    return std::nullopt;
}

const JwsAlgorithmInfo &algorithmInfo(JwsAlgorithm alg)
{
    return kTable[static_cast<int>(alg)];
}

const EVP_MD *algorithmDigest(const JwsAlgorithmInfo &info)
{
    switch (info.digestBits) {
    case 256:
        return EVP_sha256();
    case 384:
        return EVP_sha384();
    case 512:
        return EVP_sha512();
    default:
        return nullptr;
    }
}

const char *ecGroupName(const QString &crv)
{
    if (crv == QLatin1String("P-256"))
        return "prime256v1";
    if (crv == QLatin1String("P-384"))
        return "secp384r1";
    if (crv == QLatin1String("P-521"))
        return "secp521r1";
    return nullptr;
}

} // namespace wb::jose
