// Rules for the front channel: what the authorization server said on the callback, the checks
// on the callback, error pages reached while following redirects, and a callback that never came.
#include "diagnosis/DiagnosisRules.h"

#include "diagnosis/RedirectUriDiff.h"
#include "flow/FlowDetails.h"
#include "util/JsonQt.h"

#include <QRegularExpression>
#include <QUrl>

namespace wb::rules {

using json = nlohmann::json;

namespace {
const QStringList kDirectCodes = {
    QStringLiteral("access_denied"),        QStringLiteral("unsupported_response_type"),
    QStringLiteral("login_required"),       QStringLiteral("consent_required"),
    QStringLiteral("interaction_required"), QStringLiteral("invalid_scope"),
    QStringLiteral("unauthorized_client"),  QStringLiteral("redirect_uri_mismatch"),
    QStringLiteral("invalid_request"),      QStringLiteral("invalid_client")};

json checkFor(const Step &cb, const char *name)
{
    const json checks = cb.details.is_object() ? cb.details.value("checks", json::array()) : json::array();
    if (checks.is_array())
        for (const auto &c : checks)
            if (jsonString(c, "check") == QLatin1String(name))
                return c;
    return json::object();
}

void callbackError(const DiagnosisContext &ctx, const Step &cb, QList<Finding> &out)
{
    const Exchange *x = ctx.exchangeWithRole(cb, ExchangeRole::Callback);
    const QString code = cb.error.code;
    if (code == u"state_mismatch" || code == u"state_missing") {
        Finding f = ctx.make(QStringLiteral("state_mismatch"), &cb, x);
        const json c = checkFor(cb, "state");
        f.evidence = {{"sent", c.value("expected", "")},
                      {"received", c.value("actual", "")},
                      {"missing", code == u"state_missing"}};
        f.explanation = cb.error.message + QLatin1Char(' ') + f.explanation;
        out.append(f);
        return;
    }
    if (code == u"iss_mismatch" || code == u"iss_missing") {
        Finding f = ctx.make(QStringLiteral("iss_mismatch"), &cb, x);
        const json c = checkFor(cb, "iss");
        f.evidence = {{"expected", c.value("expected", "")},
                      {"received", c.value("actual", "")},
                      {"missing", code == u"iss_missing"}};
        f.explanation = cb.error.message + QLatin1Char(' ') + f.explanation;
        out.append(f);
        return;
    }
    if (code == u"callback_never_arrived") {
        Finding f = ctx.make(code, &cb, nullptr);
        const Step *auth = ctx.firstStep(StepKind::AuthorizationRequest);
        const QString listen = auth ? jsonString(auth->details, "listening_on") : QString();
        f.evidence = {{"redirect_uri", toStd(ctx.session().redirectUri)},
                      {"listening_on", toStd(listen)},
                      {"timeout_seconds", ctx.session().profile.timeoutSeconds}};
        QStringList stray;
        for (const Exchange &e : ctx.session().exchanges)
            if (e.role == ExchangeRole::Stray)
                stray.append(e.method + QLatin1Char(' ') + QUrl(e.url).path());
        QString text = QStringLiteral("Nothing arrived at %1 (listening on %2) within %3 s. ")
                           .arg(ctx.session().redirectUri, listen.isEmpty() ? QStringLiteral("?") : listen)
                           .arg(ctx.session().profile.timeoutSeconds);
        if (!stray.isEmpty()) {
            text += QStringLiteral("The listener did receive other requests (%1): the browser reached this "
                                   "machine but not on the redirect path. ")
                        .arg(stray.join(QStringLiteral(", ")));
            f.evidence["other_requests"] = flowdetails::stringArray(stray);
        }
        f.explanation = text + f.explanation;
        addRedirectUriEvidence(ctx, ctx.session().redirectUri, f);
        out.append(f);
        return;
    }
    if (!cb.error.protocol)
        return; // other failures (missing_code, cancelled...) are left to the fallback
    const NormalizedError n = normalizeError(cb, x);
    QString findingCode = QStringLiteral("authorization_error");
    if (kDirectCodes.contains(n.error))
        findingCode = n.error;
    else if (n.error == u"server_error" || n.error == u"temporarily_unavailable")
        findingCode = QStringLiteral("server_error");
    Finding f = ctx.make(findingCode, &cb, x);
    addErrorEvidence(n, f);
    f.explanation =
        QStringLiteral("The authorization server redirected back with error=%1%2. %3")
            .arg(n.error,
                 n.description.isEmpty() ? QString() : QStringLiteral(" (\"%1\")").arg(n.description),
                 f.explanation);
    if (const auto entry = ctx.providers().explain(n, {}, ctx.provider()))
        DiagnosisContext::applyProvider(f, *entry, true);
    if (f.code == u"redirect_uri_mismatch")
        addRedirectUriEvidence(ctx, ctx.session().redirectUri, f);
    out.append(f);
}

// The visible text of an HTML page around its first mention of `re` (tags, scripts and styles
// dropped, whitespace collapsed), at most about 300 characters: what the page told the person.
QString pageExcerpt(const QString &html, const QRegularExpression &re)
{
    static const QRegularExpression blocks(QStringLiteral("<(script|style|head)\\b[^>]*>.*?</\\1\\s*>"),
                                           QRegularExpression::CaseInsensitiveOption |
                                               QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    QString text = html;
    text.remove(blocks);
    text.replace(tags, QStringLiteral(" "));
    text.replace(QLatin1String("&lt;"), QLatin1String("<"))
        .replace(QLatin1String("&gt;"), QLatin1String(">"))
        .replace(QLatin1String("&quot;"), QLatin1String("\""))
        .replace(QLatin1String("&#39;"), QLatin1String("'"))
        .replace(QLatin1String("&amp;"), QLatin1String("&"));
    text = text.simplified();
    const qsizetype at = re.match(text).capturedStart();
    if (at < 0)
        return {};
    const qsizetype from = qMax<qsizetype>(0, at - 120);
    QString excerpt = text.mid(from, 300).trimmed();
    if (from > 0)
        excerpt.prepend(QStringLiteral("…"));
    if (from + 300 < text.size())
        excerpt.append(QStringLiteral("…"));
    return excerpt;
}

// Follow and captured modes: the last page the browser reached, before any redirect to the
// loopback, is an error page: about the redirect_uri (redirect_uri_mismatch) or another refusal
// (error_page_at_provider). Its kept body is quoted.
void errorPage(const DiagnosisContext &ctx, const Step &browser, QList<Finding> &out)
{
    const Exchange *x = ctx.lastExchange(browser);
    if (!x || x->status < 400)
        return;
    const QString body = QString::fromUtf8(x->responseBody.left(65536));
    static const QRegularExpression re(QStringLiteral("redirect[_ ]ur[il]"),
                                       QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression title(QStringLiteral("<title[^>]*>([^<]*)</title>"),
                                          QRegularExpression::CaseInsensitiveOption);
    const QString pageTitle = title.match(body).captured(1).simplified();
    if (!re.match(body).hasMatch()) {
        // Another refusal before any redirect back: a policy block, a disabled client, an outage.
        if (browser.error.code != u"error_page" && browser.error.code != u"follow_failed")
            return;
        static const QRegularExpression any(QStringLiteral("\\S"));
        static const QRegularExpression errorWords(
            QStringLiteral("error|denied|blocked|not allowed|forbidden|invalid|AADSTS"),
            QRegularExpression::CaseInsensitiveOption);
        QString said = pageExcerpt(body, errorWords);
        if (said.isEmpty())
            said = pageExcerpt(body, any);
        Finding f = ctx.make(QStringLiteral("error_page_at_provider"), &browser, x);
        f.evidence["page_status"] = x->status;
        f.evidence["page_title"] = toStd(pageTitle);
        f.evidence["page_url"] = toStd(x->url);
        if (!said.isEmpty())
            f.evidence["page_excerpt"] = toStd(said);
        if (x->status >= 500)
            f.triage = TriageClass::Retry;
        f.explanation =
            QStringLiteral("The browser stopped at an error page of the authorization server (HTTP "
                           "%1%2 at %3) before any redirect back.%4 %5")
                .arg(QString::number(x->status),
                     pageTitle.isEmpty() ? QString() : QStringLiteral(", \"%1\"").arg(pageTitle),
                     QUrl(x->url).host(),
                     said.isEmpty() ? QString() : QStringLiteral(" The page says: \"%1\"").arg(said),
                     f.explanation);
        out.append(f);
        return;
    }
    Finding f = ctx.make(QStringLiteral("redirect_uri_mismatch"), &browser, x);
    const QString excerpt = pageExcerpt(body, re);
    f.evidence["page_status"] = x->status;
    f.evidence["page_title"] = toStd(pageTitle);
    f.evidence["page_url"] = toStd(x->url);
    if (!excerpt.isEmpty())
        f.evidence["page_excerpt"] = toStd(excerpt);
    f.explanation =
        QStringLiteral("The authorization server showed an error page (HTTP %1%2) about the "
                       "redirect_uri instead of redirecting back.%3 %4")
            .arg(QString::number(x->status), // one pass: the page's text may hold "%1"
                 pageTitle.isEmpty() ? QString() : QStringLiteral(", \"%1\"").arg(pageTitle),
                 excerpt.isEmpty() ? QString() : QStringLiteral(" The page says: \"%1\"").arg(excerpt),
                 f.explanation);
    addRedirectUriEvidence(ctx, ctx.session().redirectUri, f);
    out.append(f);
}
} // namespace

void authorization(const DiagnosisContext &ctx, QList<Finding> &out)
{
    if (const Step *cb = ctx.firstStep(StepKind::Callback); cb && cb->error.isError())
        callbackError(ctx, *cb, out);
    if (const Step *br = ctx.firstStep(StepKind::Browser); br && br->error.isError())
        errorPage(ctx, *br, out);
}

void addRedirectUriEvidence(const DiagnosisContext &ctx, const QString &sent, Finding &f)
{
    const QString registered = ctx.session().profile.registeredRedirectUri;
    f.evidence["sent"] = toStd(sent);
    if (registered.isEmpty()) {
        if (f.code == u"redirect_uri_mismatch")
            f.explanation +=
                QStringLiteral(" The workbench sent redirect_uri %1. Record the registered redirect "
                               "URI in the profile (--registered-redirect-uri) to see the exact "
                               "difference.")
                    .arg(sent);
        return;
    }
    const RedirectUriDiff d = compareRedirectUris(sent, registered);
    f.evidence["registered"] = toStd(registered);
    f.evidence["differences"] = flowdetails::stringArray(d.differences);
    if (!d.identical)
        f.explanation += QStringLiteral(" Sent %1, registered %2: %3.").arg(sent, registered, d.sentence);
}

} // namespace wb::rules
