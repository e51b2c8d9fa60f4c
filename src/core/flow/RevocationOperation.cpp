#include "flow/RevocationOperation.h"

#include "flow/FlowDetails.h"
#include "flow/RefreshRequest.h"
#include "util/JsonQt.h"

namespace wb {

RevocationOperation::RevocationOperation(Profile profile, TokenSet tokens, TokenChoice which,
                                         QNetworkAccessManager *nam, Clock clock, QObject *parent)
    : TokenOperation(std::move(profile), std::move(tokens), nam, std::move(clock), parent), m_which(which)
{
}

QString RevocationOperation::precondition() const
{
    const QString &token = inputToken(m_which);
    if (token.isEmpty())
        return QStringLiteral("No %1 token is stored for this profile: nothing to revoke.")
            .arg(toString(m_which));
    return {};
}

void RevocationOperation::run(const QString &endpoint)
{
    m_step = beginStep(StepKind::Revocation, QStringLiteral("Revocation (%1 token)").arg(toString(m_which)));
    const QString &token = inputToken(m_which);
    const BuiltTokenRequest built =
        buildTokenManagementRequest(endpoint, token, tokenTypeHint(m_which), mutableSession().profile);
    Step &step = mutableSession().steps[m_step];
    step.details["request_form"] = flowdetails::params(built.form);
    step.details["auth_method"] = toStd(toString(mutableSession().profile.authMethod));
    step.details["token"] = toStd(toString(m_which));
    http()->send(built.request, ExchangeRole::BackChannel, [this](const Exchange &x) {
        if (isFinished())
            return;
        addExchange(x, m_step);
        if (x.transportError != TransportError::None) {
            failStep(m_step, transportError(x, QStringLiteral("The revocation request to %1").arg(x.url)));
            return;
        }
        Step &s = mutableSession().steps[m_step];
        if (x.status == 503)
            s.warnings.append(
                QStringLiteral("503: the server could not revoke the token now; RFC 7009 says to "
                               "retry later (see Retry-After)."));
        if (x.status < 200 || x.status >= 300) {
            const Error e = errorResponse(x);
            failStep(m_step, e,
                     e.protocol ? QStringLiteral("%1 error=%2").arg(x.status).arg(e.protocol->error)
                                : QStringLiteral("%1: %2").arg(x.status).arg(e.message));
            return;
        }
        // RFC 7009 2.2: 200 also for tokens that were already invalid; the server says no more.
        s.details["revoked"] = true;
        updateStep(m_step, StepStatus::Succeeded,
                   QStringLiteral("%1 %2: %3 token revoked (or already invalid)")
                       .arg(x.status)
                       .arg(x.reason, toString(m_which)));
        finish(Outcome::Succeeded);
    });
}

} // namespace wb
