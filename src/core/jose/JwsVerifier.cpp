#include "jose/JwsVerifier.h"

#include "jose/Base64Url.h"
#include "jose/EcdsaSignature.h"
#include "jose/Jwk.h"
#include "jose/JwsAlgorithm.h"
#include "util/JsonQt.h"

#include <QList>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

namespace wb::jose {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    ERR_clear_error();
    return false;
}

// Why an alg name is refused; empty when the workbench can verify it.
QString refusedAlg(const QString &alg)
{
    if (alg.isEmpty())
        return QStringLiteral("the JWS header has no alg");
    if (alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("alg \"none\" (an unsigned token) is never accepted");
    if (alg.startsWith(QLatin1String("HS")))
        return QStringLiteral("unsupported alg \"%1\": an HMAC signature cannot be checked against a public "
                              "JWK Set (and accepting it with an RSA key is the alg-confusion attack)")
            .arg(alg);
    if (!jwsAlgorithmFromString(alg))
        return QStringLiteral("unsupported alg \"%1\"").arg(alg);
    return {};
}

// Whether a JWK can in principle verify `info` (type, curve, use, alg member); the reason when not.
QString keyMismatch(const nlohmann::json &jwk, const JwsAlgorithmInfo &info)
{
    const QString alg = toString(info.alg);
    if (jsonString(jwk, "kty") != QLatin1String(info.kty))
        return QStringLiteral("key %1 has type %2, %3 needs %4")
            .arg(describeJwk(jwk), jsonString(jwk, "kty"), alg, QLatin1String(info.kty));
    if (info.crv && jsonString(jwk, "crv") != QLatin1String(info.crv))
        return QStringLiteral("key %1 is on curve %2, %3 needs %4")
            .arg(describeJwk(jwk), jsonString(jwk, "crv"), alg, QLatin1String(info.crv));
    if (jsonString(jwk, "use", QStringLiteral("sig")) != QLatin1String("sig"))
        return QStringLiteral("key %1 is not for signatures (use %2)")
            .arg(describeJwk(jwk), jsonString(jwk, "use"));
    if (jwk.contains("alg") && jsonString(jwk, "alg") != alg)
        return QStringLiteral("key %1 is restricted to alg %2, the token says %3")
            .arg(describeJwk(jwk), jsonString(jwk, "alg"), alg);
    return {};
}

} // namespace

QString toString(JwsFailure f)
{
    switch (f) {
    case JwsFailure::None:
        return QStringLiteral("none");
    case JwsFailure::Malformed:
        return QStringLiteral("malformed");
    case JwsFailure::UnsupportedAlg:
        return QStringLiteral("unsupported_alg");
    case JwsFailure::NoKeys:
        return QStringLiteral("no_keys");
    case JwsFailure::UnknownKid:
        return QStringLiteral("unknown_kid");
    case JwsFailure::NoMatchingKey:
        return QStringLiteral("no_matching_key");
    case JwsFailure::AmbiguousKey:
        return QStringLiteral("ambiguous_key");
    case JwsFailure::KeyMismatch:
        return QStringLiteral("key_mismatch");
    case JwsFailure::BadKey:
        return QStringLiteral("bad_key");
    case JwsFailure::BadSignature:
        return QStringLiteral("bad_signature");
    }
    return {};
}

bool JwsVerifier::verifySignature(const nlohmann::json &jwk, const QString &alg, QByteArrayView signingInput,
                                  QByteArrayView signature, QString *error)
{
    if (const QString why = refusedAlg(alg); !why.isEmpty())
        return fail(error, why);
    const JwsAlgorithmInfo &info = algorithmInfo(*jwsAlgorithmFromString(alg));
    if (const QString why = keyMismatch(jwk, info); !why.isEmpty())
        return fail(error, why);
    QString keyError;
    const PublicKey pkey = publicKeyFromJwk(jwk, &keyError);
    if (!pkey)
        return fail(error, keyError);
    if (QLatin1String(info.kty) == QLatin1String("RSA") && EVP_PKEY_get_bits(pkey.get()) < 2048)
        return fail(error, QStringLiteral("RSA key shorter than 2048 bits"));
    QByteArray sig = signature.toByteArray();
    if (info.componentBytes > 0) {
        if (sig.size() != 2 * info.componentBytes)
            return fail(error, QStringLiteral("%1 signature must be %2 bytes, got %3")
                                   .arg(alg)
                                   .arg(2 * info.componentBytes)
                                   .arg(sig.size()));
        sig = ecdsaRawToDer(sig);
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    bool ok = ctx && EVP_DigestVerifyInit(ctx, &pctx, algorithmDigest(info), nullptr, pkey.get()) == 1;
    if (ok && info.pss) {
        // RFC 7518 3.5: MGF1 with the same hash, salt as long as the hash.
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, algorithmDigest(info)) == 1;
    }
    ok = ok && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(sig.constData()),
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
    const auto failWith = [&result](JwsFailure f, const QString &message) {
        result.failure = f;
        result.error = message;
        return result;
    };
    const QList<QByteArray> parts = compact.toByteArray().split('.');
    if (parts.size() != 3)
        return failWith(JwsFailure::Malformed,
                        QStringLiteral("not a compact JWS (expected 3 parts, got %1)").arg(parts.size()));
    const auto headerBytes = base64UrlDecode(parts[0]);
    const auto payloadBytes = base64UrlDecode(parts[1]);
    const auto signature = base64UrlDecode(parts[2]);
    if (!headerBytes || !payloadBytes || !signature)
        return failWith(JwsFailure::Malformed, QStringLiteral("a part is not valid base64url"));
    const auto header = parseJson(*headerBytes);
    const auto payload = parseJson(*payloadBytes);
    if (!header || !header->is_object() || !payload || !payload->is_object())
        return failWith(JwsFailure::Malformed, QStringLiteral("header or payload is not a JSON object"));
    result.header = *header;
    result.payload = *payload;
    result.alg = jsonString(*header, "alg");
    result.kid = jsonString(*header, "kid");
    if (const QString why = refusedAlg(result.alg); !why.isEmpty())
        return failWith(JwsFailure::UnsupportedAlg, why);
    if (header->contains("crit"))
        return failWith(
            JwsFailure::UnsupportedAlg,
            QStringLiteral("the JWS header has crit extensions the workbench does not understand"));
    if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array())
        return failWith(JwsFailure::NoKeys, QStringLiteral("the JWK Set has no keys array"));
    const JwsAlgorithmInfo &info = algorithmInfo(*jwsAlgorithmFromString(result.alg));

    QList<nlohmann::json> candidates;
    QString mismatch;
    for (const auto &jwk : jwks["keys"]) {
        if (!jwk.is_object() || (!result.kid.isEmpty() && jsonString(jwk, "kid") != result.kid))
            continue;
        if (const QString why = keyMismatch(jwk, info); !why.isEmpty()) {
            mismatch = why;
            continue;
        }
        candidates.append(jwk);
    }
    if (candidates.isEmpty()) {
        if (!mismatch.isEmpty() && !result.kid.isEmpty())
            return failWith(JwsFailure::KeyMismatch, mismatch);
        if (!result.kid.isEmpty())
            return failWith(JwsFailure::UnknownKid,
                            QStringLiteral("no key in the JWK Set has kid \"%1\"").arg(result.kid));
        return failWith(
            JwsFailure::NoMatchingKey,
            QStringLiteral("the JWS has no kid and no key in the JWK Set fits alg %1").arg(result.alg));
    }
    if (result.kid.isEmpty() && candidates.size() > 1)
        return failWith(JwsFailure::AmbiguousKey,
                        QStringLiteral("the JWS has no kid and %1 keys in the JWK Set fit alg %2; the "
                                       "provider must send a kid")
                            .arg(candidates.size())
                            .arg(result.alg));
    const QByteArray signingInput = compact.first(parts[0].size() + 1 + parts[1].size()).toByteArray();
    QString lastError;
    for (const auto &jwk : candidates) {
        result.key = jwk;
        QString keyError;
        if (!publicKeyFromJwk(jwk, &keyError)) {
            lastError = QStringLiteral("key %1 is unusable: %2").arg(describeJwk(jwk), keyError);
            continue;
        }
        if (verifySignature(jwk, result.alg, signingInput, *signature, &lastError)) {
            result.ok = true;
            result.failure = JwsFailure::None;
            result.error.clear();
            return result;
        }
        result.failure = JwsFailure::BadSignature;
    }
    return failWith(result.failure == JwsFailure::BadSignature ? JwsFailure::BadSignature
                                                               : JwsFailure::BadKey,
                    lastError);
}

} // namespace wb::jose
