#include "oauth/IdTokenValidator.h"

#include "jose/Base64Url.h"
#include "jose/Digest.h"
#include "jose/Jwk.h"
#include "jose/JwsAlgorithm.h"
#include "oauth/Jwt.h"
#include "util/JsonNumber.h"
#include "util/JsonQt.h"

#include <cstdlib>

namespace wb {

using nlohmann::json;

namespace {

TokenCheck row(const char *name, CheckResult result, QString expected, QString actual, QString message,
               const char *code = "")
{
    return TokenCheck{QString::fromLatin1(name), result,
                      std::move(expected),       std::move(actual),
                      std::move(message),        QString::fromLatin1(code)};
}

std::optional<qint64> numericDate(const json &claims, const char *name)
{
    const auto it = claims.find(name);
    if (it == claims.end() || !it->is_number())
        return std::nullopt;
    return saturatedInt64(*it);
}

QString claimText(const json &claims, const char *name)
{
    const auto it = claims.find(name);
    if (it == claims.end())
        return QStringLiteral("(absent)");
    if (it->is_string())
        return fromStd(it->get<std::string>());
    return fromStd(it->dump(-1, ' ', false, json::error_handler_t::replace));
}

QString offsetText(qint64 seconds)
{
    return seconds >= 0 ? QStringLiteral("%1 s ago").arg(seconds) : QStringLiteral("in %1 s").arg(-seconds);
}

TokenCheck signatureCheck(const IdTokenExpectations &e, const QString &alg, QStringList *warnings)
{
    const QString expected = QStringLiteral("a valid %1 signature by a key in the issuer's JWK Set").arg(alg);
    if (alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return row(
            "signature", CheckResult::Fail, expected, QStringLiteral("alg none (unsigned)"),
            QStringLiteral("The ID token is unsigned (alg \"none\"); an ID token from the token endpoint "
                           "must be signed."),
            "id_token_signature");
    if (!e.signature) {
        const QString why = e.signatureSkippedReason.isEmpty()
                                ? QStringLiteral("no JWK Set to verify against")
                                : e.signatureSkippedReason;
        warnings->append(QStringLiteral("The ID token's signature was NOT checked: %1.").arg(why));
        return row("signature", CheckResult::Skipped, expected, QStringLiteral("not checked"), why);
    }
    const jose::JwsVerification &v = *e.signature;
    if (v.ok)
        return row("signature", CheckResult::Pass, expected,
                   QStringLiteral("%1 verified with %2").arg(v.alg, jose::describeJwk(v.key)),
                   QStringLiteral("Signed by key kid=%1.").arg(jsonString(v.key, "kid")));
    if (v.keyNotFound())
        return row(
            "signature", CheckResult::Fail, expected,
            v.kid.isEmpty() ? QStringLiteral("no kid; no key fits") : QStringLiteral("kid=%1").arg(v.kid),
            QStringLiteral("The ID token names signing key \"%1\" but the issuer's JWK Set has no such key "
                           "(even after refetching it): %2. The token may come from another issuer or "
                           "environment, or the provider rotated keys without publishing the new one.")
                .arg(v.kid, v.error),
            "jwks_unknown_kid");
    return row(
        "signature", CheckResult::Fail, expected,
        v.kid.isEmpty() ? v.error : QStringLiteral("kid=%1: %2").arg(v.kid, v.error),
        QStringLiteral("The ID token's signature is invalid: %1. Do not trust its claims; it was altered "
                       "or signed with a key the issuer does not publish.")
            .arg(v.error),
        "id_token_signature");
}

TokenCheck issCheck(const json &claims, const QString &issuer)
{
    const QString actual = claimText(claims, "iss");
    if (issuer.isEmpty())
        return row(
            "iss", CheckResult::Skipped, {}, actual,
            QStringLiteral("No issuer is configured (explicit endpoints), so iss cannot be compared."));
    if (actual == issuer)
        return row("iss", CheckResult::Pass, issuer, actual, {});
    return row(
        "iss", CheckResult::Fail, issuer, actual,
        QStringLiteral("The ID token's iss (%1) is not the issuer %2; it was issued by another server, or "
                       "the provider's issuer setting differs from its discovery document.")
            .arg(actual, issuer),
        "id_token_iss");
}

QStringList audiences(const json &claims)
{
    QStringList list;
    const auto it = claims.find("aud");
    if (it == claims.end())
        return list;
    if (it->is_string())
        list.append(fromStd(it->get<std::string>()));
    else if (it->is_array())
        for (const auto &a : *it)
            if (a.is_string())
                list.append(fromStd(a.get<std::string>()));
    return list;
}

QList<TokenCheck> audienceChecks(const json &claims, const QString &clientId)
{
    QList<TokenCheck> out;
    const QStringList aud = audiences(claims);
    const QString actual = claimText(claims, "aud");
    if (aud.contains(clientId))
        out.append(row("aud", CheckResult::Pass, clientId, actual, {}));
    else
        out.append(
            row("aud", CheckResult::Fail, clientId, actual,
                QStringLiteral("The ID token's audience (%1) does not include this client (%2): it was "
                               "issued to another client.")
                    .arg(actual, clientId),
                "id_token_aud"));
    const QString azp = claimText(claims, "azp");
    if (claims.contains("azp")) {
        if (azp == clientId)
            out.append(row("azp", CheckResult::Pass, clientId, azp, {}));
        else
            out.append(row("azp", CheckResult::Fail, clientId, azp,
                           QStringLiteral("The ID token's authorized party (azp %1) is not this client (%2).")
                               .arg(azp, clientId),
                           "id_token_azp"));
    } else if (aud.size() > 1) {
        out.append(
            row("azp", CheckResult::Fail, clientId, azp,
                QStringLiteral("The ID token has %1 audiences but no azp naming the client it was issued "
                               "to.")
                    .arg(aud.size()),
                "id_token_azp"));
    } else {
        out.append(row("azp", CheckResult::Skipped, clientId, azp,
                       QStringLiteral("Absent; only needed with several audiences.")));
    }
    return out;
}

QList<TokenCheck> timeChecks(const json &claims, const IdTokenExpectations &e, IdTokenValidation &v)
{
    QList<TokenCheck> out;
    const qint64 now = e.now.toSecsSinceEpoch();
    const qint64 leeway = e.leewaySeconds;
    const QString nowText = numericDateText(now);
    const QString leewayText = QStringLiteral("leeway %1 s").arg(leeway);

    if (const auto exp = numericDate(claims, "exp"); !exp)
        out.append(row("exp", CheckResult::Fail, QStringLiteral("a NumericDate after now"),
                       claimText(claims, "exp"), QStringLiteral("The ID token has no numeric exp claim."),
                       "id_token_expired"));
    else if (now >= *exp + leeway)
        out.append(row("exp", CheckResult::Fail, QStringLiteral("after %1 (%2)").arg(nowText, leewayText),
                       numericDateText(*exp),
                       QStringLiteral("The ID token expired %1 (now %2, %3).")
                           .arg(offsetText(now - *exp), nowText, leewayText),
                       "id_token_expired"));
    else
        out.append(row("exp", CheckResult::Pass, QStringLiteral("after %1 (%2)").arg(nowText, leewayText),
                       numericDateText(*exp), QStringLiteral("Expires %1.").arg(offsetText(now - *exp))));

    if (const auto iat = numericDate(claims, "iat"); !iat) {
        out.append(row("iat", CheckResult::Fail, QStringLiteral("a NumericDate not in the future"),
                       claimText(claims, "iat"), QStringLiteral("The ID token has no numeric iat claim."),
                       "id_token_iat_future"));
    } else {
        v.iatOffsetSeconds = *iat - now;
        const qint64 off = *v.iatOffsetSeconds;
        if (std::abs(off) > leeway)
            v.warnings.append(
                QStringLiteral(
                    "Clock skew: the ID token's iat (%1) is %2 s %3 this machine's clock (%4), beyond the "
                    "%5 s leeway. Sync the clocks (NTP) or raise the leeway.")
                    .arg(numericDateText(*iat), QString::number(std::abs(off)),
                         off > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"), nowText)
                    .arg(leeway));
        if (off > leeway)
            out.append(
                row("iat", CheckResult::Fail, QStringLiteral("not after %1 (%2)").arg(nowText, leewayText),
                    numericDateText(*iat),
                    QStringLiteral("The ID token was issued %1 s in the future (iat %2, now %3, %4): the "
                                   "server's clock is ahead of this machine's.")
                        .arg(QString::number(off), numericDateText(*iat), nowText, leewayText),
                    "id_token_iat_future"));
        else
            out.append(row("iat", CheckResult::Pass,
                           QStringLiteral("not after %1 (%2)").arg(nowText, leewayText),
                           numericDateText(*iat), QStringLiteral("Issued %1.").arg(offsetText(-off))));
    }

    if (!claims.contains("nbf"))
        out.append(
            row("nbf", CheckResult::Skipped, {}, QStringLiteral("(absent)"), QStringLiteral("Optional.")));
    else if (const auto nbf = numericDate(claims, "nbf"); !nbf || *nbf > now + leeway)
        out.append(row("nbf", CheckResult::Fail, QStringLiteral("not after %1 (%2)").arg(nowText, leewayText),
                       nbf ? numericDateText(*nbf) : claimText(claims, "nbf"),
                       nbf ? QStringLiteral("The ID token is not valid before %1, %2 s from now (%3).")
                                 .arg(numericDateText(*nbf), QString::number(*nbf - now), leewayText)
                           : QStringLiteral("The nbf claim is not a number."),
                       "id_token_nbf"));
    else
        out.append(row("nbf", CheckResult::Pass, QStringLiteral("not after %1 (%2)").arg(nowText, leewayText),
                       numericDateText(*nbf), {}));
    return out;
}

TokenCheck nonceCheck(const json &claims, const QString &expected)
{
    const QString actual = jsonString(claims, "nonce");
    if (expected.isEmpty())
        return row("nonce", CheckResult::Skipped, {}, claimText(claims, "nonce"),
                   QStringLiteral("No nonce was sent in the authorization request."));
    if (actual == expected)
        return row("nonce", CheckResult::Pass, expected, actual, {});
    return row("nonce", CheckResult::Fail, expected, claimText(claims, "nonce"),
               actual.isEmpty()
                   ? QStringLiteral("The ID token has no nonce claim although the authorization "
                                    "request sent one; OpenID Connect requires it to be echoed.")
                   : QStringLiteral("The ID token's nonce (%1) differs from the nonce this flow sent "
                                    "(%2); the token may belong to another login.")
                         .arg(actual, expected),
               "nonce_mismatch");
}

TokenCheck hashCheck(const char *name, const json &claims, const QString &alg, const QString &value,
                     const char *what, const char *code)
{
    if (!claims.contains(name))
        return row(name, CheckResult::Skipped, {}, QStringLiteral("(absent)"),
                   QStringLiteral("Optional in the authorization code flow."));
    const QString actual = claimText(claims, name);
    if (value.isEmpty())
        return row(name, CheckResult::Skipped, {}, actual,
                   QStringLiteral("No %1 to compare with.").arg(what));
    const QString expected = tokenHash(alg, value);
    if (expected.isEmpty())
        return row(name, CheckResult::Skipped, {}, actual,
                   QStringLiteral("Unknown alg %1: no hash function to compute it.").arg(alg));
    if (actual == expected)
        return row(name, CheckResult::Pass, expected, actual, {});
    return row(
        name, CheckResult::Fail, expected, actual,
        QStringLiteral("The ID token's %1 does not match the %2 received with it (hash of the %2 with %3): "
                       "the two were not issued together.")
            .arg(QLatin1String(name), QLatin1String(what), alg),
        code);
}

} // namespace

QString numericDateText(qint64 seconds)
{
    return QStringLiteral("%1 (%2)").arg(seconds).arg(
        QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate));
}

QString tokenHash(const QString &alg, const QString &value)
{
    const auto a = jose::jwsAlgorithmFromString(alg);
    if (!a)
        return {};
    const int bits = a == jose::JwsAlgorithm::EdDSA ? 512 : jose::algorithmInfo(*a).digestBits;
    const QByteArray digest = jose::sha2(bits, value.toLatin1());
    return QString::fromLatin1(jose::base64UrlEncode(digest.left(digest.size() / 2)));
}

IdTokenValidation validateIdToken(const QString &token, const IdTokenExpectations &e)
{
    IdTokenValidation v;
    const DecodedJwt jwt = decodeJwt(token);
    if (!jwt.ok) {
        v.error = Error::make(ErrorKind::Parse, QStringLiteral("invalid_id_token"),
                              QStringLiteral("The id_token is not a valid JWT: %1").arg(jwt.error));
        return v;
    }
    v.decoded = true;
    v.header = jwt.header;
    v.claims = jwt.payload;
    v.alg = jsonString(jwt.header, "alg");
    v.kid = jsonString(jwt.header, "kid");
    const json &c = jwt.payload;

    v.checks.append(signatureCheck(e, v.alg, &v.warnings));
    v.checks.append(issCheck(c, e.issuer));
    v.checks.append(audienceChecks(c, e.clientId));
    v.checks.append(timeChecks(c, e, v));
    const QString sub = jsonString(c, "sub");
    v.checks.append(sub.isEmpty()
                        ? row("sub", CheckResult::Fail, QStringLiteral("a non-empty string"),
                              claimText(c, "sub"), QStringLiteral("The ID token has no sub claim."),
                              "id_token_sub")
                        : row("sub", CheckResult::Pass, QStringLiteral("a non-empty string"), sub, {}));
    v.checks.append(nonceCheck(c, e.nonce));
    v.checks.append(hashCheck("at_hash", c, v.alg, e.accessToken, "access token", "at_hash_mismatch"));
    v.checks.append(hashCheck("c_hash", c, v.alg, e.code, "authorization code", "c_hash_mismatch"));

    if (const TokenCheck *failed = firstFailure(v.checks))
        v.error = Error::make(ErrorKind::Validation, failed->code, failed->message);
    return v;
}

} // namespace wb
