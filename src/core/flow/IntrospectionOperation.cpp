#include "flow/IntrospectionOperation.h"

#include "flow/FlowDetails.h"
#include "flow/RefreshRequest.h"
#include "util/JsonNumber.h"
#include "util/JsonQt.h"

namespace wb {

using json = nlohmann::json;

IntrospectionOperation::IntrospectionOperation(Profile profile, TokenSet tokens, TokenChoice which,
                                               QNetworkAccessManager *nam, Clock clock, QObject *parent)
    : TokenOperation(std::move(profile), std::move(tokens), nam, std::move(clock), parent), m_which(which)
{
}

QString IntrospectionOperation::precondition() const
{
    const QString &token = inputToken(m_which);
    if (token.isEmpty())
        return QStringLiteral("No %1 token is stored for this profile: nothing to introspect.")
            .arg(toString(m_which));
    return {};
}

void IntrospectionOperation::run(const QString &endpoint)
{
    m_step =
        beginStep(StepKind::Introspection, QStringLiteral("Introspection (%1 token)").arg(toString(m_which)));
    const QString &token = inputToken(m_which);
    const BuiltTokenRequest built =
        buildTokenManagementRequest(endpoint, token, tokenTypeHint(m_which), mutableSession().profile);
    Step &step = mutableSession().steps[m_step];
    step.details["request_form"] = flowdetails::params(built.form);
    step.details["auth_method"] = toStd(toString(mutableSession().profile.authMethod));
    step.details["token"] = toStd(toString(m_which));
    http()->send(built.request, ExchangeRole::BackChannel, [this](const Exchange &x) { onResponse(x); });
}

void IntrospectionOperation::onResponse(const Exchange &x)
{
    if (isFinished())
        return;
    addExchange(x, m_step);
    if (x.transportError != TransportError::None) {
        failStep(m_step, transportError(x, QStringLiteral("The introspection request to %1").arg(x.url)));
        return;
    }
    if (x.status < 200 || x.status >= 300) {
        const Error e = errorResponse(x);
        failStep(m_step, e,
                 e.protocol ? QStringLiteral("%1 error=%2").arg(x.status).arg(e.protocol->error)
                            : QStringLiteral("%1: %2").arg(x.status).arg(e.message));
        return;
    }
    const json body = parseJson(x.responseBody).value_or(json()); // depth-limited
    if (!body.is_object() || !body.contains("active") || !body["active"].is_boolean()) {
        failStep(m_step,
                 Error::make(ErrorKind::Parse, QStringLiteral("introspection_unexpected"),
                             QStringLiteral("The introspection answer is not a JSON object with a boolean "
                                            "\"active\" member (RFC 7662 2.2).")));
        return;
    }
    Step &step = mutableSession().steps[m_step];
    step.details["introspection"] = body;
    m_active = body["active"].get<bool>();
    step.details["active"] = m_active;
    QString summary = QStringLiteral("%1 %2: %3")
                          .arg(x.status)
                          .arg(x.reason, m_active ? QStringLiteral("active") : QStringLiteral("inactive"));
    if (m_active) {
        QStringList facts;
        for (const char *k : {"scope", "client_id", "sub", "token_type"})
            if (body.contains(k) && body[k].is_string())
                facts << QStringLiteral("%1 %2").arg(QLatin1String(k), fromStd(body[k].get<std::string>()));
        if (body.contains("exp") && body["exp"].is_number()) {
            const qint64 exp = saturatedInt64(body["exp"]);
            facts << QStringLiteral("exp %1 (in %2 s)")
                         .arg(QDateTime::fromSecsSinceEpoch(exp, Qt::UTC).toString(Qt::ISODate))
                         .arg(exp - clock()().toSecsSinceEpoch());
        }
        if (!facts.isEmpty())
            summary += QStringLiteral(" — ") + facts.join(QStringLiteral(", "));
    } else {
        step.warnings.append(
            QStringLiteral("The server says this %1 token is not active: expired, revoked, or "
                           "never issued to this client.")
                .arg(toString(m_which)));
    }
    updateStep(m_step, m_active ? StepStatus::Succeeded : StepStatus::Warning, summary);
    finish(Outcome::Succeeded);
}

} // namespace wb
