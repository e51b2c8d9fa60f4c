#include "sandbox/SandboxAuthorizeEndpoint.h"

#include "sandbox/SandboxClients.h"
#include "sandbox/SandboxFaultResponses.h"
#include "sandbox/SandboxPages.h"

#include <QRegularExpression>
#include <QSet>

namespace wb {

namespace {

using K = SandboxErrorKind;

constexpr int kLoginPageLifetimeSec = 600;
constexpr int kMaxUsernameLength = 64;

const QSet<QString> &allowedScopes()
{
    static const QSet<QString> scopes = {QStringLiteral("openid"), QStringLiteral("profile"),
                                         QStringLiteral("email"), QStringLiteral("offline_access")};
    return scopes;
}

bool isValidChallenge(const QString &challenge)
{
    // RFC 7636 4.2: same alphabet and length as the verifier.
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9\\-._~]{43,128}$"));
    return re.match(challenge).hasMatch();
}

void secureHtmlHeaders(SandboxResponse &r)
{
    r.setHeader("Content-Security-Policy", SandboxPages::contentSecurityPolicy());
    r.setHeader("X-Frame-Options", "DENY");
    r.setHeader("Referrer-Policy", "no-referrer");
    r.setHeader("Cache-Control", "no-store");
}

} // namespace

QString SandboxAuthorizeEndpoint::wrongIssuer() const
{
    QString other = m_ctx.issuer;
    return other.replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost"));
}

SandboxResponse SandboxAuthorizeEndpoint::errorPage(const SandboxError &error,
                                                    const QStringList &details) const
{
    const int status = error.status == 401 ? 400 : error.status;
    const QString message = SandboxFaultResponses::frontChannelDescription(error, m_ctx.config.faults);
    auto r = SandboxResponse::html(
        status, SandboxPages::errorPage(QStringLiteral("Error %1: %2").arg(status).arg(error.error), message,
                                        details));
    secureHtmlHeaders(r);
    return r;
}

SandboxResponse SandboxAuthorizeEndpoint::loginPage(const SandboxAuthorizeRequest &request,
                                                    const QByteArray &interaction, const QString &username,
                                                    const QString &error) const
{
    auto r = SandboxResponse::html(200, SandboxPages::loginPage(request, interaction, username, error));
    secureHtmlHeaders(r);
    return r;
}

SandboxResponse SandboxAuthorizeEndpoint::authorize(const SandboxRequest &request)
{
    const ParamList &params =
        request.method == QLatin1String("POST") && request.isFormBody ? request.form : request.query;
    const auto value = [&](const char *name) { return SandboxHttp::paramValue(params, QLatin1String(name)); };
    const auto count = [&](const char *name) {
        return std::count_if(params.begin(), params.end(),
                             [&](const auto &p) { return p.first == QLatin1String(name); });
    };

    // Until client and redirect_uri are trusted, errors go on a page, never to the redirect_uri.
    const QString clientId = value("client_id");
    if (clientId.isEmpty() || count("client_id") > 1)
        return errorPage(SandboxError::make(K::MissingParameter,
                                            QStringLiteral("The request must contain exactly one "
                                                           "client_id."),
                                            QStringLiteral("client_id")));
    const SandboxClient *client = SandboxClients::find(clientId);
    if (!client)
        return errorPage(SandboxError::make(
            K::UnknownClient, QStringLiteral("Unknown client_id '%1'.").arg(clientId), clientId));
    const QString redirectUri = value("redirect_uri");
    if (redirectUri.isEmpty() || count("redirect_uri") > 1)
        return errorPage(
            SandboxError::make(K::MissingParameter,
                               QStringLiteral("The request must contain exactly one redirect_uri (this "
                                              "client has several registered)."),
                               QStringLiteral("redirect_uri")));
    if (!SandboxClients::isRedirectUriAllowed(*client, redirectUri, m_ctx.config.faults)) {
        SandboxError e = SandboxError::make(
            K::RedirectUriMismatch,
            QStringLiteral(
                "The redirect URI in the request, %1, does not match the ones registered for the OAuth "
                "client %2.")
                .arg(redirectUri, clientId),
            redirectUri);
        e.error = QStringLiteral("redirect_uri_mismatch");
        QStringList details = {QStringLiteral("Sent: %1").arg(redirectUri)};
        for (const QString &uri : SandboxClients::registeredRedirectUris(*client, m_ctx.config.faults))
            details.append(QStringLiteral("Registered: %1 (any port)").arg(uri));
        return errorPage(e, details);
    }

    SandboxAuthorizeRequest r;
    r.clientId = clientId;
    r.redirectUri = redirectUri;
    r.hasState = count("state") > 0;
    r.state = value("state");
    r.nonce = value("nonce");
    r.scope = value("scope").simplified();
    r.codeChallenge = value("code_challenge");
    r.codeChallengeMethod = value("code_challenge_method");
    r.loginHint = value("login_hint");
    const QString mode = value("response_mode");
    if (mode == QLatin1String("fragment"))
        r.responseMode = ResponseMode::Fragment;
    else if (mode == QLatin1String("form_post"))
        r.responseMode = ResponseMode::FormPost;
    else if (!mode.isEmpty() && mode != QLatin1String("query"))
        return redirectError(
            r, SandboxError::make(K::InvalidRequest,
                                  QStringLiteral("response_mode '%1' is not supported.").arg(mode)));

    if (const auto dup = SandboxHttp::duplicateParam(params))
        return redirectError(
            r, SandboxError::make(K::InvalidRequest,
                                  QStringLiteral("The parameter '%1' was sent more than once.").arg(*dup)));
    const QString responseType = value("response_type");
    if (responseType.isEmpty())
        return redirectError(r, SandboxError::make(K::MissingParameter,
                                                   QStringLiteral("response_type is missing."),
                                                   QStringLiteral("response_type")));
    if (responseType != QLatin1String("code"))
        return redirectError(r, SandboxError::make(K::UnsupportedResponseType,
                                                   QStringLiteral("Only response_type=code is supported."),
                                                   responseType));
    if (r.scope.isEmpty())
        r.scope = QStringLiteral("openid");
    for (const QString &s : r.scope.split(QLatin1Char(' '))) {
        if (!allowedScopes().contains(s))
            return redirectError(
                r, SandboxError::make(K::InvalidScope, QStringLiteral("Unknown scope '%1'.").arg(s), s));
    }
    if (!r.codeChallengeMethod.isEmpty() && r.codeChallenge.isEmpty())
        return redirectError(
            r, SandboxError::make(K::MissingParameter,
                                  QStringLiteral("code_challenge_method was sent without code_challenge."),
                                  QStringLiteral("code_challenge")));
    if (!r.codeChallenge.isEmpty()) {
        if (r.codeChallengeMethod.isEmpty())
            r.codeChallengeMethod = QStringLiteral("plain"); // RFC 7636 4.3 default
        if (r.codeChallengeMethod != QLatin1String("S256") && r.codeChallengeMethod != QLatin1String("plain"))
            return redirectError(
                r, SandboxError::make(K::InvalidRequest,
                                      QStringLiteral("Transform algorithm '%1' not supported; use "
                                                     "S256.")
                                          .arg(r.codeChallengeMethod)));
        if (!isValidChallenge(r.codeChallenge))
            return redirectError(
                r, SandboxError::make(K::InvalidRequest,
                                      QStringLiteral("code_challenge must be 43 to 128 characters of "
                                                     "[A-Za-z0-9-._~].")));
    } else if (client->isPublic()) {
        return redirectError(
            r, SandboxError::make(K::MissingParameter,
                                  QStringLiteral("PKCE is required for public clients: send "
                                                 "code_challenge and code_challenge_method=S256."),
                                  QStringLiteral("code_challenge")));
    }

    if (m_ctx.config.autoApprove)
        return approve(r, autoApproveUser());
    if (value("prompt").split(QLatin1Char(' ')).contains(QLatin1String("none")))
        return redirectError(
            r, SandboxError::make(K::LoginRequired,
                                  QStringLiteral("prompt=none was requested but no user is signed in.")));
    const QByteArray interaction = m_ctx.store.addPending(r, m_ctx.now() + kLoginPageLifetimeSec);
    return loginPage(r, interaction,
                     r.loginHint.isEmpty() ? autoApproveUser() : r.loginHint.left(kMaxUsernameLength), {});
}

SandboxResponse SandboxAuthorizeEndpoint::consent(const SandboxRequest &request)
{
    const QByteArray interaction = request.formValue(QStringLiteral("interaction")).toLatin1();
    const auto pending = m_ctx.store.pending(interaction, m_ctx.now());
    if (!pending)
        return errorPage(SandboxError::make(K::InvalidRequest,
                                            QStringLiteral("This sign-in request has expired or was already "
                                                           "completed. Start again from the application.")));
    const QString decision = request.formValue(QStringLiteral("decision"));
    if (decision == QLatin1String("deny")) {
        m_ctx.store.removePending(interaction);
        return redirectError(
            *pending,
            SandboxError::make(K::AccessDenied, QStringLiteral("The resource owner denied the request.")));
    }
    if (decision != QLatin1String("allow"))
        return errorPage(SandboxError::make(K::InvalidRequest, QStringLiteral("Choose Allow or Deny.")));
    const QString username = request.formValue(QStringLiteral("username")).trimmed();
    if (username.isEmpty() || username.size() > kMaxUsernameLength)
        return loginPage(*pending, interaction, username.left(kMaxUsernameLength),
                         QStringLiteral("Enter a username of 1 to %1 characters.").arg(kMaxUsernameLength));
    m_ctx.store.removePending(interaction);
    return approve(*pending, username);
}

SandboxResponse SandboxAuthorizeEndpoint::approve(const SandboxAuthorizeRequest &request,
                                                  const QString &subject)
{
    if (m_ctx.fault(SandboxFault::DenyConsent))
        return redirectError(
            request,
            SandboxError::make(K::AccessDenied, QStringLiteral("The resource owner denied the request.")));
    const qint64 now = m_ctx.now();
    m_ctx.store.purge(now);
    const QByteArray code = m_ctx.store.addCode(request, subject, now, now + m_ctx.config.codeLifetimeSec);
    return respond(request, {{QStringLiteral("code"), QString::fromLatin1(code)}});
}

SandboxResponse SandboxAuthorizeEndpoint::redirectError(const SandboxAuthorizeRequest &request,
                                                        const SandboxError &error)
{
    ParamList params = {{QStringLiteral("error"), error.error}};
    const QString description = SandboxFaultResponses::frontChannelDescription(error, m_ctx.config.faults);
    if (!description.isEmpty())
        params.append({QStringLiteral("error_description"), description});
    return respond(request, params);
}

SandboxResponse SandboxAuthorizeEndpoint::respond(const SandboxAuthorizeRequest &request, ParamList params)
{
    if (m_ctx.fault(SandboxFault::StateTamper))
        params.append({QStringLiteral("state"), QString::fromLatin1(sandboxRandomToken("", 16))});
    else if (request.hasState)
        params.append({QStringLiteral("state"), request.state});
    // RFC 9207: iss on every authorization response, errors included.
    params.append(
        {QStringLiteral("iss"), m_ctx.fault(SandboxFault::WrongIss) ? wrongIssuer() : m_ctx.issuer});

    switch (request.responseMode) {
    case ResponseMode::FormPost: {
        QByteArray csp;
        auto r = SandboxResponse::html(200, SandboxPages::formPostPage(request.redirectUri, params, &csp));
        r.setHeader("Content-Security-Policy", csp);
        r.setHeader("Cache-Control", "no-store");
        r.setHeader("Referrer-Policy", "no-referrer");
        return r;
    }
    case ResponseMode::Fragment:
        return SandboxResponse::redirect(SandboxHttp::appendParams(request.redirectUri, params, true));
    case ResponseMode::Query:
        break;
    }
    return SandboxResponse::redirect(SandboxHttp::appendParams(request.redirectUri, params));
}

} // namespace wb
