#include "flow/RaceProbeOperation.h"

#include "flow/FlowDetails.h"
#include "flow/RefreshMerge.h"
#include "oauth/TokenResponse.h"
#include "util/JsonQt.h"

namespace wb {

using json = nlohmann::json;

RaceProbeOperation::RaceProbeOperation(Profile profile, TokenSet tokens, int parallel,
                                       QNetworkAccessManager *nam, Clock clock, QObject *parent)
    : TokenOperation(std::move(profile), std::move(tokens), nam, std::move(clock), parent),
      m_parallel(parallel)
{
}

QString RaceProbeOperation::precondition() const
{
    if (m_parallel < 2 || m_parallel > kMaxParallel)
        return QStringLiteral("The race probe needs 2 to %1 parallel refreshes.").arg(kMaxParallel);
    if (inputTokens().refreshToken.isEmpty())
        return QStringLiteral("No refresh token is stored for this profile: nothing to race.");
    return {};
}

namespace {
RefreshTokenGrant grantFor(const Profile &p, const QString &endpoint, const QString &refreshToken)
{
    RefreshTokenGrant g;
    g.tokenEndpoint = endpoint;
    g.refreshToken = refreshToken;
    g.authMethod = p.authMethod;
    g.clientId = p.clientId;
    g.clientSecret = p.clientSecret;
    g.timeoutMs = p.httpTimeoutSeconds * 1000;
    return g;
}
} // namespace

void RaceProbeOperation::run(const QString &endpoint)
{
    m_endpoint = endpoint;
    m_step =
        beginStep(StepKind::RaceProbe, QStringLiteral("Refresh race probe (%1 parallel)").arg(m_parallel));
    const BuiltTokenRequest built =
        buildRefreshTokenRequest(grantFor(mutableSession().profile, endpoint, inputTokens().refreshToken));
    Step &step = mutableSession().steps[m_step];
    step.details["parallel"] = m_parallel;
    step.details["request_form"] = flowdetails::params(built.form);
    step.details["auth_method"] = toStd(toString(mutableSession().profile.authMethod));
    m_attempts.resize(m_parallel);
    m_granted.resize(m_parallel);
    m_pending = m_parallel;
    for (int i = 0; i < m_parallel; ++i)
        http()->send(built.request, ExchangeRole::BackChannel,
                     [this, i](const Exchange &x) { onAttempt(i, x); });
    updateStep(m_step, StepStatus::Running, QStringLiteral("%1 refreshes in flight").arg(m_parallel));
}

RaceAttempt RaceProbeOperation::attemptFrom(const Exchange &x, TokenSet *tokens, QString *description) const
{
    RaceAttempt a;
    a.status = x.status;
    if (x.transportError != TransportError::None) {
        a.transportFailed = true;
        *description = x.errorMessage;
        return a;
    }
    const TokenResponse r = parseTokenResponse(x.status, x.responseHeaders, x.responseBody, clock()());
    if (r.error.isError()) {
        a.error = r.error.protocol ? r.error.protocol->error : r.error.code;
        *description = r.error.protocol ? r.error.protocol->description : r.error.message;
        return a;
    }
    a.succeeded = true;
    a.newRefreshToken = r.tokens.refreshToken;
    *tokens = r.tokens;
    return a;
}

void RaceProbeOperation::onAttempt(int index, const Exchange &x)
{
    if (isFinished())
        return;
    const QString id = addExchange(x, m_step);
    QString description;
    TokenSet tokens;
    const RaceAttempt a = attemptFrom(x, &tokens, &description);
    rememberSecret(tokens.accessToken);
    rememberSecret(tokens.refreshToken);
    rememberSecret(tokens.idToken);
    m_attempts[index] = a;
    m_granted[index] = tokens;
    json e = json::object();
    e["request"] = index + 1;
    e["exchange_id"] = toStd(id);
    e["status"] = a.status;
    e["result"] = a.succeeded ? "succeeded" : a.transportFailed ? "network_error" : toStd(a.error);
    if (!description.isEmpty())
        e["description"] = toStd(description);
    if (a.succeeded)
        e["refresh_token"] = a.newRefreshToken.isEmpty()                       ? "omitted"
                             : a.newRefreshToken == inputTokens().refreshToken ? "same as sent"
                                                                               : "new (rotated)";
    m_evidence.push_back(e);
    mutableSession().steps[m_step].details["requests"] = m_evidence;
    if (--m_pending > 0)
        return;
    m_winner = raceFollowUpCandidate(m_attempts, inputTokens().refreshToken);
    if (m_winner < 0) {
        conclude();
        return;
    }
    // Does the winner's new refresh token still work? Reuse detection revokes it with the family.
    const BuiltTokenRequest built = buildRefreshTokenRequest(
        grantFor(mutableSession().profile, m_endpoint, m_attempts[m_winner].newRefreshToken));
    updateStep(m_step, StepStatus::Running,
               QStringLiteral("checking the winner's new refresh token (request %1)").arg(m_winner + 1));
    http()->send(built.request, ExchangeRole::BackChannel, [this](const Exchange &fx) { onFollowUp(fx); });
}

void RaceProbeOperation::onFollowUp(const Exchange &x)
{
    if (isFinished())
        return;
    const QString id = addExchange(x, m_step);
    QString description;
    TokenSet tokens;
    const RaceAttempt a = attemptFrom(x, &tokens, &description);
    rememberSecret(tokens.accessToken);
    rememberSecret(tokens.refreshToken);
    rememberSecret(tokens.idToken);
    RaceFollowUp f;
    f.succeeded = a.succeeded;
    f.error = a.error;
    f.transportFailed = a.transportFailed;
    m_followUp = f;
    m_followUpTokens = tokens;
    json e = json::object();
    e["exchange_id"] = toStd(id);
    e["with_refresh_token_from_request"] = m_winner + 1;
    e["status"] = a.status;
    e["result"] = a.succeeded ? "succeeded" : a.transportFailed ? "network_error" : toStd(a.error);
    if (!description.isEmpty())
        e["description"] = toStd(description);
    mutableSession().steps[m_step].details["follow_up"] = e;
    conclude();
}

void RaceProbeOperation::conclude()
{
    m_verdict = classifyRace(m_attempts, m_followUp);
    Step &step = mutableSession().steps[m_step];
    step.details["outcome"] = toStd(toString(m_verdict.outcome));
    step.details["explanation"] = toStd(m_verdict.explanation);
    step.details["counts"] = {{"succeeded", m_verdict.succeeded},
                              {"invalid_grant", m_verdict.invalidGrant},
                              {"other", m_verdict.other}};

    // What remains usable: the follow-up's tokens, or (no rotation) the first success merged in.
    if (m_followUp && m_followUp->succeeded) {
        const TokenSet winner = mergeRefreshedTokens(inputTokens(), m_granted[m_winner]).tokens;
        m_toStore = mergeRefreshedTokens(winner, m_followUpTokens).tokens;
    } else if (m_verdict.outcome == RaceOutcome::AllSucceeded && !m_followUp) {
        for (int i = 0; i < m_attempts.size() && !m_toStore; ++i)
            if (m_attempts[i].succeeded)
                m_toStore = mergeRefreshedTokens(inputTokens(), m_granted[i]).tokens;
    }
    if (m_toStore)
        mutableSession().tokens = *m_toStore;
    else
        step.warnings.append(
            QStringLiteral("No usable refresh token is left after the probe: authorize again."));

    const QString summary = QStringLiteral("%1: %2 succeeded, %3 invalid_grant, %4 other")
                                .arg(toString(m_verdict.outcome))
                                .arg(m_verdict.succeeded)
                                .arg(m_verdict.invalidGrant)
                                .arg(m_verdict.other);
    switch (m_verdict.outcome) {
    case RaceOutcome::AllSucceeded:
        updateStep(m_step, StepStatus::Succeeded, summary);
        finish(Outcome::Succeeded);
        return;
    case RaceOutcome::OneWonRestInvalidGrant:
    case RaceOutcome::FamilyRevoked:
        step.warnings.prepend(m_verdict.explanation);
        updateStep(m_step, StepStatus::Warning, summary);
        finish(Outcome::Succeeded);
        return;
    case RaceOutcome::AllFailed: {
        ProtocolError pe;
        pe.error = QStringLiteral("invalid_grant");
        pe.httpStatus = m_attempts.isEmpty() ? 0 : m_attempts.first().status;
        failStep(m_step,
                 Error{ErrorKind::Protocol, QStringLiteral("invalid_grant"), m_verdict.explanation, pe},
                 summary);
        return;
    }
    case RaceOutcome::Inconclusive:
        break;
    }
    bool network = false;
    for (const RaceAttempt &a : m_attempts)
        network = network || a.transportFailed;
    failStep(m_step,
             Error::make(network ? ErrorKind::Network : ErrorKind::Http, QStringLiteral("race_inconclusive"),
                         m_verdict.explanation),
             summary);
}

} // namespace wb
