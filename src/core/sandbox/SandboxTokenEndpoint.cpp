#include "sandbox/SandboxTokenEndpoint.h"

#include "jose/Base64Url.h"
#include "jose/Digest.h"
#include "sandbox/SandboxFaultResponses.h"
#include "sandbox/SandboxTokenIssuer.h"

#include <QRegularExpression>

namespace wb {

namespace {

using K = SandboxErrorKind;

SandboxError err(K kind, const QString &description, const QString &detail = {})
{
    return SandboxError::make(kind, description, detail);
}

bool isValidVerifier(const QString &verifier)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9\\-._~]{43,128}$"));
    return re.match(verifier).hasMatch();
}

// Empty when the verifier fits the challenge, else why not.
QString pkceProblem(const SandboxAuthorizeRequest &request, const QString &verifier)
{
    if (request.codeChallenge.isEmpty()) {
        return verifier.isEmpty()
                   ? QString()
                   : QStringLiteral("code_verifier was sent but the authorization request had no "
                                    "code_challenge.");
    }
    if (verifier.isEmpty())
        return QStringLiteral("code_verifier is required: the authorization request had a code_challenge.");
    if (!isValidVerifier(verifier))
        return QStringLiteral("code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~].");
    const QString derived =
        request.codeChallengeMethod == QLatin1String("S256")
            ? QString::fromLatin1(jose::base64UrlEncode(jose::sha256(verifier.toLatin1())))
            : verifier;
    if (derived != request.codeChallenge)
        return QStringLiteral(
                   "PKCE verification failed: code_verifier does not match the code_challenge (%1).")
            .arg(request.codeChallengeMethod);
    return {};
}

} // namespace

SandboxResponse SandboxTokenEndpoint::renderError(const SandboxError &error,
                                                  const SandboxRequest &request) const
{
    return SandboxFaultResponses::tokenError(error, m_ctx.config.faults, m_ctx.claimedTime(),
                                             SandboxFaultResponses::acceptsJson(request));
}

SandboxResponse SandboxTokenEndpoint::handle(const SandboxRequest &request)
{
    SandboxResponse response = process(request);
    if (m_ctx.fault(SandboxFault::SlowToken))
        response.delayMs = m_ctx.config.slowTokenDelayMs;
    return response;
}

SandboxResponse SandboxTokenEndpoint::process(const SandboxRequest &request)
{
    if (request.method != QLatin1String("POST")) {
        auto r = renderError(err(K::InvalidRequest, QStringLiteral("The token endpoint only accepts POST.")),
                             request);
        r.status = 405;
        r.setHeader("Allow", "POST");
        return r;
    }
    // Failures of the infrastructure in front of the server come before any OAuth processing.
    if (m_ctx.fault(SandboxFault::ServerError))
        return SandboxFaultResponses::serverError(m_ctx.config.retryAfterSec);
    if (m_ctx.fault(SandboxFault::HtmlErrorPage))
        return SandboxFaultResponses::htmlErrorPage();
    if (m_ctx.fault(SandboxFault::Nonstandard200Error))
        return SandboxFaultResponses::nonstandard200Error();

    if (!request.isFormBody)
        return renderError(
            err(K::InvalidRequest, QStringLiteral("The body must be application/x-www-form-urlencoded.")),
            request);
    if (const auto dup = SandboxHttp::duplicateParam(request.form))
        return renderError(
            err(K::InvalidRequest, QStringLiteral("The parameter '%1' was sent more than once.").arg(*dup)),
            request);
    const SandboxClientAuth auth = SandboxClients::authenticate(request, m_ctx.config.faults);
    if (auth.error)
        return renderError(*auth.error, request);

    const QString grantType = request.formValue(QStringLiteral("grant_type"));
    Result result;
    if (grantType.isEmpty())
        result =
            err(K::MissingParameter, QStringLiteral("grant_type is missing."), QStringLiteral("grant_type"));
    else if (grantType == QLatin1String("authorization_code"))
        result = authorizationCode(request, *auth.client);
    else if (grantType == QLatin1String("refresh_token"))
        result = refreshToken(request, *auth.client);
    else if (grantType == QLatin1String("client_credentials"))
        result = clientCredentials(request, *auth.client);
    else
        result = err(K::UnsupportedGrantType, QStringLiteral("Unsupported grant_type '%1'.").arg(grantType),
                     grantType);

    if (const auto *error = std::get_if<SandboxError>(&result))
        return renderError(*error, request);
    return SandboxFaultResponses::tokenSuccess(std::get<nlohmann::json>(result), m_ctx.config.faults,
                                               SandboxFaultResponses::acceptsJson(request));
}

SandboxTokenEndpoint::Result SandboxTokenEndpoint::authorizationCode(const SandboxRequest &request,
                                                                     const SandboxClient &client)
{
    const QString value = request.formValue(QStringLiteral("code"));
    if (value.isEmpty())
        return err(K::MissingParameter, QStringLiteral("code is missing."), QStringLiteral("code"));
    SandboxCode *code = m_ctx.store.code(value.toLatin1());
    if (!code)
        return err(K::CodeInvalid, QStringLiteral("The authorization code is invalid."));
    if (code->request.clientId != client.id)
        return err(K::CodeInvalid, QStringLiteral("The authorization code was issued to another client."));
    if (code->redeemed) {
        // As real providers do (RFC 6749 4.1.2): a replayed code revokes what it was exchanged for.
        m_ctx.store.revokeGrant(code->grantId);
        return err(K::CodeReplayed,
                   QStringLiteral("authorization code has already been used; the tokens issued "
                                  "for it have been revoked"));
    }
    if (m_ctx.fault(SandboxFault::CodeReplay)) {
        code->redeemed = true;
        m_ctx.store.revokeGrant(code->grantId);
        return err(K::CodeReplayed, QStringLiteral("authorization code has already been used"));
    }
    if (m_ctx.now() >= code->expiresAt || m_ctx.fault(SandboxFault::ExpiredCode))
        return err(K::CodeExpired, QStringLiteral("authorization code has expired (codes are valid for %1 s)")
                                       .arg(m_ctx.config.codeLifetimeSec));

    const QString redirectUri = request.formValue(QStringLiteral("redirect_uri"));
    if (redirectUri != code->request.redirectUri)
        return err(K::RedirectUriMismatch,
                   redirectUri.isEmpty()
                       ? QStringLiteral("redirect_uri is missing; it was sent in the authorization request.")
                       : QStringLiteral("redirect_uri does not match the one in the authorization request."),
                   redirectUri);
    if (!SandboxClients::isRedirectUriAllowed(client, redirectUri, m_ctx.config.faults))
        return err(
            K::RedirectUriMismatch,
            QStringLiteral("redirect_uri %1 is not registered for client %2.").arg(redirectUri, client.id),
            redirectUri);

    const QString pkce = pkceProblem(code->request, request.formValue(QStringLiteral("code_verifier")));
    if (!pkce.isEmpty())
        return err(K::PkceMismatch, pkce);
    if (m_ctx.fault(SandboxFault::PkceMismatch))
        return err(
            K::PkceMismatch,
            QStringLiteral("PKCE verification failed: code_verifier does not match the code_challenge (%1).")
                .arg(code->request.codeChallengeMethod.isEmpty() ? QStringLiteral("none")
                                                                 : code->request.codeChallengeMethod));
    if (m_ctx.fault(SandboxFault::AadstsErrors))
        return err(K::CodeExpired, QStringLiteral("authorization code has expired"));

    code->redeemed = true;
    SandboxGrant grant;
    grant.clientId = client.id;
    grant.subject = code->subject;
    grant.scope = code->request.scope;
    grant.grantId = code->grantId;
    grant.nonce = code->request.nonce;
    grant.authTime = code->authTime;
    grant.withRefreshToken = !m_ctx.fault(SandboxFault::MissingRefreshToken);
    grant.withIdToken = SandboxTokenIssuer::hasScope(grant.scope, QStringLiteral("openid"));
    return SandboxTokenIssuer::issue(m_ctx, grant);
}

SandboxTokenEndpoint::Result SandboxTokenEndpoint::refreshToken(const SandboxRequest &request,
                                                                const SandboxClient &client)
{
    const QString value = request.formValue(QStringLiteral("refresh_token"));
    if (value.isEmpty())
        return err(K::MissingParameter, QStringLiteral("refresh_token is missing."),
                   QStringLiteral("refresh_token"));
    SandboxToken *token = m_ctx.store.token(value.toLatin1());
    if (!token || token->kind != SandboxTokenKind::Refresh)
        return err(K::RefreshInvalid, QStringLiteral("The refresh token is invalid."));
    if (token->clientId != client.id)
        return err(K::RefreshInvalid, QStringLiteral("The refresh token was issued to another client."));
    if (token->revoked || m_ctx.store.isGrantRevoked(token->grantId))
        return err(K::RefreshRevoked, QStringLiteral("The refresh token has been revoked."));
    const QString reused =
        QStringLiteral("The refresh token was already used (rotated). Reuse detected: every token "
                       "of this grant has been revoked.");
    if (token->rotated) {
        m_ctx.store.revokeGrant(token->grantId);
        return err(K::RefreshReused, reused);
    }
    const QString issuedOn = QDateTime::fromSecsSinceEpoch(token->issuedAt, Qt::UTC)
                                 .toString(QStringLiteral("MM/dd/yyyy hh:mm:ss"));
    if (m_ctx.now() >= token->expiresAt || m_ctx.fault(SandboxFault::RefreshExpired))
        return err(K::RefreshExpired, QStringLiteral("The refresh token has expired."), issuedOn);

    const QString requested = request.formValue(QStringLiteral("scope")).simplified();
    for (const QString &s : requested.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!SandboxTokenIssuer::hasScope(token->scope, s))
            return err(K::InvalidScope, QStringLiteral("Scope '%1' was not granted originally.").arg(s), s);
    }
    if (m_ctx.fault(SandboxFault::RefreshRotationReuse)) {
        // Another client instance won the race: it rotated this token, so ours is now a reuse.
        token->rotated = true;
        m_ctx.store.addToken(SandboxTokenKind::Refresh, token->clientId, token->subject, token->scope,
                             token->grantId, m_ctx.now(), m_ctx.now() + m_ctx.config.refreshTokenLifetimeSec,
                             token->authTime);
        m_ctx.store.revokeGrant(token->grantId);
        return err(K::RefreshReused, reused);
    }
    if (m_ctx.fault(SandboxFault::AadstsErrors))
        return err(K::CodeExpired, QStringLiteral("refresh token has expired"));

    token->rotated = true;
    SandboxGrant grant;
    grant.clientId = client.id;
    grant.subject = token->subject;
    grant.scope = requested.isEmpty() ? token->scope : requested;
    grant.refreshScope = token->scope;
    grant.grantId = token->grantId;
    grant.authTime = token->authTime;
    grant.withRefreshToken = true;
    grant.withIdToken = SandboxTokenIssuer::hasScope(grant.scope, QStringLiteral("openid"));
    return SandboxTokenIssuer::issue(m_ctx, grant);
}

SandboxTokenEndpoint::Result SandboxTokenEndpoint::clientCredentials(const SandboxRequest &request,
                                                                     const SandboxClient &client)
{
    if (client.isPublic())
        return err(K::UnauthorizedClient,
                   QStringLiteral(
                       "Public clients cannot use client_credentials; use sandbox-basic or sandbox-post."));
    QString scope = request.formValue(QStringLiteral("scope")).simplified();
    if (scope.isEmpty())
        scope = QStringLiteral("api.read");
    for (const QString &s : scope.split(QLatin1Char(' '))) {
        if (s != QLatin1String("api.read") && s != QLatin1String("api.write"))
            return err(
                K::InvalidScope,
                QStringLiteral("Scope '%1' is not available to client_credentials (api.read, api.write).")
                    .arg(s),
                s);
    }
    SandboxGrant grant;
    grant.clientId = client.id;
    grant.subject = client.id;
    grant.scope = scope;
    grant.grantId = m_ctx.store.newGrantId();
    grant.authTime = m_ctx.now();
    return SandboxTokenIssuer::issue(m_ctx, grant);
}

} // namespace wb
