#include "oauth/IdTokenAccessToken.h"

#include "jose/Jwk.h"
#include "oauth/IdTokenValidator.h"
#include "oauth/Jwt.h"
#include "util/JsonNumber.h"
#include "util/JsonQt.h"

namespace wb {

using nlohmann::json;

namespace {
TokenCheck row(const char *name, CheckResult result, QString expected, QString actual, QString message = {})
{
    return TokenCheck{QString::fromLatin1(name), result, std::move(expected), std::move(actual),
                      std::move(message),        {}};
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
} // namespace

bool accessTokenIsJwt(const QString &token)
{
    return looksLikeJwt(token);
}

AccessTokenInspection inspectAccessToken(const QString &token, const AccessTokenExpectations &e)
{
    AccessTokenInspection a;
    if (!looksLikeJwt(token))
        return a;
    const DecodedJwt jwt = decodeJwt(token);
    if (!jwt.ok) {
        a.warnings.append(
            QStringLiteral("The access token looks like a JWT but does not decode: %1").arg(jwt.error));
        return a;
    }
    a.jwt = true;
    a.header = jwt.header;
    a.claims = jwt.payload;
    const QString typ = jsonString(jwt.header, "typ");
    a.rfc9068 = typ.compare(QLatin1String("at+jwt"), Qt::CaseInsensitive) == 0 ||
                typ.compare(QLatin1String("application/at+jwt"), Qt::CaseInsensitive) == 0;
    a.checks.append(row("typ", a.rfc9068 ? CheckResult::Pass : CheckResult::Skipped, QStringLiteral("at+jwt"),
                        typ.isEmpty() ? QStringLiteral("(absent)") : typ,
                        a.rfc9068
                            ? QString()
                            : QStringLiteral("Not an RFC 9068 access token; decoded because it is a JWS.")));

    const QString alg = jsonString(jwt.header, "alg");
    if (!e.signature) {
        a.checks.append(row("signature", CheckResult::Skipped, alg, QStringLiteral("not checked"),
                            e.signatureSkippedReason));
    } else if (e.signature->ok) {
        a.checks.append(
            row("signature", CheckResult::Pass, alg,
                QStringLiteral("%1 verified with %2").arg(alg, jose::describeJwk(e.signature->key))));
    } else {
        a.checks.append(
            row("signature", CheckResult::Fail, alg, e.signature->error,
                QStringLiteral("The access token's signature does not verify against the issuer's JWK "
                               "Set (%1). Some providers sign access tokens for their own APIs with "
                               "keys clients cannot check; the resource server decides.")
                    .arg(e.signature->error)));
    }
    const QString iss = claimText(jwt.payload, "iss");
    if (e.issuer.isEmpty())
        a.checks.append(row("iss", CheckResult::Skipped, {}, iss, QStringLiteral("No issuer configured.")));
    else
        a.checks.append(row(
            "iss", iss == e.issuer ? CheckResult::Pass : CheckResult::Fail, e.issuer, iss,
            iss == e.issuer
                ? QString()
                : QStringLiteral("The access token's iss (%1) is not the issuer %2.").arg(iss, e.issuer)));
    const qint64 now = e.now.toSecsSinceEpoch();
    const auto exp = jwt.payload.find("exp");
    if (exp == jwt.payload.end() || !exp->is_number())
        a.checks.append(row("exp", CheckResult::Skipped, {}, claimText(jwt.payload, "exp"),
                            QStringLiteral("No numeric exp claim.")));
    else {
        const qint64 expAt = saturatedInt64(*exp);
        const bool live = now < expAt + e.leewaySeconds;
        a.checks.append(row("exp", live ? CheckResult::Pass : CheckResult::Fail,
                            QStringLiteral("after %1").arg(numericDateText(now)), numericDateText(expAt),
                            live ? QString() : QStringLiteral("The access token has already expired.")));
    }
    if (e.audience.isEmpty()) {
        a.checks.append(row("aud", CheckResult::Skipped, {}, claimText(jwt.payload, "aud"),
                            QStringLiteral("No audience or resource was requested.")));
    } else {
        QStringList aud;
        const auto it = jwt.payload.find("aud");
        if (it != jwt.payload.end() && it->is_string())
            aud.append(fromStd(it->get<std::string>()));
        else if (it != jwt.payload.end() && it->is_array())
            for (const auto &x : *it)
                if (x.is_string())
                    aud.append(fromStd(x.get<std::string>()));
        const bool ok = aud.contains(e.audience);
        a.checks.append(
            row("aud", ok ? CheckResult::Pass : CheckResult::Fail, e.audience, claimText(jwt.payload, "aud"),
                ok ? QString()
                   : QStringLiteral("The access token's audience does not include the requested %1.")
                         .arg(e.audience)));
    }
    for (const TokenCheck &c : a.checks)
        if (c.result == CheckResult::Fail)
            a.warnings.append(QStringLiteral("Access token %1 check: %2").arg(c.name, c.message));
    return a;
}

json accessTokenDetails(const AccessTokenInspection &a)
{
    if (!a.jwt)
        return {{"format", "opaque"},
                {"note", "opaque: use introspection (RFC 7662) to learn what it grants"}};
    return {{"format", "jwt"},
            {"rfc9068", a.rfc9068},
            {"header", a.header},
            {"claims", a.claims},
            {"checks", checksToJson(a.checks)},
            {"note", a.rfc9068 ? "RFC 9068 JWT access token; checked for information only"
                               : "JWS-shaped access token; checked for information only"}};
}

} // namespace wb
