#include "jose/JwsVerifier.h"

#include "jose/Base64Url.h"
#include "jose/EcdsaSignature.h"
#include "util/JsonQt.h"

#include <QList>
#include <memory>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace wb::jose {

namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

QByteArray memberBytes(const nlohmann::json &jwk, const char *name)
{
    const auto decoded = base64UrlDecode(jsonString(jwk, name).toLatin1());
    return decoded ? *decoded : QByteArray();
}

PkeyPtr pkeyFromParams(const char *type, OSSL_PARAM_BLD *bld)
{
    PkeyPtr result(nullptr, EVP_PKEY_free);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
    EVP_PKEY *pkey = nullptr;
    if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1)
        result.reset(pkey);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return result;
}

PkeyPtr rsaKey(const nlohmann::json &jwk)
{
    const QByteArray n = memberBytes(jwk, "n");
    const QByteArray e = memberBytes(jwk, "e");
    if (n.isEmpty() || e.isEmpty())
        return PkeyPtr(nullptr, EVP_PKEY_free);
    BIGNUM *bn = BN_bin2bn(reinterpret_cast<const unsigned char *>(n.constData()), static_cast<int>(n.size()),
                           nullptr);
    BIGNUM *be = BN_bin2bn(reinterpret_cast<const unsigned char *>(e.constData()), static_cast<int>(e.size()),
                           nullptr);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    PkeyPtr result(nullptr, EVP_PKEY_free);
    if (bn && be && bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) == 1 &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) == 1)
        result = pkeyFromParams("RSA", bld);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn);
    BN_free(be);
    return result;
}

PkeyPtr p256Key(const nlohmann::json &jwk)
{
    const QByteArray x = memberBytes(jwk, "x");
    const QByteArray y = memberBytes(jwk, "y");
    if (jsonString(jwk, "crv") != QLatin1String("P-256") || x.size() != 32 || y.size() != 32)
        return PkeyPtr(nullptr, EVP_PKEY_free);
    const QByteArray point = QByteArray(1, '\x04') + x + y; // uncompressed SEC1 point
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    PkeyPtr result(nullptr, EVP_PKEY_free);
    if (bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1 &&
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                         static_cast<size_t>(point.size())) == 1)
        result = pkeyFromParams("EC", bld);
    OSSL_PARAM_BLD_free(bld);
    return result;
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// The key type an algorithm needs: a JWK of another type is never tried (alg confusion).
QString ktyFor(const QString &alg)
{
    if (alg == QLatin1String("RS256"))
        return QStringLiteral("RSA");
    if (alg == QLatin1String("ES256"))
        return QStringLiteral("EC");
    return {};
}

} // namespace

bool JwsVerifier::verifySignature(const nlohmann::json &jwk, const QString &alg, QByteArrayView signingInput,
                                  QByteArrayView signature, QString *error)
{
    const QString kty = ktyFor(alg);
    if (kty.isEmpty())
        return fail(error, QStringLiteral("unsupported alg \"%1\"").arg(alg));
    if (jsonString(jwk, "kty") != kty)
        return fail(error, QStringLiteral("key type %1 cannot verify %2").arg(jsonString(jwk, "kty"), alg));
    PkeyPtr pkey = kty == QLatin1String("RSA") ? rsaKey(jwk) : p256Key(jwk);
    if (!pkey) {
        ERR_clear_error();
        return fail(error, QStringLiteral("the JWK is not a valid %1 public key").arg(kty));
    }
    QByteArray sig = signature.toByteArray();
    if (kty == QLatin1String("RSA") && EVP_PKEY_get_bits(pkey.get()) < 2048)
        return fail(error, QStringLiteral("RSA key shorter than 2048 bits"));
    if (kty == QLatin1String("EC")) {
        if (sig.size() != 64)
            return fail(error, QStringLiteral("ES256 signature must be 64 bytes, got %1").arg(sig.size()));
        sig = ecdsaRawToDer(sig);
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, pkey.get()) == 1 &&
                    EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(sig.constData()),
                                     static_cast<size_t>(sig.size()),
                                     reinterpret_cast<const unsigned char *>(signingInput.data()),
                                     static_cast<size_t>(signingInput.size())) == 1;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok ? true : fail(error, QStringLiteral("signature does not verify"));
}

JwsVerification JwsVerifier::verify(QByteArrayView compact, const nlohmann::json &jwks)
{
    JwsVerification result;
    const QList<QByteArray> parts = compact.toByteArray().split('.');
    if (parts.size() != 3) {
        result.error = QStringLiteral("not a compact JWS (expected 3 parts, got %1)").arg(parts.size());
        return result;
    }
    const auto headerBytes = base64UrlDecode(parts[0]);
    const auto payloadBytes = base64UrlDecode(parts[1]);
    const auto signature = base64UrlDecode(parts[2]);
    if (!headerBytes || !payloadBytes || !signature) {
        result.error = QStringLiteral("a part is not valid base64url");
        return result;
    }
    const auto header = parseJson(*headerBytes);
    const auto payload = parseJson(*payloadBytes);
    if (!header || !header->is_object() || !payload || !payload->is_object()) {
        result.error = QStringLiteral("header or payload is not a JSON object");
        return result;
    }
    result.header = *header;
    result.payload = *payload;
    const QString alg = jsonString(*header, "alg");
    const QString kid = jsonString(*header, "kid");
    if (ktyFor(alg).isEmpty()) {
        result.error = QStringLiteral("unsupported alg \"%1\"").arg(alg);
        return result;
    }
    if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
        result.error = QStringLiteral("the JWK Set has no keys array");
        return result;
    }
    const QByteArray signingInput = compact.first(parts[0].size() + 1 + parts[1].size()).toByteArray();
    QString lastError = QStringLiteral("no key in the JWK Set matches kid \"%1\" and alg %2").arg(kid, alg);
    for (const auto &jwk : jwks["keys"]) {
        if (!jwk.is_object() || (!kid.isEmpty() && jsonString(jwk, "kid") != kid))
            continue;
        if (jsonString(jwk, "kty") != ktyFor(alg) || jsonString(jwk, "use", QStringLiteral("sig")) != "sig")
            continue;
        if (jwk.contains("alg") && jsonString(jwk, "alg") != alg)
            continue;
        if (verifySignature(jwk, alg, signingInput, *signature, &lastError)) {
            result.ok = true;
            result.key = jwk;
            return result;
        }
    }
    result.error = lastError;
    return result;
}

} // namespace wb::jose
