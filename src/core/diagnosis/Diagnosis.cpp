#include "diagnosis/Diagnosis.h"

#include "diagnosis/DiagnosisRules.h"
#include "diagnosis/FindingCatalog.h"

#include <QSet>

namespace wb {

namespace {
// A failed session always ends with at least one error finding; when no rule knew the cause,
// the failing step's own error becomes a generic one.
void fallback(const DiagnosisContext &ctx, QList<Finding> &out)
{
    const Session &s = ctx.session();
    if (s.outcome != Outcome::Failed)
        return;
    for (const Finding &f : out)
        if (f.severity == Severity::Error)
            return;
    const Step *failed = nullptr;
    for (const Step &st : s.steps)
        if (st.status == StepStatus::Failed && st.error.isError())
            failed = &st;
    const Error &e = failed ? failed->error : s.error;
    if (!e.isError())
        return;
    Finding f = ctx.make(QStringLiteral("flow_error"), failed, failed ? ctx.lastExchange(*failed) : nullptr);
    f.title = failed ? QStringLiteral("%1 failed: %2").arg(failed->title, e.code) : e.code;
    f.explanation = e.message;
    f.evidence["error_code"] = e.code.toStdString();
    f.evidence["error_kind"] = toString(e.kind).toStdString();
    if (e.kind == ErrorKind::Network || e.kind == ErrorKind::Timeout)
        f.triage = TriageClass::Retry;
    out.append(f);
}

// The first finding of each code and step stays (a set: a long session can have thousands).
void dedupe(QList<Finding> &findings)
{
    QList<Finding> out;
    QSet<QPair<QString, QString>> seen;
    for (const Finding &f : std::as_const(findings)) {
        const QPair<QString, QString> key(f.code, f.stepId);
        if (seen.contains(key))
            continue;
        seen.insert(key);
        out.append(f);
    }
    findings = out;
}
} // namespace

QList<Finding> diagnose(const Session &session, const ProviderCatalog &providers)
{
    const DiagnosisContext ctx(session, providers);
    QList<Finding> out;
    rules::authorization(ctx, out);
    rules::tokenEndpointErrors(ctx, out);
    rules::transport(ctx, out);
    rules::tokens(ctx, out);
    rules::clock(ctx, out);
    fallback(ctx, out);
    dedupe(out);
    sortBySeverity(out);
    return out;
}

QList<Finding> diagnose(const Session &session)
{
    return diagnose(session, ProviderCatalog::instance());
}

} // namespace wb
