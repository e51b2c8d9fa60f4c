#include "flow/TokenOperation.h"

#include "Version.h"
#include "flow/FlowDetails.h"
#include "oauth/TokenResponse.h"

#include <QTimer>
#include <QUuid>

namespace wb {

QString toString(TokenChoice c)
{
    return c == TokenChoice::Access ? QStringLiteral("access") : QStringLiteral("refresh");
}

bool parseTokenChoice(const QString &s, TokenChoice &out)
{
    if (s == u"access" || s == u"access_token")
        out = TokenChoice::Access;
    else if (s == u"refresh" || s == u"refresh_token")
        out = TokenChoice::Refresh;
    else
        return false;
    return true;
}

QString tokenTypeHint(TokenChoice c)
{
    return c == TokenChoice::Access ? QStringLiteral("access_token") : QStringLiteral("refresh_token");
}

TokenOperation::TokenOperation(Profile profile, TokenSet tokens, QNetworkAccessManager *nam, Clock clock,
                               QObject *parent)
    : SessionProducer(std::move(clock), parent), m_input(std::move(tokens)), m_http(new HttpClient(nam, this))
{
    m_session.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_session.appVersion = QString::fromLatin1(kAppVersion);
    m_session.profile = std::move(profile);
    m_http->setPinnedCertificates(m_session.profile.pinnedCertSha256);
    if (!m_session.profile.pinnedCertSha256.isEmpty())
        m_session.checksDisabled.append(QStringLiteral("tls_chain_pinned"));
    rememberSecret(m_session.profile.clientSecret);
    rememberSecret(m_input.accessToken);
    rememberSecret(m_input.refreshToken);
    rememberSecret(m_input.idToken);
}

TokenOperation::~TokenOperation() = default;

void TokenOperation::stopActivity()
{
    m_http->cancelAll();
}

QString TokenOperation::cancelMessage() const
{
    return QStringLiteral("The operation was cancelled by the user.");
}

Error TokenOperation::errorResponse(const Exchange &x) const
{
    // The token response parser already knows OAuth error bodies, HTML pages and empty bodies.
    const TokenResponse r = parseTokenResponse(x.status, x.responseHeaders, x.responseBody, now());
    if (r.error.isError())
        return r.error;
    return Error::make(ErrorKind::Http, QStringLiteral("http_status"),
                       QStringLiteral("%1 answered HTTP %2.").arg(x.url).arg(x.status));
}

QString TokenOperation::knownEndpoint() const
{
    if (!m_endpointOverride.isEmpty())
        return m_endpointOverride;
    switch (endpointKind()) {
    case TokenEndpoint::Token:
        return m_session.profile.tokenEndpoint.isEmpty() ? m_metadata.tokenEndpoint
                                                         : m_session.profile.tokenEndpoint;
    case TokenEndpoint::Revocation:
        return m_metadata.revocationEndpoint;
    case TokenEndpoint::Introspection:
        return m_metadata.introspectionEndpoint;
    case TokenEndpoint::Userinfo:
        return m_metadata.userinfoEndpoint;
    }
    return {};
}

void TokenOperation::start()
{
    if (m_started)
        return;
    m_started = true;
    m_session.startedAt = now();
    const Profile &p = m_session.profile;
    QString problem;
    if (p.clientId.isEmpty())
        problem = QStringLiteral("No client id: the profile needs the client id registered at the provider.");
    else if (p.authMethod != ClientAuthMethod::None && p.clientSecret.isEmpty() &&
             endpointKind() != TokenEndpoint::Userinfo)
        problem = QStringLiteral("Client authentication %1 needs a client secret, and none was given.")
                      .arg(toString(p.authMethod));
    else
        problem = precondition();
    if (problem.isEmpty() && knownEndpoint().isEmpty() && p.issuer.isEmpty())
        problem = QStringLiteral("No issuer to discover the endpoint from: set the profile's issuer.");
    if (!problem.isEmpty()) {
        // Queued so observers connected after start() still see the failure.
        QTimer::singleShot(0, this, [this, problem] {
            finish(Outcome::Failed, Error::make(ErrorKind::Config, QStringLiteral("config"), problem));
        });
        return;
    }
    if (!knownEndpoint().isEmpty()) {
        QTimer::singleShot(0, this, [this] {
            if (!isFinished())
                run(knownEndpoint());
        });
        return;
    }
    m_discoveryStep = beginStep(StepKind::Discovery, QStringLiteral("Discovery"));
    m_discoveryUrls = discoveryUrls(p.issuer);
    m_session.steps[m_discoveryStep].details["urls"] = flowdetails::stringArray(m_discoveryUrls);
    runDiscovery(0);
}

void TokenOperation::runDiscovery(int urlIndex)
{
    HttpRequest req;
    req.url = QUrl(m_discoveryUrls.value(urlIndex));
    req.headers.append(HttpHeader{"Accept", "application/json"});
    req.timeoutMs = m_session.profile.httpTimeoutSeconds * 1000;
    m_http->send(req, ExchangeRole::Discovery, [this, urlIndex](const Exchange &x) {
        if (isFinished())
            return;
        addExchange(x, m_discoveryStep);
        if (x.transportError != TransportError::None) {
            failStep(m_discoveryStep, transportError(x, QStringLiteral("Discovery at %1").arg(x.url)));
            return;
        }
        if (x.status == 404 && urlIndex + 1 < m_discoveryUrls.size()) {
            runDiscovery(urlIndex + 1);
            return;
        }
        if (x.status < 200 || x.status >= 300) {
            failStep(m_discoveryStep,
                     Error::make(ErrorKind::Http, QStringLiteral("discovery_failed"),
                                 QStringLiteral("The metadata document at %1 answered HTTP %2.")
                                     .arg(x.url, QString::number(x.status))));
            return;
        }
        const DiscoveryResult r = parseDiscoveryDocument(x.responseBody, m_session.profile.issuer);
        Step &step = m_session.steps[m_discoveryStep];
        step.warnings.append(r.warnings);
        if (r.error.isError()) {
            failStep(m_discoveryStep, r.error);
            return;
        }
        m_metadata = r.metadata;
        step.details["metadata"] = flowdetails::metadataSummary(m_metadata);
        const QString endpoint = knownEndpoint();
        if (endpoint.isEmpty()) {
            static const char *const names[] = {"token_endpoint", "revocation_endpoint",
                                                "introspection_endpoint", "userinfo_endpoint"};
            failStep(
                m_discoveryStep,
                Error::make(ErrorKind::Config, QStringLiteral("endpoint_not_advertised"),
                            QStringLiteral("The provider's metadata has no %1: the server does not offer "
                                           "this operation, or give its URL with --endpoint.")
                                .arg(QLatin1String(names[int(endpointKind())]))));
            return;
        }
        updateStep(m_discoveryStep, step.warnings.isEmpty() ? StepStatus::Succeeded : StepStatus::Warning,
                   QStringLiteral("%1 %2, issuer %3").arg(x.status).arg(x.reason, m_metadata.issuer));
        run(endpoint);
    });
}

} // namespace wb
