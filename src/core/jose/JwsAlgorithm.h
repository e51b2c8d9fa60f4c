#pragma once
// The JWS algorithms the workbench signs and verifies (RFC 7518 section 3, RFC 8037 for EdDSA),
// with what each needs from OpenSSL: key type, curve, digest, padding and signature size.

#include <QString>
#include <openssl/types.h>
#include <optional>

namespace wb::jose {

// RS256 and ES256 come first: the sandbox stores these two by value.
enum class JwsAlgorithm { RS256, ES256, RS384, RS512, PS256, PS384, PS512, ES384, ES512, EdDSA };
QString toString(JwsAlgorithm alg);
// Exact, case-sensitive JOSE names ("RS256", "EdDSA"); nullopt for anything else, "none" and
// the HMAC algorithms included.
std::optional<JwsAlgorithm> jwsAlgorithmFromString(const QString &name);

// What an algorithm needs; one row per JwsAlgorithm.
struct JwsAlgorithmInfo {
    JwsAlgorithm alg;
    const char *kty;    // JWK key type: "RSA", "EC", "OKP"
    const char *crv;    // JWK curve for EC/OKP ("P-256", "Ed25519"), nullptr for RSA
    int digestBits;     // 256/384/512; 0 for EdDSA (the signature hashes internally)
    bool pss;           // RSASSA-PSS instead of PKCS#1 v1.5
    int componentBytes; // ECDSA R and S width (32, 48, 66); 0 otherwise
};
const JwsAlgorithmInfo &algorithmInfo(JwsAlgorithm alg);
// OpenSSL digest of `info` (EVP_sha256...), nullptr for EdDSA.
const EVP_MD *algorithmDigest(const JwsAlgorithmInfo &info);
// OpenSSL group name for a JWK EC curve ("P-256" -> "prime256v1"), nullptr when unsupported.
const char *ecGroupName(const QString &crv);

} // namespace wb::jose
