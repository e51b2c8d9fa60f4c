// AuthCodeFlow, after the token exchange: fetch the issuer's JWK Set (recorded like every other
// exchange, refetched once on an unknown kid), then validate the ID token and look at the access
// token, each check a row of the step's details.
#include "flow/AuthCodeFlow.h"

#include "flow/FlowDetails.h"
#include "oauth/IdTokenAccessToken.h"
#include "oauth/IdTokenValidator.h"
#include "util/JsonQt.h"

namespace wb {

using json = nlohmann::json;

void AuthCodeFlow::validateTokens()
{
    const TokenSet &t = m_session.tokens;
    const bool jwtAccess = accessTokenIsJwt(t.accessToken);
    if (t.idToken.isEmpty() && !jwtAccess) {
        if (!t.accessToken.isEmpty() && m_tokenStep >= 0)
            m_session.steps[m_tokenStep].details["access_token"] = accessTokenDetails({});
        finish(Outcome::Succeeded);
        return;
    }
    m_jwksUri = m_haveMetadata ? m_metadata.jwksUri : QString();
    m_jwksStep = beginStep(StepKind::Jwks, QStringLiteral("JWKS"));
    if (m_jwksUri.isEmpty()) {
        Step &step = m_session.steps[m_jwksStep];
        step.warnings.append(QStringLiteral("No jwks_uri (%1): token signatures cannot be checked.")
                                 .arg(m_haveMetadata ? QStringLiteral("the provider metadata has none")
                                                     : QStringLiteral("no discovery document")));
        updateStep(m_jwksStep, StepStatus::Skipped, QStringLiteral("no jwks_uri: signatures not checked"));
        finishTokenValidation(std::nullopt, std::nullopt);
        return;
    }
    m_jwks =
        std::make_unique<JwksCache>([this](const JwksCache::FetchDone &done) { fetchJwks(m_jwksUri, done); });
    const auto verifyAccess = [this, jwtAccess](std::optional<JwksCache::Result> idSig) {
        if (!jwtAccess) {
            finishTokenValidation(idSig, std::nullopt);
            return;
        }
        m_jwks->verify(m_session.tokens.accessToken.toLatin1(), [this, idSig](const JwksCache::Result &r) {
            if (!isFinished())
                finishTokenValidation(idSig, r);
        });
    };
    if (t.idToken.isEmpty()) {
        verifyAccess(std::nullopt);
        return;
    }
    m_jwks->verify(t.idToken.toLatin1(), [this, verifyAccess](const JwksCache::Result &r) {
        if (isFinished())
            return;
        if (r.fetchFailed) {
            m_session.steps[m_jwksStep].details = flowdetails::jwks(m_jwksUri, *m_jwks, false);
            failStep(
                m_jwksStep,
                Error::make(ErrorKind::Http, QStringLiteral("jwks_fetch_failed"),
                            QStringLiteral("The issuer's JWK Set could not be fetched from %1 (%2), so the "
                                           "ID token's signature cannot be checked.")
                                .arg(m_jwksUri, r.fetchError)));
            return;
        }
        verifyAccess(r);
    });
}

void AuthCodeFlow::fetchJwks(const QString &uri, const JwksCache::FetchDone &done)
{
    HttpRequest req;
    req.url = QUrl(uri);
    req.headers.append(HttpHeader{"Accept", "application/json"});
    req.timeoutMs = m_session.profile.httpTimeoutSeconds * 1000;
    m_http->send(req, ExchangeRole::Discovery, [this, done](const Exchange &x) {
        if (isFinished())
            return;
        addExchange(x, m_jwksStep);
        JwksCache::Fetched f;
        if (x.transportError != TransportError::None) {
            f.error = x.errorMessage;
        } else if (x.status < 200 || x.status >= 300) {
            f.error = QStringLiteral("HTTP %1").arg(x.status);
        } else {
            f.set = jose::parseJwkSet(x.responseBody);
            f.ok = f.set.ok;
            f.error = f.set.error;
        }
        done(f);
    });
}

void AuthCodeFlow::finishTokenValidation(const std::optional<JwksCache::Result> &idSig,
                                         const std::optional<JwksCache::Result> &accessSig)
{
    const TokenSet &t = m_session.tokens;
    const Profile &p = m_session.profile;
    const QDateTime now = this->now();
    const QString noJwks = QStringLiteral("no jwks_uri in the provider metadata");
    if (m_jwks) {
        Step &js = m_session.steps[m_jwksStep];
        const bool refetched = (idSig && idSig->refetched) || (accessSig && accessSig->refetched);
        js.details = flowdetails::jwks(m_jwksUri, *m_jwks, refetched);
        js.warnings.append(m_jwks->keySet().notes);
        if (idSig && !idSig->fetchError.isEmpty())
            js.warnings.append(QStringLiteral("Refetching the JWK Set failed: %1").arg(idSig->fetchError));
        if (accessSig && accessSig->fetchFailed)
            js.warnings.append(
                QStringLiteral("The JWK Set could not be fetched: %1").arg(accessSig->fetchError));
        QString summary = QStringLiteral("%1 key(s)").arg(m_jwks->keySet().keys.size());
        if (refetched)
            summary += QStringLiteral("; refetched once for an unknown kid");
        updateStep(m_jwksStep, js.warnings.isEmpty() ? StepStatus::Succeeded : StepStatus::Warning, summary);
    }

    const int index =
        beginStep(StepKind::IdTokenValidation, t.idToken.isEmpty() ? QStringLiteral("Access token")
                                                                   : QStringLiteral("ID token validation"));
    Step &step = m_session.steps[index];
    Error error;
    QString summary;
    if (!t.idToken.isEmpty()) {
        IdTokenExpectations e;
        e.issuer = m_haveMetadata ? m_metadata.issuer : p.issuer;
        e.clientId = p.clientId;
        e.nonce = m_nonce;
        e.accessToken = t.accessToken;
        e.code = m_code;
        e.leewaySeconds = m_options.leewaySeconds;
        e.now = now;
        if (idSig)
            e.signature = idSig->verification;
        else
            e.signatureSkippedReason = noJwks;
        const IdTokenValidation v = validateIdToken(t.idToken, e);
        step.details = flowdetails::idTokenValidation(v, e.leewaySeconds);
        step.warnings.append(v.warnings);
        error = v.error;
        summary = flowdetails::validationSummary(v);
    }
    if (!t.accessToken.isEmpty()) {
        AccessTokenExpectations a;
        a.issuer = m_haveMetadata ? m_metadata.issuer : p.issuer;
        for (const auto &[name, value] : p.extraParams)
            if (name == QLatin1String("audience") || name == QLatin1String("resource"))
                a.audience = value;
        a.leewaySeconds = m_options.leewaySeconds;
        a.now = now;
        if (accessSig && !accessSig->fetchFailed)
            a.signature = accessSig->verification;
        else
            a.signatureSkippedReason = accessSig ? accessSig->fetchError : noJwks;
        const AccessTokenInspection inspection = inspectAccessToken(t.accessToken, a);
        step.details["access_token"] = accessTokenDetails(inspection);
        step.warnings.append(inspection.warnings);
        if (summary.isEmpty())
            summary = inspection.jwt ? QStringLiteral("JWT access token decoded (information only)")
                                     : QStringLiteral("opaque access token: use introspection");
    }
    if (error.isError()) {
        failStep(index, error, summary);
        return;
    }
    updateStep(index, step.warnings.isEmpty() ? StepStatus::Succeeded : StepStatus::Warning, summary);
    finish(Outcome::Succeeded);
}

} // namespace wb
