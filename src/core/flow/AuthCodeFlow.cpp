#include "flow/AuthCodeFlow.h"

#include "Version.h"
#include "flow/FlowDetails.h"
#include "http/RedirectFollower.h"
#include "oauth/AuthorizationRequest.h"
#include "oauth/Random.h"
#include "oauth/TokenRequest.h"
#include "oauth/TokenResponse.h"
#include "platform/SystemBrowser.h"
#include "util/JsonQt.h"

#include <QProcess>
#include <QTimer>
#include <QUuid>

namespace wb {

using json = nlohmann::json;

namespace {
bool scopeHas(const QString &scope, const QString &item)
{
    return scope.split(QLatin1Char(' '), Qt::SkipEmptyParts).contains(item);
}
} // namespace

AuthCodeFlow::AuthCodeFlow(Profile profile, QNetworkAccessManager *nam, FlowOptions options, QObject *parent)
    : SessionProducer(options.clock, parent), m_options(std::move(options)),
      m_http(new HttpClient(nam, this)), m_listener(new LoopbackListener(this)),
      m_callbackTimer(new QTimer(this))
{
    m_session.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_session.appVersion = QString::fromLatin1(kAppVersion);
    m_session.profile = std::move(profile);
    if (!m_options.checkState)
        m_session.checksDisabled.append(QStringLiteral("state"));
    if (!m_options.checkIss)
        m_session.checksDisabled.append(QStringLiteral("iss"));
    m_http->setPinnedCertificates(m_session.profile.pinnedCertSha256);
    if (!m_session.profile.pinnedCertSha256.isEmpty())
        m_session.checksDisabled.append(QStringLiteral("tls_chain_pinned"));
    m_callbackTimer->setSingleShot(true);
    connect(m_callbackTimer, &QTimer::timeout, this, [this] {
        const QString msg =
            QStringLiteral("No callback arrived at %1 within %2 s. The browser may not have been "
                           "redirected (login not finished, an error page at the provider, or a "
                           "redirect_uri the provider does not accept).")
                .arg(m_session.redirectUri)
                .arg(m_session.profile.timeoutSeconds);
        failStep(m_callbackStep,
                 Error::make(ErrorKind::Timeout, QStringLiteral("callback_never_arrived"), msg),
                 QStringLiteral("no callback within %1 s").arg(m_session.profile.timeoutSeconds));
    });
    connect(m_listener, &LoopbackListener::requestRecorded, this, [this](const Exchange &x) {
        addExchange(x, m_callbackStep >= 0 ? m_callbackStep : m_browserStep);
    });
    connect(m_listener, &LoopbackListener::callbackReceived, this,
            [this](const Exchange &, const CallbackParams &params) { onCallback(params); });
    m_listener->setCallbackHandler(
        [this](const Exchange &x, const CallbackParams &params) { return handleCallback(x, params); });
}

AuthCodeFlow::~AuthCodeFlow()
{
    m_listener->stop();
}

void AuthCodeFlow::stopActivity()
{
    m_callbackTimer->stop();
    m_listener->stop();
    if (m_follower)
        m_follower->cancel();
    endCapture(); // records the captured hops before the steps are closed and diagnosed
    m_http->cancelAll();
}

QString AuthCodeFlow::cancelMessage() const
{
    return QStringLiteral("The flow was cancelled by the user.");
}

void AuthCodeFlow::start()
{
    m_session.startedAt = now();
    const Profile &p = m_session.profile;
    rememberSecret(p.clientSecret);
    const bool explicitEndpoints = !p.authorizationEndpoint.isEmpty() && !p.tokenEndpoint.isEmpty();
    QString problem;
    if (p.clientId.isEmpty())
        problem = QStringLiteral("No client id: set the client id registered at the provider.");
    else if (p.issuer.isEmpty() && !explicitEndpoints)
        problem = QStringLiteral("No issuer and no endpoints: give an issuer URL for discovery, or both the "
                                 "authorization and token endpoints.");
    else if (p.authMethod != ClientAuthMethod::None && p.clientSecret.isEmpty())
        problem = QStringLiteral("Client authentication %1 needs a client secret, and none was given.")
                      .arg(toString(p.authMethod));
    if (!problem.isEmpty()) {
        // Queued so observers connected after start() still see the failure.
        QTimer::singleShot(0, this, [this, problem] {
            finish(Outcome::Failed, Error::make(ErrorKind::Config, QStringLiteral("config"), problem));
        });
        return;
    }
    if (!p.issuer.isEmpty()) {
        m_discoveryStep = beginStep(StepKind::Discovery, QStringLiteral("Discovery"));
        m_discoveryUrls = discoveryUrls(p.issuer);
        m_session.steps[m_discoveryStep].details["urls"] = flowdetails::stringArray(m_discoveryUrls);
        runDiscovery(0);
    } else {
        QTimer::singleShot(0, this, [this] { startListenerAndAuthorize(); });
    }
}

void AuthCodeFlow::runDiscovery(int urlIndex)
{
    HttpRequest req;
    req.url = QUrl(m_discoveryUrls.value(urlIndex));
    req.headers.append(HttpHeader{"Accept", "application/json"});
    req.timeoutMs = m_session.profile.httpTimeoutSeconds * 1000;
    m_http->send(req, ExchangeRole::Discovery, [this, urlIndex](const Exchange &x) {
        if (isFinished())
            return;
        addExchange(x, m_discoveryStep);
        const bool explicitEndpoints =
            !m_session.profile.authorizationEndpoint.isEmpty() && !m_session.profile.tokenEndpoint.isEmpty();
        if (x.transportError != TransportError::None) {
            if (explicitEndpoints) {
                m_session.steps[m_discoveryStep].warnings.append(
                    QStringLiteral("Discovery failed (%1); using the explicit endpoints.")
                        .arg(x.errorMessage));
                updateStep(m_discoveryStep, StepStatus::Warning,
                           QStringLiteral("failed; explicit endpoints used"));
                startListenerAndAuthorize();
                return;
            }
            failStep(m_discoveryStep, transportError(x, QStringLiteral("Discovery at %1").arg(x.url)));
            return;
        }
        if (x.status == 404 && urlIndex + 1 < m_discoveryUrls.size()) {
            runDiscovery(urlIndex + 1);
            return;
        }
        DiscoveryResult r = x.status >= 200 && x.status < 300
                                ? parseDiscoveryDocument(x.responseBody, m_session.profile.issuer)
                                : DiscoveryResult{};
        if (x.status < 200 || x.status >= 300) {
            r.error = Error::make(ErrorKind::Http, QStringLiteral("discovery_failed"),
                                  QStringLiteral("The metadata document at %1 answered HTTP %2.")
                                      .arg(x.url, QString::number(x.status)));
        }
        Step &step = m_session.steps[m_discoveryStep];
        step.warnings.append(r.warnings);
        if (r.error.isError()) {
            if (explicitEndpoints) {
                step.warnings.append(r.error.message + QStringLiteral(" Using the explicit endpoints."));
                updateStep(m_discoveryStep, StepStatus::Warning,
                           QStringLiteral("failed; explicit endpoints used"));
                startListenerAndAuthorize();
                return;
            }
            failStep(m_discoveryStep, r.error);
            return;
        }
        m_metadata = r.metadata;
        m_haveMetadata = true;
        step.details["metadata"] = flowdetails::metadataSummary(m_metadata);
        Profile &p = m_session.profile;
        if (p.authorizationEndpoint.isEmpty())
            p.authorizationEndpoint = m_metadata.authorizationEndpoint;
        if (p.tokenEndpoint.isEmpty())
            p.tokenEndpoint = m_metadata.tokenEndpoint;
        if (p.authorizationEndpoint.isEmpty() || p.tokenEndpoint.isEmpty()) {
            failStep(m_discoveryStep, Error::make(ErrorKind::Config, QStringLiteral("metadata_incomplete"),
                                                  QStringLiteral("The metadata has no authorization or token "
                                                                 "endpoint; give them explicitly.")));
            return;
        }
        if (m_session.profile.pkce != PkceMethod::Off && !m_metadata.codeChallengeMethods.isEmpty() &&
            !m_metadata.codeChallengeMethods.contains(toString(m_session.profile.pkce))) {
            step.warnings.append(QStringLiteral("The server advertises PKCE methods %1, not %2.")
                                     .arg(m_metadata.codeChallengeMethods.join(QStringLiteral(", ")),
                                          toString(m_session.profile.pkce)));
        }
        updateStep(m_discoveryStep, step.warnings.isEmpty() ? StepStatus::Succeeded : StepStatus::Warning,
                   QStringLiteral("%1 %2, issuer %3").arg(x.status).arg(x.reason, m_metadata.issuer));
        startListenerAndAuthorize();
    });
}

void AuthCodeFlow::startListenerAndAuthorize()
{
    const Profile &p = m_session.profile;
    m_authStep = beginStep(StepKind::AuthorizationRequest, QStringLiteral("Authorization request"));

    LoopbackConfig cfg;
    cfg.redirectHost = p.redirectHost;
    cfg.bindIpv6 = p.redirectHost == u"[::1]";
    cfg.port = quint16(p.redirectPort);
    cfg.path =
        p.redirectPath.startsWith(QLatin1Char('/')) ? p.redirectPath : QLatin1Char('/') + p.redirectPath;
    cfg.responseMode = p.responseMode;
    QString listenError;
    if (!m_listener->start(cfg, &listenError)) {
        failStep(m_authStep, Error::make(ErrorKind::Config, QStringLiteral("listener_failed"), listenError));
        return;
    }
    m_session.redirectUri = m_listener->redirectUri();

    m_state = QString::fromLatin1(randomUrlSafe(32)); // 256 bits
    if (scopeHas(p.scope, QStringLiteral("openid")))
        m_nonce = QString::fromLatin1(randomUrlSafe(32));
    if (p.pkce != PkceMethod::Off) {
        m_pkce = Pkce::generate(p.pkce);
        rememberSecret(QString::fromLatin1(m_pkce->verifier));
    }
    AuthorizationRequestInput in;
    in.endpoint = p.authorizationEndpoint;
    in.clientId = p.clientId;
    in.redirectUri = m_session.redirectUri;
    in.scope = p.scope;
    in.state = m_state;
    in.nonce = m_nonce;
    in.pkce = m_pkce;
    in.responseMode = p.responseMode;
    in.extraParams = p.extraParams;
    const AuthorizationRequest req = buildAuthorizationRequest(in);
    m_authorizationUrl = QString::fromUtf8(req.url.toEncoded());

    Step &step = m_session.steps[m_authStep];
    step.details =
        flowdetails::authorizationRequest(req, m_pkce, m_state, m_nonce, m_listener->listenAddress());
    updateStep(m_authStep, StepStatus::Succeeded,
               QStringLiteral("%1 parameters, PKCE %2, redirect_uri %3")
                   .arg(req.params.size())
                   .arg(m_pkce ? m_pkce->challengeMethod() : QStringLiteral("off"), m_session.redirectUri));
    launchBrowser();
}

void AuthCodeFlow::launchBrowser()
{
    const Profile &p = m_session.profile;
    m_browserStep = beginStep(StepKind::Browser, QStringLiteral("Browser"));
    m_callbackStep = beginStep(StepKind::Callback, QStringLiteral("Callback"));
    updateStep(m_callbackStep, StepStatus::Running,
               QStringLiteral("waiting on %1").arg(m_session.redirectUri));
    m_callbackTimer->start(std::max(1, p.timeoutSeconds) * 1000);
    emit waitingForCallback(m_authorizationUrl, m_session.redirectUri, m_listener->listenAddress(),
                            p.timeoutSeconds);
    if (isFinished())
        return;

    Step &step = m_session.steps[m_browserStep];
    step.details["mode"] = toStd(toString(p.browser));
    step.details["url"] = toStd(m_authorizationUrl);
    if (p.browser == BrowserMode::Follow) {
        m_follower = new RedirectFollower(m_http, this);
        connect(m_follower, &RedirectFollower::hop, this,
                [this](const Exchange &x) { addExchange(x, m_browserStep); });
        connect(m_follower, &RedirectFollower::finished, this, [this](const FollowResult &r) {
            if (isFinished())
                return;
            m_session.steps[m_browserStep].details["final_url"] = toStd(r.finalUrl);
            if (r.end == FollowResult::End::ReachedRedirectUri) {
                updateStep(m_browserStep, StepStatus::Succeeded, QStringLiteral("reached the redirect_uri"));
                return;
            }
            const ErrorKind kind = r.end == FollowResult::End::TransportFailure ? ErrorKind::Network
                                   : r.end == FollowResult::End::Cancelled      ? ErrorKind::Cancelled
                                                                                : ErrorKind::Http;
            const QString code = r.end == FollowResult::End::NeedsPerson ? QStringLiteral("needs_person")
                                 : r.end == FollowResult::End::TooManyHops
                                     ? QStringLiteral("too_many_redirects")
                                     : QStringLiteral("follow_failed");
            failStep(m_browserStep, Error::make(kind, code, r.message));
        });
        m_follower->start(QUrl::fromEncoded(m_authorizationUrl.toUtf8()), m_session.redirectUri, 20,
                          p.httpTimeoutSeconds * 1000);
        updateStep(m_browserStep, StepStatus::Running, QStringLiteral("following redirects"));
        return;
    }
    if (p.browser == BrowserMode::Captured) {
        startCapturedBrowser();
        return;
    }
    QString error;
    bool ok = false;
    if (p.browser == BrowserMode::Command) {
        QStringList args = QProcess::splitCommand(p.browserCommand);
        bool substituted = false;
        for (QString &a : args) {
            if (a.contains(QLatin1String("%u"))) {
                a.replace(QLatin1String("%u"), m_authorizationUrl);
                substituted = true;
            }
        }
        if (!substituted)
            args.append(m_authorizationUrl);
        step.details["command"] = toStd(p.browserCommand);
        if (args.isEmpty() || args.first().isEmpty()) {
            error = QStringLiteral("The browser command is empty.");
        } else {
            // Detached: closing the workbench must never close the user's browser. Its stdout is
            // discarded so it cannot mix into --json output; stderr stays visible.
            QProcess proc;
            proc.setProgram(args.takeFirst());
            proc.setArguments(args);
            proc.setStandardOutputFile(QProcess::nullDevice());
            qint64 pid = 0;
            ok = proc.startDetached(&pid);
            if (!ok)
                error = QStringLiteral("Could not start the browser command '%1'.").arg(p.browserCommand);
            else
                step.details["pid"] = pid;
        }
    } else {
        ok = openInSystemBrowser(m_authorizationUrl, &error);
    }
    if (!ok) {
        failStep(m_browserStep, Error::make(ErrorKind::Config, QStringLiteral("browser_failed"), error));
        return;
    }
    updateStep(m_browserStep, StepStatus::Succeeded,
               p.browser == BrowserMode::System ? QStringLiteral("opened in the system browser")
                                                : QStringLiteral("started: %1").arg(p.browserCommand));
}

CallbackReply AuthCodeFlow::handleCallback(const Exchange &, const CallbackParams &params)
{
    if (m_callbackHandled || isFinished())
        return {false, QStringLiteral("Already handled"),
                QStringLiteral("This flow already received its callback; this request was ignored.")};
    CallbackExpectations expect;
    expect.state = m_state;
    expect.issuer = m_haveMetadata ? m_metadata.issuer : m_session.profile.issuer;
    expect.issAdvertised = m_haveMetadata && m_metadata.issParameterSupported;
    expect.checkState = m_options.checkState;
    expect.checkIss = m_options.checkIss;
    m_callbackResult = validateCallback(params, expect);
    m_callbackHandled = true;
    if (m_callbackResult.error.isError())
        return {false, QStringLiteral("Authorization failed"), m_callbackResult.error.message};
    return {
        true, QStringLiteral("Authorization code received"),
        QStringLiteral("OAuth Workbench received the authorization code and is exchanging it for tokens.")};
}

void AuthCodeFlow::onCallback(const CallbackParams &params)
{
    if (isFinished() || !m_code.isEmpty() || m_callbackStep < 0)
        return;
    m_callbackTimer->stop();
    Step &step = m_session.steps[m_callbackStep];
    step.details = flowdetails::callback(params, m_callbackResult);
    step.warnings.append(m_callbackResult.warnings);
    rememberSecret(params.code);
    if (m_callbackResult.error.isError()) {
        const Error &e = m_callbackResult.error;
        failStep(m_callbackStep, e,
                 e.protocol ? QStringLiteral("error=%1 %2").arg(e.protocol->error, e.protocol->description)
                            : e.message);
        return;
    }
    m_code = m_callbackResult.code;
    updateStep(m_callbackStep, step.warnings.isEmpty() ? StepStatus::Succeeded : StepStatus::Warning,
               QStringLiteral("code received via %1; state %2")
                   .arg(params.source,
                        m_options.checkState ? QStringLiteral("matches") : QStringLiteral("not checked")));
    exchangeCode();
}

void AuthCodeFlow::exchangeCode()
{
    const Profile &p = m_session.profile;
    m_tokenStep = beginStep(StepKind::TokenExchange, QStringLiteral("Token exchange"));
    AuthorizationCodeGrant grant;
    grant.tokenEndpoint = p.tokenEndpoint;
    grant.code = m_code;
    grant.redirectUri = m_session.redirectUri;
    grant.codeVerifier = m_pkce ? QString::fromLatin1(m_pkce->verifier) : QString();
    grant.authMethod = p.authMethod;
    grant.clientId = p.clientId;
    grant.clientSecret = p.clientSecret;
    grant.overrides = m_options.tokenParamOverrides;
    grant.timeoutMs = p.httpTimeoutSeconds * 1000;
    const BuiltTokenRequest built = buildAuthorizationCodeRequest(grant);
    Step &step = m_session.steps[m_tokenStep];
    step.details["request_form"] = flowdetails::params(built.form);
    step.details["auth_method"] = toStd(toString(p.authMethod));
    if (!m_options.tokenParamOverrides.isEmpty())
        step.warnings.append(QStringLiteral("Token request parameters overridden on purpose: %1")
                                 .arg(flowdetails::names(m_options.tokenParamOverrides)));
    m_http->send(built.request, ExchangeRole::BackChannel, [this](const Exchange &x) { onTokenResponse(x); });
}

void AuthCodeFlow::onTokenResponse(const Exchange &x)
{
    if (isFinished())
        return;
    addExchange(x, m_tokenStep);
    if (x.transportError != TransportError::None) {
        failStep(m_tokenStep, transportError(x, QStringLiteral("The token request to %1").arg(x.url)));
        return;
    }
    const TokenResponse r = parseTokenResponse(x.status, x.responseHeaders, x.responseBody, now());
    rememberSecret(r.tokens.accessToken);
    rememberSecret(r.tokens.refreshToken);
    rememberSecret(r.tokens.idToken);
    Step &step = m_session.steps[m_tokenStep];
    step.details["response_format"] = toStd(toString(r.format));
    step.details["response"] = r.members;
    step.warnings.append(r.warnings);
    if (r.error.isError()) {
        const Error &e = r.error;
        failStep(m_tokenStep, e,
                 e.protocol ? QStringLiteral("%1 error=%2").arg(x.status).arg(e.protocol->error)
                            : QStringLiteral("%1: %2").arg(x.status).arg(e.message));
        return;
    }
    m_session.tokens = r.tokens;
    const json clock =
        flowdetails::clockCheck(x, r.tokens.obtainedAt, &step.warnings, m_options.leewaySeconds);
    if (!clock.is_null())
        step.details["clock"] = clock;
    flowdetails::refreshTokenCheck(m_session.profile.scope, r.tokens, &step.warnings);
    Error idTokenError;
    if (!r.tokens.idToken.isEmpty()) {
        // Decoded here; its nonce and the other checks run in the ID token validation step.
        step.details["id_token"] = flowdetails::idToken(r.tokens.idToken, QString(), &idTokenError);
    } else if (!m_nonce.isEmpty()) {
        step.warnings.append(QStringLiteral("The scope includes openid but the response has no id_token."));
    }
    if (idTokenError.isError()) {
        failStep(m_tokenStep, idTokenError);
        return;
    }
    updateStep(m_tokenStep, step.warnings.isEmpty() ? StepStatus::Succeeded : StepStatus::Warning,
               QStringLiteral("%1 %2: %3").arg(x.status).arg(x.reason, flowdetails::tokenSummary(r.tokens)));
    validateTokens();
}

} // namespace wb
