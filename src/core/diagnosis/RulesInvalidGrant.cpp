// invalid_grant has many causes and most servers do not say which; this rule compares what the
// flow sent (redirect_uri, code_verifier, code) and when, before trusting the description.
#include "diagnosis/DiagnosisRules.h"

#include "diagnosis/RedirectUriDiff.h"
#include "oauth/Pkce.h"
#include "util/JsonQt.h"

namespace wb::rules {

using json = nlohmann::json;

namespace {
QString formValue(const QList<QPair<QString, QString>> &form, const QString &name, bool *present = nullptr)
{
    for (const auto &[k, v] : form) {
        if (k == name) {
            if (present)
                *present = true;
            return v;
        }
    }
    if (present)
        *present = false;
    return {};
}

bool mentions(const QString &text, std::initializer_list<const char *> words)
{
    for (const char *w : words)
        if (text.contains(QLatin1String(w), Qt::CaseInsensitive))
            return true;
    return false;
}

QString callbackCode(const DiagnosisContext &ctx)
{
    const Step *cb = ctx.firstStep(StepKind::Callback);
    if (!cb || !cb->details.is_object())
        return {};
    const json params = cb->details.value("params", json::array());
    if (params.is_array())
        for (const auto &p : params)
            if (jsonString(p, "name") == u"code")
                return jsonString(p, "value");
    return {};
}

// Seconds from the callback's arrival to the token request; -1 when unknown.
qint64 secondsToExchange(const DiagnosisContext &ctx, const Exchange *tokenX)
{
    const Step *cb = ctx.firstStep(StepKind::Callback);
    const Exchange *cx = cb ? ctx.exchangeWithRole(*cb, ExchangeRole::Callback) : nullptr;
    if (!cx || !tokenX || !cx->startedAt.isValid() || !tokenX->startedAt.isValid())
        return -1;
    return cx->startedAt.secsTo(tokenX->startedAt);
}

QString codeFlowCause(const DiagnosisContext &ctx, const Step &step, const NormalizedError &n, json &evidence,
                      QString &detail)
{
    const auto form = ctx.tokenForm(step);
    // 1. redirect_uri differs between the two requests (RFC 6749 4.1.3).
    bool sentRedirect = false;
    const QString tokenRedirect = formValue(form, QStringLiteral("redirect_uri"), &sentRedirect);
    QString authRedirect = ctx.authorizationParam(QStringLiteral("redirect_uri"));
    if (authRedirect.isEmpty())
        authRedirect = ctx.session().redirectUri;
    if (sentRedirect && !authRedirect.isEmpty() && tokenRedirect != authRedirect) {
        const RedirectUriDiff d = compareRedirectUris(tokenRedirect, authRedirect);
        evidence["authorization_request_redirect_uri"] = toStd(authRedirect);
        evidence["token_request_redirect_uri"] = toStd(tokenRedirect);
        detail = QStringLiteral(
                     "The authorization request sent redirect_uri %1 but the token request sent %2 (%3).")
                     .arg(authRedirect, tokenRedirect, d.sentence);
        return QStringLiteral("invalid_grant_redirect_uri_changed");
    }
    // 2. code_verifier is not the one for this authorization's challenge.
    const Step *auth = ctx.firstStep(StepKind::AuthorizationRequest);
    const json pkce = auth && auth->details.is_object() ? auth->details.value("pkce", json()) : json();
    bool sentVerifier = false;
    const QString verifier = formValue(form, QStringLiteral("code_verifier"), &sentVerifier);
    if (pkce.is_object()) {
        const QString expected = jsonString(pkce, "verifier");
        const QString challenge = jsonString(pkce, "challenge");
        const QString method = jsonString(pkce, "method", QStringLiteral("S256"));
        bool mismatch = !sentVerifier;
        QString why =
            QStringLiteral("The authorization request sent a code_challenge (%1) but the token request "
                           "sent no code_verifier.")
                .arg(method);
        if (sentVerifier && !expected.isEmpty() && verifier != expected) {
            mismatch = true;
            const QString derived =
                method == u"S256" ? QString::fromLatin1(Pkce::s256Challenge(verifier.toLatin1())) : verifier;
            evidence["challenge_sent"] = toStd(challenge);
            evidence["challenge_of_verifier_sent"] = toStd(derived);
            why = QStringLiteral(
                      "The token request's code_verifier is not the one generated for this authorization: "
                      "its %1 challenge is %2, the authorization request sent %3.")
                      .arg(method, derived, challenge);
        }
        if (mismatch) {
            evidence["code_verifier_sent"] = sentVerifier;
            detail = why;
            return QStringLiteral("invalid_grant_pkce_mismatch");
        }
    }
    // 3. the code is not the one this flow received: a code replayed from another authorization.
    const QString sentCode = formValue(form, QStringLiteral("code"));
    const QString received = callbackCode(ctx);
    if (!sentCode.isEmpty() && !received.isEmpty() && sentCode != received) {
        evidence["code_matches_callback"] = false;
        detail = QStringLiteral(
            "The code sent to the token endpoint is not the code this flow's callback received: "
            "it was taken from an earlier authorization and had already been redeemed or "
            "has expired.");
        return QStringLiteral("invalid_grant_code_reused");
    }
    // 4. the server's words.
    const QString &d = n.description;
    if (mentions(d, {"already been used", "already used", "already redeemed", "already been redeemed",
                     "consumed", "replay"}))
        return QStringLiteral("invalid_grant_code_reused");
    if (mentions(d, {"expired"}))
        return QStringLiteral("invalid_grant_code_expired");
    if (mentions(d, {"redirect_uri", "redirect uri"}))
        return QStringLiteral("invalid_grant_redirect_uri_changed");
    if (mentions(d, {"pkce", "code_verifier", "code verifier", "code_challenge"}))
        return QStringLiteral("invalid_grant_pkce_mismatch");
    return QStringLiteral("invalid_grant");
}

QString refreshCause(const NormalizedError &n)
{
    const QString &d = n.description;
    if (mentions(d, {"already used", "reuse", "rotated", "stale", "replay"}))
        return QStringLiteral("invalid_grant_refresh_rotated");
    if (mentions(d, {"expired", "revoked", "inactiv", "not found", "invalid", "not active"}))
        return QStringLiteral("invalid_grant_refresh_revoked_or_expired");
    return QStringLiteral("invalid_grant");
}
} // namespace

Finding invalidGrant(const DiagnosisContext &ctx, const Step &step, const Exchange *x,
                     const NormalizedError &n, bool *fromEvidence)
{
    json evidence = json::object();
    QString detail, code;
    const QString grant = DiagnosisContext::grantOf(step);
    if (grant == u"authorization_code")
        code = codeFlowCause(ctx, step, n, evidence, detail);
    else if (grant == u"refresh_token")
        code = refreshCause(n);
    else
        code = QStringLiteral("invalid_grant");
    if (fromEvidence)
        *fromEvidence = !detail.isEmpty();
    Finding f = ctx.make(code, &step, x);
    f.evidence = evidence;
    if (grant == u"authorization_code") {
        const qint64 seconds = secondsToExchange(ctx, x);
        if (seconds >= 0) {
            f.evidence["seconds_between_callback_and_exchange"] = seconds;
            if (code == u"invalid_grant_code_expired" && seconds < 30)
                detail += QStringLiteral(
                              " The code was exchanged only %1 s after the callback arrived, so it was not "
                              "slow on this side: suspect the server's clock, a very short code lifetime, "
                              "or a code that sat in the browser before the redirect completed.")
                              .arg(seconds);
            else if (code == u"invalid_grant_code_expired" || code == u"invalid_grant")
                detail +=
                    QStringLiteral(" The code was exchanged %1 s after the callback arrived.").arg(seconds);
            if (code == u"invalid_grant" && seconds > 600) {
                Finding expired = ctx.make(QStringLiteral("invalid_grant_code_expired"), &step, x);
                expired.evidence = f.evidence;
                f = expired;
            }
        }
    }
    if (!detail.isEmpty())
        f.explanation = detail.trimmed() + QLatin1Char(' ') + f.explanation;
    return f;
}

} // namespace wb::rules
