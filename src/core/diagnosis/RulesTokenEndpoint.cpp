// Rules for OAuth errors at the token endpoint: normalized first (Slack, GitHub, Okta, Entra
// shapes), then mapped to a finding, refined by the evidence and explained by provider data.
#include "diagnosis/DiagnosisRules.h"

#include "diagnosis/FindingCatalog.h"
#include "flow/FlowDetails.h"
#include "util/JsonQt.h"

namespace wb::rules {

using json = nlohmann::json;

namespace {
const QStringList kDirectCodes = {
    QStringLiteral("unauthorized_client"), QStringLiteral("invalid_scope"),
    QStringLiteral("invalid_request"),     QStringLiteral("unsupported_grant_type"),
    QStringLiteral("access_denied"),       QStringLiteral("redirect_uri_mismatch")};

bool isTokenStep(const Step &s)
{
    return s.kind == StepKind::TokenExchange || s.kind == StepKind::Refresh ||
           s.kind == StepKind::Revocation || s.kind == StepKind::Introspection ||
           s.kind == StepKind::RaceProbe;
}

QString formValue(const QList<QPair<QString, QString>> &form, const QString &name)
{
    for (const auto &[k, v] : form)
        if (k == name)
            return v;
    return {};
}

void nonstandardEncoding(const DiagnosisContext &ctx, const Step &step, const Exchange *x,
                         const NormalizedError &n, QList<Finding> &out)
{
    if (n.encoding != u"error_with_200" && n.encoding != u"okta_error_code")
        return;
    Finding f = ctx.make(QStringLiteral("nonstandard_error_encoding"), &step, x);
    f.evidence = {{"http_status", n.httpStatus}, {"error", toStd(n.error)}, {"shape", toStd(n.encoding)}};
    QString how;
    if (n.encoding == u"okta_error_code")
        how =
            QStringLiteral("as errorCode %1 / errorSummary (Okta style) instead of error / error_description")
                .arg(n.error);
    else if (x && x->responseBody.contains("\"ok\""))
        how = QStringLiteral("as {\"ok\": false, \"error\": \"%1\"} with HTTP %2 (Slack style)")
                  .arg(n.error)
                  .arg(n.httpStatus);
    else
        how = QStringLiteral("as error=%1 with HTTP %2 (GitHub style) instead of a 4xx status")
                  .arg(n.error)
                  .arg(n.httpStatus);
    f.explanation = QStringLiteral("The server reported the error %1. %2").arg(how, f.explanation);
    out.append(f);
}
} // namespace

void addErrorEvidence(const NormalizedError &n, Finding &f)
{
    f.evidence["error"] = toStd(n.error);
    if (!n.description.isEmpty())
        f.evidence["error_description"] = toStd(n.description);
    if (!n.uri.isEmpty())
        f.evidence["error_uri"] = toStd(n.uri);
    if (n.httpStatus)
        f.evidence["http_status"] = n.httpStatus;
    if (!n.providerCodes.isEmpty())
        f.evidence["provider_codes"] = flowdetails::stringArray(n.providerCodes);
    if (!n.traceId.isEmpty())
        f.evidence["trace_id"] = toStd(n.traceId);
    if (!n.correlationId.isEmpty())
        f.evidence["correlation_id"] = toStd(n.correlationId);
}

void tokenEndpointErrors(const DiagnosisContext &ctx, QList<Finding> &out)
{
    for (const Step &step : ctx.session().steps) {
        if (!isTokenStep(step) || !step.error.isError())
            continue;
        const Exchange *x = ctx.lastExchange(step);
        const NormalizedError n = normalizeError(step, x);
        if (!n.present)
            continue; // transport and format problems: see transport()
        const QString grant = DiagnosisContext::grantOf(step);
        const auto entry = ctx.providers().explain(n, grant, ctx.provider());
        Finding f;
        bool fromEvidence = false;
        if (n.error == u"invalid_grant") {
            f = invalidGrant(ctx, step, x, n, &fromEvidence);
        } else if (n.error == u"invalid_client") {
            f = ctx.make(n.error, &step, x);
        } else if (n.error == u"server_error" || n.error == u"temporarily_unavailable" ||
                   (n.httpStatus >= 500 && !entry)) {
            f = ctx.make(QStringLiteral("server_error"), &step, x);
            if (x && hasHeader(x->responseHeaders, "Retry-After")) {
                const QString after = QString::fromLatin1(headerValue(x->responseHeaders, "Retry-After"));
                f.evidence["retry_after"] = toStd(after);
                f.fixSteps.prepend(
                    QStringLiteral("The server asks to retry after %1 (Retry-After).").arg(after));
            }
        } else if (kDirectCodes.contains(n.error)) {
            f = ctx.make(n.error, &step, x);
        } else {
            f = ctx.make(QStringLiteral("flow_error"), &step, x);
        }
        addErrorEvidence(n, f);
        f.explanation =
            QStringLiteral("The %1 answered HTTP %2 with error=%3%4. %5")
                .arg(step.title.isEmpty() ? QStringLiteral("token endpoint") : step.title.toLower())
                .arg(n.httpStatus)
                .arg(n.error,
                     n.description.isEmpty() ? QString()
                                             : QStringLiteral(" (\"%1\")").arg(n.description.simplified()),
                     f.explanation);
        if (entry)
            DiagnosisContext::applyProvider(f, *entry, !fromEvidence);
        if (f.code == u"invalid_client")
            addClientAuthHints(ctx, step, x, f);
        if (f.code == u"redirect_uri_mismatch") {
            const QString sent = formValue(ctx.tokenForm(step), QStringLiteral("redirect_uri"));
            addRedirectUriEvidence(ctx, sent.isEmpty() ? ctx.session().redirectUri : sent, f);
        }
        out.append(f);
        nonstandardEncoding(ctx, step, x, n, out);
    }
}

} // namespace wb::rules
