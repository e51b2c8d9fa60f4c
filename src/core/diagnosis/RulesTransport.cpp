// Transport and format rules: a request that got no answer (timeout, TLS, network) or an answer
// that is not an OAuth document (HTML page, broken JSON), and form-encoded token responses.
#include "diagnosis/DiagnosisRules.h"

#include "util/JsonQt.h"

#include <QRegularExpression>

namespace wb::rules {

using json = nlohmann::json;

namespace {
QString pageTitle(const QByteArray &body)
{
    static const QRegularExpression re(QStringLiteral("<title[^>]*>([^<]*)</title>"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(QString::fromUtf8(body.left(8192))).captured(1).simplified();
}

bool isHtml(const Exchange &x)
{
    const QByteArray type = headerValue(x.responseHeaders, "Content-Type").toLower();
    const QByteArray head = x.responseBody.trimmed().left(512).toLower();
    return type.contains("text/html") || head.startsWith("<!doctype") || head.startsWith("<html");
}

bool isJsonType(const Exchange &x)
{
    QByteArray type = headerValue(x.responseHeaders, "Content-Type").toLower();
    if (const qsizetype semi = type.indexOf(';'); semi >= 0)
        type.truncate(semi);
    type = type.trimmed();
    return type == "application/json" || type.endsWith("+json");
}

// What the user needs to decide whether to pin the certificate (docs/tls.md).
void addCertificateEvidence(const Exchange &x, const Profile &profile, Finding &f)
{
    if (!x.tlsCertificate.isEmpty()) {
        f.evidence["certificate"] = json::array();
        for (const QString &line : x.tlsCertificate) {
            f.evidence["certificate"].push_back(toStd(line));
            if (line.startsWith(QLatin1String("SHA-256: ")))
                f.evidence["certificate_sha256"] = toStd(line.mid(9));
        }
    }
    if (!profile.pinnedCertSha256.isEmpty()) {
        f.evidence["pinned_cert_sha256"] = json::array();
        for (const QString &pin : profile.pinnedCertSha256)
            f.evidence["pinned_cert_sha256"].push_back(toStd(pin));
    }
}

bool backChannel(const Step &s)
{
    return s.kind != StepKind::Callback && s.kind != StepKind::AuthorizationRequest &&
           s.kind != StepKind::Browser && s.kind != StepKind::RedirectHop;
}
} // namespace

void transport(const DiagnosisContext &ctx, QList<Finding> &out)
{
    for (const Step &step : ctx.session().steps) {
        const Exchange *x = ctx.lastExchange(step);
        if (step.error.isError() && backChannel(step) && !step.error.protocol) {
            const QString code = step.error.code;
            Finding f;
            if (code == u"timeout" || (x && x->transportError == TransportError::Timeout)) {
                f = ctx.make(QStringLiteral("timeout"), &step, x);
                f.evidence["http_timeout_seconds"] = ctx.session().profile.httpTimeoutSeconds;
                if (x)
                    f.evidence["url"] = toStd(x->url);
                f.explanation =
                    QStringLiteral("%1 got no answer within %2 s. %3")
                        .arg(step.title, QString::number(ctx.session().profile.httpTimeoutSeconds),
                             f.explanation);
            } else if (code == u"tls_error" || (x && x->transportError == TransportError::Tls)) {
                f = ctx.make(QStringLiteral("tls_error"), &step, x);
                if (x) {
                    f.evidence["tls_errors"] = json::array();
                    for (const QString &e : x->tlsErrors)
                        f.evidence["tls_errors"].push_back(toStd(e));
                    addCertificateEvidence(*x, ctx.session().profile, f);
                }
                f.explanation = step.error.message + QLatin1Char(' ') + f.explanation;
            } else if (code == u"response_too_large" ||
                       (x && x->transportError == TransportError::TooLarge)) {
                f = ctx.make(QStringLiteral("response_too_large"), &step, x);
                if (x) {
                    f.evidence["url"] = toStd(x->url);
                    f.evidence["limit_bytes"] = static_cast<qint64>(x->responseBody.size());
                    f.evidence["received_bytes"] = x->responseSize;
                    f.evidence["content_type"] =
                        headerValue(x->responseHeaders, "Content-Type").toStdString();
                }
                f.explanation = step.error.message + QLatin1Char(' ') + f.explanation;
            } else if (code == u"network_error") {
                f = ctx.make(QStringLiteral("network_error"), &step, x);
                f.explanation = step.error.message + QLatin1Char(' ') + f.explanation;
            } else if (code == u"html_instead_of_json" || (x && x->hasResponse() && isHtml(*x))) {
                f = ctx.make(QStringLiteral("html_instead_of_json"), &step, x);
                const QString title = x ? pageTitle(x->responseBody) : QString();
                f.evidence["http_status"] = x ? x->status : 0;
                f.evidence["page_title"] = toStd(title);
                f.evidence["content_type"] =
                    x ? headerValue(x->responseHeaders, "Content-Type").toStdString() : "";
                if (x && x->status >= 500)
                    f.triage = TriageClass::Retry;
                f.explanation = QStringLiteral("%1 answered HTTP %2 with an HTML page%3. %4")
                                    .arg(step.title)
                                    .arg(x ? x->status : 0)
                                    .arg(title.isEmpty() ? QString() : QStringLiteral(" (\"%1\")").arg(title),
                                         f.explanation);
            } else if (code == u"invalid_json" || code == u"json_not_object" || code == u"empty_body" ||
                       code == u"unexpected_body") {
                f = ctx.make(QStringLiteral("invalid_json"), &step, x);
                f.evidence["parse_error"] = toStd(code);
                if (x)
                    f.evidence["truncated"] = x->responseTruncated;
                f.explanation = step.error.message + QLatin1Char(' ') + f.explanation;
            } else if (code == u"missing_access_token") {
                f = ctx.make(code, &step, x);
                f.explanation = step.error.message + QLatin1Char(' ') + f.explanation;
                const json resp = step.details.is_object() ? step.details.value("response", json()) : json();
                if (resp.is_object() && resp.contains("authed_user")) {
                    f.evidence["nested_token"] = "authed_user.access_token";
                    f.explanation +=
                        QStringLiteral(" The response nests a user token under authed_user (Slack "
                                       "oauth.v2.access): read authed_user.access_token, or request "
                                       "bot scopes to get a top-level token.");
                }
            } else if (code == u"http_status" && x && x->status >= 500) {
                f = ctx.make(QStringLiteral("server_error"), &step, x);
                f.evidence["http_status"] = x->status;
                f.explanation = step.error.message + QLatin1Char(' ') + f.explanation;
            } else {
                continue;
            }
            out.append(f);
        }
        const QString format =
            step.details.is_object() ? jsonString(step.details, "response_format") : QString();
        if (format == u"json" && x && x->hasResponse() && !isJsonType(*x)) {
            Finding f = ctx.make(QStringLiteral("token_response_content_type"), &step, x);
            const QByteArray type = headerValue(x->responseHeaders, "Content-Type");
            f.evidence["content_type"] = type.toStdString();
            f.explanation =
                QStringLiteral("%1 answered JSON with Content-Type \"%2\". %3")
                    .arg(step.title, QString::fromLatin1(type.isEmpty() ? "(none)" : type), f.explanation);
            out.append(f);
        }
        if (format == u"form") {
            Finding f = ctx.make(QStringLiteral("form_encoded_token_response"), &step, x);
            f.evidence["content_type"] =
                x ? headerValue(x->responseHeaders, "Content-Type").toStdString() : "";
            f.evidence["accept_sent"] = x ? headerValue(x->requestHeaders, "Accept").toStdString() : "";
            out.append(f);
        }
    }
}

} // namespace wb::rules
