#include "jose/SigningKey.h"

#include "jose/Base64Url.h"
#include "jose/Digest.h"
#include "jose/EcdsaSignature.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <vector>

namespace wb::jose {

namespace {

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

SigningKey::SigningKey(JwsAlgorithm alg, std::shared_ptr<EVP_PKEY> pkey) : m_alg(alg), m_pkey(std::move(pkey))
{
}

std::optional<SigningKey> SigningKey::generate(JwsAlgorithm alg, QString *error)
{
    const JwsAlgorithmInfo &info = algorithmInfo(alg);
    const QString kty = QLatin1String(info.kty);
    EVP_PKEY *raw = kty == QLatin1String("RSA") ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                    : kty == QLatin1String("EC")
                        ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", ecGroupName(QLatin1String(info.crv)))
                        : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
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
    const JwsAlgorithmInfo &info = algorithmInfo(m_alg);
    if (QLatin1String(info.kty) == QLatin1String("OKP")) {
        QByteArray x(32, '\0');
        size_t len = 32;
        if (EVP_PKEY_get_raw_public_key(m_pkey.get(), reinterpret_cast<unsigned char *>(x.data()), &len) !=
                1 ||
            len != 32)
            return nullptr;
        return {{"crv", info.crv}, {"kty", "OKP"}, {"x", b64(x)}};
    }
    if (QLatin1String(info.kty) == QLatin1String("RSA")) {
        const QByteArray n = bnParam(m_pkey.get(), OSSL_PKEY_PARAM_RSA_N);
        const QByteArray e = bnParam(m_pkey.get(), OSSL_PKEY_PARAM_RSA_E);
        if (n.isEmpty() || e.isEmpty())
            return nullptr;
        return {{"e", b64(e)}, {"kty", "RSA"}, {"n", b64(n)}};
    }
    const QByteArray x = bnParam(m_pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X, info.componentBytes);
    const QByteArray y = bnParam(m_pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y, info.componentBytes);
    if (x.isEmpty() || y.isEmpty())
        return nullptr;
    return {{"crv", info.crv}, {"kty", "EC"}, {"x", b64(x)}, {"y", b64(y)}};
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
    else if (*kty == "OKP")
        names = {"crv", "kty", "x"};
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
    const JwsAlgorithmInfo &info = algorithmInfo(m_alg);
    EVP_PKEY_CTX *pctx = nullptr;
    // RSA keys default to PKCS#1 v1.5 padding, which is what RS* means; PS* asks for PSS with
    // MGF1 over the same hash and a salt as long as the hash (RFC 7518 3.5).
    bool ready = EVP_DigestSignInit(ctx, &pctx, algorithmDigest(info), nullptr, m_pkey.get()) == 1;
    if (ready && info.pss)
        ready = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
                EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
                EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, algorithmDigest(info)) == 1;
    if (ready && EVP_DigestSign(ctx, nullptr, &len, data, static_cast<size_t>(input.size())) == 1) {
        sig.resize(static_cast<qsizetype>(len));
        if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(sig.data()), &len, data,
                           static_cast<size_t>(input.size())) == 1)
            sig.truncate(static_cast<qsizetype>(len));
        else
            sig.clear();
    }
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    if (sig.isEmpty() || info.componentBytes == 0)
        return sig;
    return ecdsaDerToRaw(sig, info.componentBytes);
}

} // namespace wb::jose
