#include "sandbox/SandboxTokenIssuer.h"

#include "jose/Base64Url.h"
#include "jose/Digest.h"

namespace wb {

bool SandboxTokenIssuer::hasScope(const QString &scope, const QString &name)
{
    return scope.split(QLatin1Char(' '), Qt::SkipEmptyParts).contains(name);
}

QByteArray SandboxTokenIssuer::atHash(const QByteArray &accessToken)
{
    const QByteArray digest = jose::sha256(accessToken);
    return jose::base64UrlEncode(digest.left(digest.size() / 2));
}

nlohmann::json SandboxTokenIssuer::userClaims(const QString &subject, const QString &scope)
{
    nlohmann::json claims = {{"sub", subject.toStdString()}};
    if (hasScope(scope, QStringLiteral("profile"))) {
        claims["name"] = subject.toStdString();
        claims["preferred_username"] = subject.toStdString();
    }
    if (hasScope(scope, QStringLiteral("email"))) {
        const QString email =
            subject.contains(QLatin1Char('@')) ? subject : subject + QStringLiteral("@sandbox.test");
        claims["email"] = email.toStdString();
        claims["email_verified"] = true;
    }
    return claims;
}

QByteArray SandboxTokenIssuer::idToken(SandboxContext &ctx, const SandboxGrant &grant,
                                       const QByteArray &accessToken)
{
    // Every timestamp comes from the claimed clock, so clock_skew moves them all together.
    const qint64 iat = ctx.claimedNow();
    const qint64 skew = iat - ctx.now();
    nlohmann::json claims = userClaims(grant.subject, grant.scope);
    claims["iss"] = ctx.issuer.toStdString();
    claims["aud"] = grant.clientId.toStdString();
    claims["iat"] = iat;
    claims["exp"] = iat + ctx.config.idTokenLifetimeSec;
    claims["auth_time"] = grant.authTime + skew;
    if (!grant.nonce.isEmpty())
        claims["nonce"] = grant.nonce.toStdString();
    if (!accessToken.isEmpty())
        claims["at_hash"] = atHash(accessToken).toStdString();
    return ctx.keys.sign(ctx.config.idTokenAlg, claims, ctx.fault(SandboxFault::BadIdTokenSignature));
}

nlohmann::json SandboxTokenIssuer::issue(SandboxContext &ctx, const SandboxGrant &grant)
{
    const qint64 now = ctx.now();
    const SandboxToken &access =
        ctx.store.addToken(SandboxTokenKind::Access, grant.clientId, grant.subject, grant.scope,
                           grant.grantId, now, now + ctx.config.accessTokenLifetimeSec, grant.authTime);
    const QByteArray accessValue = access.value;
    nlohmann::json body = {
        {"access_token", accessValue.toStdString()},
        {"token_type", "Bearer"},
        {"expires_in", ctx.config.accessTokenLifetimeSec},
        {"scope", grant.scope.toStdString()},
    };
    if (grant.withRefreshToken) {
        const SandboxToken &refresh =
            ctx.store.addToken(SandboxTokenKind::Refresh, grant.clientId, grant.subject,
                               grant.refreshScope.isEmpty() ? grant.scope : grant.refreshScope, grant.grantId,
                               now, now + ctx.config.refreshTokenLifetimeSec, grant.authTime);
        body["refresh_token"] = refresh.value.toStdString();
    }
    if (grant.withIdToken)
        body["id_token"] = idToken(ctx, grant, accessValue).toStdString();
    return body;
}

} // namespace wb
