#include "diagnosis/ErrorNormalizer.h"

#include "oauth/TokenResponse.h"
#include "util/JsonQt.h"

#include <QRegularExpression>

namespace wb {

using json = nlohmann::json;

QStringList aadstsCodes(const QString &description, const json &errorCodes)
{
    QStringList out;
    if (errorCodes.is_array()) {
        for (const auto &c : errorCodes) {
            if (c.is_number_integer())
                out.append(QStringLiteral("AADSTS%1").arg(c.get<qint64>()));
            else if (c.is_string())
                out.append(QStringLiteral("AADSTS") + fromStd(c.get<std::string>()));
        }
    }
    static const QRegularExpression re(QStringLiteral("AADSTS(\\d+)"));
    for (auto it = re.globalMatch(description); it.hasNext();) {
        const QString code = QStringLiteral("AADSTS") + it.next().captured(1);
        if (!out.contains(code))
            out.append(code);
    }
    return out;
}

namespace {
QString stringOf(const json &j, const char *key)
{
    if (!j.is_object())
        return {};
    auto it = j.find(key);
    if (it == j.end())
        return {};
    if (it->is_string())
        return fromStd(it->get<std::string>());
    if (it->is_number())
        return fromStd(it->dump());
    return {};
}

// The response body as JSON members (JSON object or form), empty when neither.
json bodyMembers(const Exchange &x)
{
    const TokenResponse r = parseTokenResponse(x.status, x.responseHeaders, x.responseBody, {});
    return r.members.is_object() ? r.members : json::object();
}
} // namespace

NormalizedError normalizeError(const Step &step, const Exchange *x)
{
    NormalizedError n;
    n.stepId = step.id;
    if (x)
        n.exchangeId = x->id;
    const json members = x && x->hasResponse() ? bodyMembers(*x) : json::object();
    if (step.error.protocol) {
        const ProtocolError &pe = *step.error.protocol;
        n.present = true;
        n.error = pe.error;
        n.description = pe.description;
        n.uri = pe.uri;
        n.httpStatus = pe.httpStatus;
        n.providerCodes = aadstsCodes(pe.description, pe.extras.value("error_codes", json()));
        n.traceId = stringOf(pe.extras, "trace_id");
        n.correlationId = stringOf(pe.extras, "correlation_id");
    } else if (members.contains("errorCode")) {
        // Okta's management-style error object: errorCode, errorSummary, errorLink, errorId.
        n.present = true;
        n.error = stringOf(members, "errorCode");
        n.description = stringOf(members, "errorSummary");
        n.uri = stringOf(members, "errorLink");
        n.traceId = stringOf(members, "errorId");
        n.httpStatus = x ? x->status : 0;
        n.encoding = QStringLiteral("okta_error_code");
        n.providerCodes.append(n.error);
        return n;
    } else {
        return n;
    }
    const bool isForm =
        x && headerValue(x->responseHeaders, "Content-Type").toLower().contains("x-www-form-urlencoded");
    if (n.httpStatus >= 200 && n.httpStatus < 300)
        n.encoding = QStringLiteral("error_with_200");
    else if (isForm)
        n.encoding = QStringLiteral("form");
    else
        n.encoding = QStringLiteral("standard");
    if (members.contains("ok") && members["ok"].is_boolean() && !members["ok"].get<bool>())
        n.encoding = QStringLiteral("error_with_200"); // Slack: {"ok":false,"error":...}
    return n;
}

} // namespace wb
