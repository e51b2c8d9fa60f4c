#include "flow/UserinfoOperation.h"

#include "flow/FlowDetails.h"
#include "oauth/WwwAuthenticate.h"
#include "util/JsonQt.h"

namespace wb {

using json = nlohmann::json;

UserinfoOperation::UserinfoOperation(Profile profile, TokenSet tokens, QNetworkAccessManager *nam,
                                     Clock clock, QObject *parent)
    : TokenOperation(std::move(profile), std::move(tokens), nam, std::move(clock), parent)
{
}

QString UserinfoOperation::precondition() const
{
    if (inputTokens().accessToken.isEmpty())
        return QStringLiteral("No access token is stored for this profile: log in or refresh first.");
    return {};
}

void UserinfoOperation::run(const QString &endpoint)
{
    m_step = beginStep(StepKind::Userinfo, QStringLiteral("Userinfo"));
    HttpRequest req;
    req.url = QUrl(endpoint);
    req.headers.append(HttpHeader{"Authorization", "Bearer " + inputTokens().accessToken.toUtf8()});
    req.headers.append(HttpHeader{"Accept", "application/json"});
    req.timeoutMs = mutableSession().profile.httpTimeoutSeconds * 1000;
    http()->send(req, ExchangeRole::BackChannel, [this](const Exchange &x) { onResponse(x); });
}

void UserinfoOperation::onResponse(const Exchange &x)
{
    if (isFinished())
        return;
    addExchange(x, m_step);
    if (x.transportError != TransportError::None) {
        failStep(m_step, transportError(x, QStringLiteral("The userinfo request to %1").arg(x.url)));
        return;
    }
    Step &step = mutableSession().steps[m_step];
    const BearerChallenge ch = bearerChallenge(x.responseHeaders);
    if (!ch.raw.isEmpty()) {
        json w = json::object();
        w["raw"] = toStd(ch.raw);
        w["bearer"] = ch.present;
        for (const auto &[name, value] : ch.params)
            w["params"][toStd(name)] = toStd(value);
        if (!ch.problems.isEmpty())
            w["problems"] = flowdetails::stringArray(ch.problems);
        step.details["www_authenticate"] = w;
    }
    if (x.status < 200 || x.status >= 300) {
        Error e;
        if (ch.present && !ch.error.isEmpty()) {
            ProtocolError pe;
            pe.error = ch.error;
            pe.description = ch.errorDescription;
            pe.uri = ch.errorUri;
            pe.httpStatus = x.status;
            if (!ch.scope.isEmpty())
                pe.extras["scope"] = toStd(ch.scope);
            if (!ch.realm.isEmpty())
                pe.extras["realm"] = toStd(ch.realm);
            QString msg = QStringLiteral("The userinfo endpoint refused the access token: %1").arg(ch.error);
            if (!ch.errorDescription.isEmpty())
                msg += QStringLiteral(" (%1)").arg(ch.errorDescription);
            if (!ch.scope.isEmpty())
                msg += QStringLiteral("; scope needed: %1").arg(ch.scope);
            msg += QLatin1Char('.');
            e = Error{ErrorKind::Protocol, ch.error, msg, pe};
        } else if (x.status == 401) {
            e = Error::make(ErrorKind::Http, QStringLiteral("unauthorized"),
                            ch.present
                                ? QStringLiteral("401 with a Bearer challenge but no error: the request "
                                                 "had no usable access token.")
                                : QStringLiteral("401 without a Bearer WWW-Authenticate challenge."));
        } else {
            e = errorResponse(x);
        }
        failStep(
            m_step, e,
            QStringLiteral("%1 %2: %3").arg(x.status).arg(x.reason, e.protocol ? e.protocol->error : e.code));
        return;
    }
    const QByteArray type = headerValue(x.responseHeaders, "Content-Type").toLower();
    if (type.startsWith("application/jwt")) {
        // Signed (or encrypted) userinfo: decoded for display only; the signature is not checked here.
        const QString jwt = QString::fromUtf8(x.responseBody).trimmed();
        step.details["jwt"] = toStd(jwt);
        step.warnings.append(QStringLiteral("The userinfo answer is a JWT; its claims are shown decoded, its "
                                            "signature is not checked by this step."));
        const QStringList parts = jwt.split(QLatin1Char('.'));
        if (parts.size() == 3) {
            const QByteArray payload =
                QByteArray::fromBase64(parts[1].toLatin1(), QByteArray::Base64UrlEncoding);
            step.details["claims"] = parseJson(payload).value_or(json());
        }
        updateStep(m_step, StepStatus::Warning,
                   QStringLiteral("%1 %2: signed userinfo (JWT)").arg(x.status).arg(x.reason));
        finish(Outcome::Succeeded);
        return;
    }
    const json body = parseJson(x.responseBody).value_or(json()); // depth-limited
    if (!body.is_object()) {
        failStep(m_step, Error::make(ErrorKind::Parse, QStringLiteral("userinfo_not_json"),
                                     QStringLiteral("The userinfo answer is not a JSON object.")));
        return;
    }
    step.details["claims"] = body;
    QStringList names;
    for (auto it = body.begin(); it != body.end(); ++it)
        names << fromStd(it.key());
    QString sub =
        body.contains("sub") && body["sub"].is_string() ? fromStd(body["sub"].get<std::string>()) : QString();
    if (sub.isEmpty())
        step.warnings.append(
            QStringLiteral("The userinfo answer has no sub claim (OIDC Core 5.3.2 requires it)."));
    updateStep(
        m_step, step.warnings.isEmpty() ? StepStatus::Succeeded : StepStatus::Warning,
        QStringLiteral("%1 %2: sub %3; claims %4")
            .arg(x.status)
            .arg(x.reason, sub.isEmpty() ? QStringLiteral("(none)") : sub, names.join(QStringLiteral(", "))));
    finish(Outcome::Succeeded);
}

} // namespace wb
