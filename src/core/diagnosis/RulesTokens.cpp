// Rules about what a successful exchange delivered: a missing refresh token (with the provider's
// way to get one), already-expired tokens, the ID token's nonce, opaque access tokens, and the
// PKCE method the server advertises.
#include "diagnosis/DiagnosisRules.h"

#include "oauth/Jwt.h"
#include "util/JsonNumber.h"
#include "util/JsonQt.h"

namespace wb::rules {

using json = nlohmann::json;

namespace {
bool scopeHas(const QString &scope, const QString &item)
{
    return scope.split(QLatin1Char(' '), Qt::SkipEmptyParts).contains(item);
}

bool paramIs(const ParamList &params, const QString &name, const QString &value)
{
    for (const auto &[k, v] : params)
        if (k == name && v == value)
            return true;
    return false;
}

bool hasParam(const ParamList &params, const QString &name)
{
    for (const auto &kv : params)
        if (kv.first == name)
            return true;
    return false;
}

void noRefreshToken(const DiagnosisContext &ctx, const Step &step, QList<Finding> &out)
{
    const Session &s = ctx.session();
    const Profile &p = s.profile;
    const bool askedOffline =
        scopeHas(p.scope, QStringLiteral("offline_access")) ||
        scopeHas(p.scope, QStringLiteral("refresh_token")) ||
        paramIs(p.extraParams, QStringLiteral("access_type"), QStringLiteral("offline"));
    if (!s.tokens.refreshToken.isEmpty() || s.tokens.accessToken.isEmpty() || !askedOffline)
        return;
    Finding f = ctx.make(QStringLiteral("no_refresh_token"), &step, ctx.lastExchange(step));
    f.evidence = {{"scope_requested", toStd(p.scope)},
                  {"scope_granted", toStd(s.tokens.scope)},
                  {"prompt", toStd(ctx.authorizationParam(QStringLiteral("prompt")))}};
    if (const ProviderInfo *prov = ctx.provider(); prov && !prov->noRefreshTokenAdvice.isEmpty()) {
        f.explanation += QStringLiteral(" %1: %2").arg(prov->name, prov->noRefreshTokenAdvice);
        f.evidence["provider"] = toStd(prov->id);
    }
    if (!hasParam(p.extraParams, QStringLiteral("prompt")))
        f.fixSteps.prepend(QStringLiteral("This request sent no prompt parameter: add prompt=consent."));
    out.append(f);
}

void expiry(const DiagnosisContext &ctx, const Step &step, QList<Finding> &out)
{
    const TokenSet &t = ctx.session().tokens;
    QString why;
    json ev = json::object();
    if (t.expiresIn && *t.expiresIn <= 0) {
        why = QStringLiteral("expires_in is %1.").arg(*t.expiresIn);
        ev["expires_in"] = *t.expiresIn;
    } else if (!t.idToken.isEmpty() && t.obtainedAt.isValid()) {
        const DecodedJwt jwt = decodeJwt(t.idToken);
        if (jwt.ok && jwt.payload.contains("exp") && jwt.payload["exp"].is_number()) {
            const qint64 exp = saturatedInt64(jwt.payload["exp"]);
            const qint64 received = t.obtainedAt.toSecsSinceEpoch();
            if (exp < received) {
                why =
                    QStringLiteral("The ID token's exp is %1 s before it was received.").arg(received - exp);
                ev["id_token_exp"] = exp;
                ev["received_at"] = received;
            }
        }
    }
    if (why.isEmpty())
        return;
    Finding f = ctx.make(QStringLiteral("token_expired"), &step, ctx.lastExchange(step));
    f.evidence = ev;
    f.explanation = why + QLatin1Char(' ') + f.explanation;
    out.append(f);
}

// The validation step's failed check row (named `name`, or the first failure when null).
json failedCheck(const Step &step, const char *name)
{
    if (!step.details.is_object() || !step.details.contains("checks") || !step.details["checks"].is_array())
        return json::object();
    for (const json &row : step.details["checks"])
        if (row.is_object() && row.value("result", "") == "fail" && (!name || row.value("name", "") == name))
            return row;
    return json::object();
}

void opaqueAccessToken(const DiagnosisContext &ctx, const Step &step, QList<Finding> &out)
{
    const ProviderInfo *prov = ctx.provider();
    const Session &s = ctx.session();
    if (!prov || prov->opaqueTokenAdvice.isEmpty() || s.tokens.accessToken.isEmpty() ||
        hasParam(s.profile.extraParams, QStringLiteral("audience")))
        return;
    if (decodeJwt(s.tokens.accessToken).ok)
        return;
    Finding f = ctx.make(QStringLiteral("opaque_access_token"), &step, ctx.lastExchange(step));
    f.evidence = {{"provider", toStd(prov->id)}, {"audience_sent", false}};
    f.explanation += QLatin1Char(' ') + prov->opaqueTokenAdvice;
    out.append(f);
}
} // namespace

void tokens(const DiagnosisContext &ctx, QList<Finding> &out)
{
    for (const Step &step : ctx.session().steps) {
        if (step.error.code == u"nonce_mismatch") {
            Finding f = ctx.make(QStringLiteral("nonce_mismatch"), &step, ctx.lastExchange(step));
            json check = failedCheck(step, "nonce");
            if (check.empty() && step.details.is_object() && step.details.contains("id_token"))
                check = step.details["id_token"].value("nonce_check", json::object()); // older sessions
            f.evidence = {{"sent", check.value("expected", "")}, {"received", check.value("actual", "")}};
            f.explanation = step.error.message + QLatin1Char(' ') + f.explanation;
            out.append(f);
        } else if (step.kind == StepKind::IdTokenValidation && step.error.isError()) {
            Finding f = ctx.make(QStringLiteral("id_token_invalid"), &step, ctx.lastExchange(step));
            const json check = failedCheck(step, nullptr);
            f.evidence = {{"error_code", toStd(step.error.code)},
                          {"check", check.value("name", "")},
                          {"expected", check.value("expected", "")},
                          {"actual", check.value("actual", "")}};
            f.title = QStringLiteral("%1 (%2)").arg(f.title, step.error.code);
            f.explanation = step.error.message + QLatin1Char(' ') + f.explanation;
            out.append(f);
        }
    }
    if (const Step *tx = ctx.firstStep(StepKind::TokenExchange);
        tx && !tx->error.isError() && tx->status != StepStatus::Running) {
        noRefreshToken(ctx, *tx, out);
        expiry(ctx, *tx, out);
        opaqueAccessToken(ctx, *tx, out);
    }
    const json methods = ctx.metadata().value("code_challenge_methods_supported", json::array());
    const PkceMethod pkce = ctx.session().profile.pkce;
    if (pkce != PkceMethod::Off && methods.is_array() && !methods.empty()) {
        bool listed = false;
        for (const auto &m : methods)
            listed = listed || (m.is_string() && fromStd(m.get<std::string>()) == toString(pkce));
        if (!listed) {
            Finding f =
                ctx.make(QStringLiteral("pkce_not_supported"), ctx.firstStep(StepKind::Discovery), nullptr);
            f.evidence = {{"method_used", toStd(toString(pkce))}, {"advertised", methods}};
            out.append(f);
        }
    }
}

void clock(const DiagnosisContext &ctx, QList<Finding> &out)
{
    for (const Step &step : ctx.session().steps) {
        const json c = step.details.is_object() ? step.details.value("clock", json()) : json();
        if (!c.is_object() || !c.contains("offset_seconds") || !c["offset_seconds"].is_number())
            continue;
        const qint64 offset = saturatedInt64(c["offset_seconds"]);
        if (std::abs(offset) <= 60)
            continue;
        Finding f = ctx.make(QStringLiteral("clock_skew"), &step, ctx.lastExchange(step));
        f.evidence = c;
        f.explanation =
            QStringLiteral("The server's clock is %1 s %2 this machine's. %3")
                .arg(std::abs(offset))
                .arg(offset > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"), f.explanation);
        out.append(f);
        return;
    }
}

} // namespace wb::rules
