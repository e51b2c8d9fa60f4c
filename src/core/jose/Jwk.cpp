#include "jose/Jwk.h"

#include "jose/Base64Url.h"
#include "jose/JwsAlgorithm.h"
#include "util/JsonQt.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace wb::jose {

namespace {

PublicKey fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    ERR_clear_error();
    return nullptr;
}

// A base64url member's bytes; empty when absent, not a string or not base64url.
QByteArray memberBytes(const nlohmann::json &jwk, const char *name)
{
    const auto decoded = base64UrlDecode(jsonString(jwk, name).toLatin1());
    return decoded ? *decoded : QByteArray();
}

PublicKey fromParams(const char *type, OSSL_PARAM_BLD *bld)
{
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
    EVP_PKEY *pkey = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
        pkey = nullptr;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return pkey ? PublicKey(pkey, EVP_PKEY_free) : nullptr;
}

PublicKey rsaKey(const nlohmann::json &jwk, QString *error)
{
    const QByteArray n = memberBytes(jwk, "n");
    const QByteArray e = memberBytes(jwk, "e");
    if (n.isEmpty() || e.isEmpty())
        return fail(error, QStringLiteral("the RSA JWK needs base64url members n and e"));
    BIGNUM *bn = BN_bin2bn(reinterpret_cast<const unsigned char *>(n.constData()), int(n.size()), nullptr);
    BIGNUM *be = BN_bin2bn(reinterpret_cast<const unsigned char *>(e.constData()), int(e.size()), nullptr);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    PublicKey key;
    if (bn && be && bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) == 1 &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) == 1)
        key = fromParams("RSA", bld);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn);
    BN_free(be);
    return key ? key : fail(error, QStringLiteral("the RSA JWK is not a valid public key"));
}

PublicKey ecKey(const nlohmann::json &jwk, QString *error)
{
    const QString crv = jsonString(jwk, "crv");
    const char *group = ecGroupName(crv);
    if (!group)
        return fail(error, QStringLiteral("unsupported EC curve \"%1\" (P-256, P-384, P-521)").arg(crv));
    const int width = crv == QLatin1String("P-256") ? 32 : crv == QLatin1String("P-384") ? 48 : 66;
    const QByteArray x = memberBytes(jwk, "x");
    const QByteArray y = memberBytes(jwk, "y");
    if (x.size() != width || y.size() != width)
        return fail(error, QStringLiteral("the %1 JWK needs x and y of %2 bytes each").arg(crv).arg(width));
    const QByteArray point = QByteArray(1, '\x04') + x + y; // uncompressed SEC1 point
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    PublicKey key;
    if (bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                         static_cast<size_t>(point.size())) == 1)
        key = fromParams("EC", bld);
    OSSL_PARAM_BLD_free(bld);
    return key ? key : fail(error, QStringLiteral("the %1 JWK's point is not on the curve").arg(crv));
}

PublicKey okpKey(const nlohmann::json &jwk, QString *error)
{
    const QString crv = jsonString(jwk, "crv");
    if (crv != QLatin1String("Ed25519"))
        return fail(error, QStringLiteral("unsupported OKP curve \"%1\" (Ed25519)").arg(crv));
    const QByteArray x = memberBytes(jwk, "x");
    if (x.size() != 32)
        return fail(error, QStringLiteral("the Ed25519 JWK needs x of 32 bytes"));
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    PublicKey key;
    if (bld && OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, x.constData(),
                                                static_cast<size_t>(x.size())) == 1)
        key = fromParams("ED25519", bld);
    OSSL_PARAM_BLD_free(bld);
    return key ? key : fail(error, QStringLiteral("the Ed25519 JWK is not a valid public key"));
}

} // namespace

PublicKey publicKeyFromJwk(const nlohmann::json &jwk, QString *error)
{
    if (!jwk.is_object())
        return fail(error, QStringLiteral("the JWK is not a JSON object"));
    const QString kty = jsonString(jwk, "kty");
    if (kty == QLatin1String("RSA"))
        return rsaKey(jwk, error);
    if (kty == QLatin1String("EC"))
        return ecKey(jwk, error);
    if (kty == QLatin1String("OKP"))
        return okpKey(jwk, error);
    if (kty == QLatin1String("oct"))
        return fail(error, QStringLiteral("a symmetric (oct) key has no public half and never belongs in a "
                                          "public JWK Set"));
    return fail(error, QStringLiteral("unsupported key type \"%1\"").arg(kty));
}

JwkSet parseJwkSet(const QByteArray &body)
{
    JwkSet set;
    QString parseError;
    const auto doc = parseJson(body, &parseError);
    if (!doc) {
        set.error = QStringLiteral("the JWK Set is not JSON: %1").arg(parseError);
        return set;
    }
    if (!doc->is_object() || !doc->contains("keys") || !(*doc)["keys"].is_array()) {
        set.error = QStringLiteral("the JWK Set is not an object with a \"keys\" array");
        return set;
    }
    int index = 0;
    for (const auto &jwk : (*doc)["keys"]) {
        ++index;
        if (!jwk.is_object() || jsonString(jwk, "kty").isEmpty()) {
            set.notes.append(QStringLiteral("key #%1 is not an object with a kty; ignored").arg(index));
            continue;
        }
        QString why;
        if (jsonString(jwk, "use", QStringLiteral("sig")) != QLatin1String("sig"))
            set.notes.append(QStringLiteral("%1 is for use \"%2\", not signatures")
                                 .arg(describeJwk(jwk), jsonString(jwk, "use")));
        else if (!publicKeyFromJwk(jwk, &why))
            set.notes.append(QStringLiteral("%1 is unusable: %2").arg(describeJwk(jwk), why));
        set.keys.push_back(jwk);
    }
    set.ok = true;
    return set;
}

QString describeJwk(const nlohmann::json &jwk)
{
    QString s = jsonString(jwk, "kty", QStringLiteral("?"));
    for (const char *member : {"crv", "kid", "alg"}) {
        const QString v = jsonString(jwk, member);
        if (!v.isEmpty())
            s += QStringLiteral(" %1=%2").arg(QLatin1String(member), v);
    }
    return s;
}

} // namespace wb::jose
