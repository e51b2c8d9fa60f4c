#include "flow/Step.h"

namespace wb {

namespace {
const std::pair<StepKind, const char *> kKinds[] = {
    {StepKind::Discovery, "discovery"},
    {StepKind::AuthorizationRequest, "authorization_request"},
    {StepKind::Browser, "browser"},
    {StepKind::RedirectHop, "redirect_hop"},
    {StepKind::Callback, "callback"},
    {StepKind::TokenExchange, "token_exchange"},
    {StepKind::Refresh, "refresh"},
    {StepKind::Jwks, "jwks"},
    {StepKind::IdTokenValidation, "id_token_validation"},
    {StepKind::Revocation, "revocation"},
    {StepKind::Introspection, "introspection"},
    {StepKind::Userinfo, "userinfo"},
    {StepKind::RaceProbe, "race_probe"},
    {StepKind::Other, "other"},
};
const std::pair<StepStatus, const char *> kStatus[] = {
    {StepStatus::Running, "running"}, {StepStatus::Succeeded, "succeeded"}, {StepStatus::Warning, "warning"},
    {StepStatus::Failed, "failed"},   {StepStatus::Cancelled, "cancelled"}, {StepStatus::Skipped, "skipped"},
};
} // namespace

QString toString(StepKind k)
{
    for (const auto &[v, n] : kKinds)
        if (v == k)
            return QLatin1String(n);
    return QStringLiteral("other");
}
QString toString(StepStatus s)
{
    for (const auto &[v, n] : kStatus)
        if (v == s)
            return QLatin1String(n);
    return QStringLiteral("running");
}
StepKind stepKindFromString(const QString &s)
{
    for (const auto &[v, n] : kKinds)
        if (s == QLatin1String(n))
            return v;
    return StepKind::Other;
}
StepStatus stepStatusFromString(const QString &s)
{
    for (const auto &[v, n] : kStatus)
        if (s == QLatin1String(n))
            return v;
    return StepStatus::Failed;
}

} // namespace wb
