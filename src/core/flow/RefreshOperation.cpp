#include "flow/RefreshOperation.h"

#include "Version.h"
#include "flow/FlowDetails.h"
#include "oauth/TokenResponse.h"
#include "util/JsonQt.h"

#include <QUuid>

namespace wb {

using json = nlohmann::json;

RefreshOperation::RefreshOperation(Profile profile, TokenSet tokens, QNetworkAccessManager *nam,
                                   RefreshOptions options, Clock clock, QObject *parent)
    : TokenOperation(std::move(profile), std::move(tokens), nam, std::move(clock), parent),
      m_options(std::move(options))
{
}

QString RefreshOperation::precondition() const
{
    if (inputTokens().refreshToken.isEmpty())
        return QStringLiteral("No refresh token is stored for this profile. Log in again with offline_access "
                              "in the scope (some providers also need prompt=consent).");
    return {};
}

void RefreshOperation::run(const QString &endpoint)
{
    const Profile &p = mutableSession().profile;
    m_step = beginStep(StepKind::Refresh, QStringLiteral("Refresh"));
    RefreshTokenGrant grant;
    grant.tokenEndpoint = endpoint;
    grant.refreshToken = inputTokens().refreshToken;
    grant.options = m_options;
    grant.authMethod = p.authMethod;
    grant.clientId = p.clientId;
    grant.clientSecret = p.clientSecret;
    grant.timeoutMs = p.httpTimeoutSeconds * 1000;
    const BuiltTokenRequest built = buildRefreshTokenRequest(grant);
    Step &step = mutableSession().steps[m_step];
    step.details["request_form"] = flowdetails::params(built.form);
    step.details["auth_method"] = toStd(toString(p.authMethod));
    http()->send(built.request, ExchangeRole::BackChannel, [this](const Exchange &x) { onResponse(x); });
}

void RefreshOperation::onResponse(const Exchange &x)
{
    if (isFinished())
        return;
    addExchange(x, m_step);
    if (x.transportError != TransportError::None) {
        failStep(m_step, transportError(x, QStringLiteral("The refresh request to %1").arg(x.url)));
        return;
    }
    const TokenResponse r = parseTokenResponse(x.status, x.responseHeaders, x.responseBody, clock()());
    rememberSecret(r.tokens.accessToken);
    rememberSecret(r.tokens.refreshToken);
    rememberSecret(r.tokens.idToken);
    Step &step = mutableSession().steps[m_step];
    step.details["response_format"] = toStd(toString(r.format));
    step.details["response"] = r.members;
    step.warnings.append(r.warnings);
    if (r.error.isError()) {
        const Error &e = r.error;
        if (e.protocol && e.protocol->error == u"invalid_grant")
            step.warnings.append(
                QStringLiteral("invalid_grant on refresh: the refresh token is expired, revoked or "
                               "was already used (rotation). The user must authorize again."));
        failStep(m_step, e,
                 e.protocol ? QStringLiteral("%1 error=%2").arg(x.status).arg(e.protocol->error)
                            : QStringLiteral("%1: %2").arg(x.status).arg(e.message));
        return;
    }
    m_merge = mergeRefreshedTokens(inputTokens(), r.tokens, m_options.scope);
    mutableSession().tokens = m_merge.tokens;
    step.warnings.append(m_merge.notes);
    const qsizetype beforeClock = step.warnings.size();
    const json clockJson = flowdetails::clockCheck(x, r.tokens.obtainedAt, &step.warnings);
    if (!clockJson.is_null())
        step.details["clock"] = clockJson;
    json merge = json::object();
    merge["refresh_token"] = m_merge.refreshTokenRotated    ? "rotated"
                             : m_merge.refreshTokenKept     ? "kept (omitted by the server)"
                             : m_merge.refreshTokenRepeated ? "unchanged (sent again)"
                                                            : "new";
    merge["id_token"] = !r.tokens.idToken.isEmpty() ? "new" : m_merge.idTokenKept ? "kept" : "none";
    merge["scope_before"] = toStd(m_merge.scopeBefore);
    merge["scope_after"] = toStd(m_merge.scopeAfter);
    merge["scope_added"] = flowdetails::stringArray(m_merge.scopeAdded);
    merge["scope_removed"] = flowdetails::stringArray(m_merge.scopeRemoved);
    merge["notes"] = flowdetails::stringArray(m_merge.notes);
    step.details["merge"] = merge;

    QStringList parts{flowdetails::tokenSummary(r.tokens)};
    if (m_merge.refreshTokenRotated)
        parts << QStringLiteral("refresh token rotated");
    else if (m_merge.refreshTokenKept)
        parts << QStringLiteral("refresh token kept");
    if (m_merge.scopeChanged())
        parts << QStringLiteral("scope changed");
    // Rotation and kept tokens are normal: only a scope change or a server oddity is a warning.
    const bool warn = m_merge.scopeChanged() || !r.warnings.isEmpty() || step.warnings.size() > beforeClock;
    updateStep(m_step, warn ? StepStatus::Warning : StepStatus::Succeeded,
               QStringLiteral("%1 %2: %3").arg(x.status).arg(x.reason, parts.join(QStringLiteral("; "))));
    finish(Outcome::Succeeded);
}

Session RefreshOperation::alreadyRefreshed(const Profile &profile, const TokenSet &current,
                                           const Clock &clock)
{
    Session s;
    s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.appVersion = QString::fromLatin1(kAppVersion);
    s.profile = profile;
    s.startedAt = clock();
    s.tokens = current;
    for (const QString &v :
         {profile.clientSecret, current.accessToken, current.refreshToken, current.idToken})
        if (!v.isEmpty())
            s.secretValues.append(v);
    Step step;
    step.id = QStringLiteral("s1");
    step.kind = StepKind::Refresh;
    step.title = QStringLiteral("Refresh");
    step.status = StepStatus::Succeeded;
    step.startedAt = s.startedAt;
    step.summary = QStringLiteral("already refreshed by another process (obtained %1); no request sent")
                       .arg(current.obtainedAt.toString(Qt::ISODate));
    step.details["single_flight"] = "reused the token set another process stored while this one waited";
    step.details["obtained_at"] = toStd(current.obtainedAt.toString(Qt::ISODate));
    s.steps.append(step);
    s.outcome = Outcome::Succeeded;
    s.finishedAt = clock();
    return s;
}

} // namespace wb
