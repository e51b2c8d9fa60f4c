#include "jose/SigningKey.h"

#include "jose/Base64Url.h"
#include "jose/Digest.h"
#include "jose/EcdsaSignature.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <vector>

namespace wb::jose {

namespace {

constexpr int kP256Bytes = 32;

QString opensslError(const char *what)
{
    const unsigned long code = ERR_get_error();
    char buf[256] = {};
    if (code)
        ERR_error_string_n(code, buf, sizeof buf);
    ERR_clear_error();
    return QStringLiteral("%1 failed: %2")
        .arg(QLatin1String(what), QLatin1String(code ? buf : "unknown error"));
}

// Big-endian bytes of a BIGNUM key parameter; `pad` > 0 left-pads to that width.
QByteArray bnParam(const EVP_PKEY *pkey, const char *name, int pad = 0)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1)
        return {};
    const int len = pad > 0 ? pad : BN_num_bytes(bn);
    QByteArray out(len, '\0');
    const int written = pad > 0 ? BN_bn2binpad(bn, reinterpret_cast<unsigned char *>(out.data()), len)
                                : BN_bn2bin(bn, reinterpret_cast<unsigned char *>(out.data()));
    BN_free(bn);
    return written == len ? out : QByteArray();
}

std::string b64(const QByteArray &bytes)
{
    return base64UrlEncode(bytes).toStdString();
}

} // namespace

QString toString(JwsAlgorithm alg)
{
    return alg == JwsAlgorithm::ES256 ? QStringLiteral("ES256") : QStringLiteral("RS256");
}

std::optional<JwsAlgorithm> jwsAlgorithmFromString(const QString &name)
{
    if (name == QLatin1String("RS256"))
        return JwsAlgorithm::RS256;
    if (name == QLatin1String("ES256"))
        return JwsAlgorithm::ES256;
    return std::nullopt;
}

SigningKey::SigningKey(JwsAlgorithm alg, std::shared_ptr<EVP_PKEY> pkey) : m_alg(alg), m_pkey(std::move(pkey))
{
}

std::optional<SigningKey> SigningKey::generate(JwsAlgorithm alg, QString *error)
{
    EVP_PKEY *raw = alg == JwsAlgorithm::RS256 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                                               : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    if (!raw) {
        if (error)
            *error = opensslError("key generation");
        return std::nullopt;
    }
    SigningKey key(alg, std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free));
    key.m_kid = QString::fromLatin1(key.thumbprint());
    if (key.m_kid.isEmpty()) {
        if (error)
            *error = opensslError("public key export");
        return std::nullopt;
    }
    return key;
}

nlohmann::json SigningKey::requiredMembers() const
{
    if (m_alg == JwsAlgorithm::RS256) {
        const QByteArray n = bnParam(m_pkey.get(), OSSL_PKEY_PARAM_RSA_N);
        const QByteArray e = bnParam(m_pkey.get(), OSSL_PKEY_PARAM_RSA_E);
        if (n.isEmpty() || e.isEmpty())
            return nullptr;
        return {{"e", b64(e)}, {"kty", "RSA"}, {"n", b64(n)}};
    }
    const QByteArray x = bnParam(m_pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X, kP256Bytes);
    const QByteArray y = bnParam(m_pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y, kP256Bytes);
    if (x.isEmpty() || y.isEmpty())
        return nullptr;
    return {{"crv", "P-256"}, {"kty", "EC"}, {"x", b64(x)}, {"y", b64(y)}};
}

QByteArray jwkThumbprint(const nlohmann::json &jwk)
{
    if (!jwk.is_object())
        return {};
    const auto kty = jwk.find("kty");
    if (kty == jwk.end() || !kty->is_string())
        return {};
    std::vector<const char *> names;
    if (*kty == "RSA")
        names = {"e", "kty", "n"};
    else if (*kty == "EC")
        names = {"crv", "kty", "x", "y"};
    else
        return {};
    nlohmann::json members = nlohmann::json::object();
    for (const char *name : names) {
        const auto it = jwk.find(name);
        if (it == jwk.end() || !it->is_string())
            return {};
        members[name] = *it;
    }
    // nlohmann::json objects are sorted by key and dump() adds no whitespace: the RFC 7638 form.
    const std::string canonical = members.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return base64UrlEncode(sha256(QByteArray::fromStdString(canonical)));
}

QByteArray SigningKey::thumbprint() const
{
    return jwkThumbprint(requiredMembers());
}

nlohmann::json SigningKey::publicJwk() const
{
    nlohmann::json jwk = requiredMembers();
    if (jwk.is_null())
        return nlohmann::json::object();
    jwk["kid"] = m_kid.toStdString();
    jwk["use"] = "sig";
    jwk["alg"] = toString(m_alg).toStdString();
    return jwk;
}

QByteArray SigningKey::sign(QByteArrayView input) const
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx)
        return {};
    QByteArray sig;
    size_t len = 0;
    const auto *data = reinterpret_cast<const unsigned char *>(input.data());
    // RSA keys default to PKCS#1 v1.5 padding, which is what RS256 means.
    if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, m_pkey.get()) == 1 &&
        EVP_DigestSign(ctx, nullptr, &len, data, static_cast<size_t>(input.size())) == 1) {
        sig.resize(static_cast<qsizetype>(len));
        if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(sig.data()), &len, data,
                           static_cast<size_t>(input.size())) == 1)
            sig.truncate(static_cast<qsizetype>(len));
        else
            sig.clear();
    }
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    if (sig.isEmpty() || m_alg == JwsAlgorithm::RS256)
        return sig;
    return ecdsaDerToRaw(sig, kP256Bytes);
}

} // namespace wb::jose
