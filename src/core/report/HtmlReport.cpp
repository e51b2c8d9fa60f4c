#include "report/HtmlReport.h"

#include "report/MermaidDiagram.h"
#include "report/ReportSupport.h"

#include <functional>

namespace wb {

namespace {
using namespace report;

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

const char *kStyle = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1d1d1f}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
h3{font-size:1.05em;margin:1.4em 0 .4em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2}code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.92em}
pre{background:#f6f8fa;border:1px solid #ddd;padding:.6em;white-space:pre-wrap;word-break:break-all}
.redaction{border-left:4px solid #0969da;background:#eef5ff;padding:.5em .8em}
.redaction.none{border-color:#cf222e;background:#ffebe9;font-weight:bold}
.outcome-failed,.sev-error{color:#cf222e}.sev-warning{color:#9a6700}.sev-info{color:#0969da}
.failed td{background:#ffe0e0}.note{color:#555;font-style:italic}
.meta{color:#555}.finding{border:1px solid #ddd;border-radius:6px;padding:.2em 1em;margin:.8em 0}
@media print{body{margin:0;max-width:none;font-size:11px}pre{white-space:pre-wrap;page-break-inside:avoid}
.exchange{page-break-inside:avoid}a{color:inherit;text-decoration:none}}
)";

QString headerLines(const QString &firstLine, const HttpHeaders &headers)
{
    QString out = firstLine + QLatin1Char('\n');
    for (const auto &h : headers)
        out +=
            QString::fromUtf8(h.name) + QStringLiteral(": ") + QString::fromUtf8(h.value) + QLatin1Char('\n');
    return out;
}

QString body(const QString &what, const BodyExcerpt &b, int limit)
{
    QString note = QStringLiteral("%1 (%2").arg(what, describeSize(b.size));
    if (b.cut)
        note += QStringLiteral(", first %1 shown").arg(describeSize(limit));
    if (b.truncatedAtCapture)
        note += QStringLiteral(", cut by the HTTP client's size limit");
    note += QLatin1Char(')');
    QString text = b.text;
    if (b.cut)
        text += QStringLiteral("\n… [%1 more not shown]").arg(describeSize(b.size - limit));
    return QStringLiteral("<p class=\"meta\">%1</p>\n<pre>%2</pre>\n").arg(esc(note), esc(text));
}

QString row(const QString &k, const QString &vHtml)
{
    return QStringLiteral("<tr><th>%1</th><td>%2</td></tr>\n").arg(esc(k), vHtml);
}
} // namespace

namespace {
// The page handed to `out` piece by piece (the head, then each exchange, then the foot).
void writeHtml(const Session &session, const ReportOptions &options,
               const std::function<void(const QByteArray &)> &out)
{
    const LazyRedaction redacted(session, options.redaction); // one exchange's bodies at a time
    const Session &s = redacted.session();
    const QString who = s.profile.name.isEmpty() ? s.profile.clientId : s.profile.name;
    const QString outcome = toString(s.outcome);
    QString h;
    h +=
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>OAuth Workbench report: %1 (%2)</title>\n<style>%3</style>\n</head>\n<body>\n")
            .arg(esc(who), esc(outcome), QString::fromLatin1(kStyle));
    h += QStringLiteral("<h1>OAuth Workbench report: %1 — <span class=\"outcome-%2\">%3</span></h1>\n")
             .arg(esc(who), esc(outcome), esc(outcome.toUpper()));
    h += QStringLiteral("<p class=\"redaction%1\">%2</p>\n")
             .arg(options.redaction == RedactionMode::None ? QStringLiteral(" none") : QString(),
                  esc(redactionStatement(options.redaction)));

    h += QStringLiteral("<h2>Summary</h2>\n<table>\n");
    h += row(QStringLiteral("Provider"), QStringLiteral("<code>%1</code>").arg(esc(providerLabel(s))));
    h += row(QStringLiteral("Client ID"), QStringLiteral("<code>%1</code>").arg(esc(s.profile.clientId)));
    h += row(QStringLiteral("Flow"), esc(flowLabel(s)));
    h += row(QStringLiteral("Outcome"),
             QStringLiteral("<strong class=\"outcome-%1\">%2</strong>%3")
                 .arg(esc(outcome), esc(outcome),
                      s.error.isError() ? QStringLiteral(": ") + esc(s.error.message) : QString()));
    h += row(QStringLiteral("Date"), esc(isoTime(s.startedAt)));
    if (s.startedAt.isValid() && s.finishedAt.isValid())
        h += row(QStringLiteral("Duration"), esc(formatDuration(s.startedAt.msecsTo(s.finishedAt))));
    h += row(QStringLiteral("App version"), esc(QStringLiteral("OAuth Workbench %1").arg(s.appVersion)));
    if (const auto off = clockOffsetSeconds(s))
        h += row(QStringLiteral("Clock offset"),
                 esc(QStringLiteral("%1 s (server %2 this machine, from its Date header)")
                         .arg(*off > 0 ? QStringLiteral("+%1").arg(*off) : QString::number(*off),
                              *off >= 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"))));
    if (!s.redirectUri.isEmpty())
        h += row(QStringLiteral("Redirect URI"), QStringLiteral("<code>%1</code>").arg(esc(s.redirectUri)));
    if (!s.checksDisabled.isEmpty())
        h += row(QStringLiteral("Checks disabled"), esc(s.checksDisabled.join(QStringLiteral(", "))));
    h += QStringLiteral("</table>\n");

    h += QStringLiteral("<h2>Findings</h2>\n");
    bool fromSteps = false;
    const QList<Finding> findings = reportFindings(s, &fromSteps);
    if (findings.isEmpty())
        h += QStringLiteral("<p>No problems were found.</p>\n");
    else if (fromSteps)
        h += QStringLiteral("<p class=\"note\">No diagnosis was recorded for this session; these come from "
                            "the steps' errors and warnings.</p>\n");
    for (const Finding &f : findings) {
        h += QStringLiteral("<div class=\"finding\">\n<h3 class=\"sev-%1\">%2: %3</h3>\n")
                 .arg(esc(toString(f.severity)), esc(toString(f.severity).toUpper()), esc(f.title));
        QStringList meta{QStringLiteral("code <code>%1</code>").arg(esc(f.code))};
        if (!s.findings.isEmpty())
            meta << QStringLiteral("triage: %1").arg(esc(toString(f.triage)));
        if (!f.stepId.isEmpty())
            meta << QStringLiteral("step <code>%1</code>").arg(esc(f.stepId));
        if (!f.exchangeId.isEmpty())
            meta << QStringLiteral("exchange <a href=\"#exchange-%1\">%1</a>").arg(esc(f.exchangeId));
        h += QStringLiteral("<p class=\"meta\">%1</p>\n").arg(meta.join(QStringLiteral(" · ")));
        if (!f.explanation.isEmpty())
            h += QStringLiteral("<p>%1</p>\n").arg(esc(f.explanation));
        if (!f.fixSteps.isEmpty()) {
            h += QStringLiteral("<ol>\n");
            for (const QString &step : f.fixSteps)
                h += QStringLiteral("<li>%1</li>\n").arg(esc(step));
            h += QStringLiteral("</ol>\n");
        }
        if (f.evidence.is_object() && !f.evidence.empty())
            h += QStringLiteral("<pre>%1</pre>\n")
                     .arg(esc(QString::fromStdString(
                         f.evidence.dump(2, ' ', false, nlohmann::json::error_handler_t::replace))));
        h += QStringLiteral("</div>\n");
    }

    h += QStringLiteral(
        "<h2>Sequence</h2>\n<table>\n<tr><th>Step</th><th>From</th><th>To</th><th>Message</th></tr>\n");
    for (const SequenceItem &it : sequenceItems(s)) {
        const QString text = it.cross ? QStringLiteral("✖ ") + it.text : it.text;
        h += QStringLiteral("<tr%1><td>%2</td><td>%3</td><td>%4</td><td%5>%6</td></tr>\n")
                 .arg(it.failed ? QStringLiteral(" class=\"failed\"") : QString(), esc(it.stepId),
                      esc(participantName(it.from)), it.note ? QString() : esc(participantName(it.to)),
                      it.note ? QStringLiteral(" class=\"note\"") : QString(), esc(text));
    }
    h += QStringLiteral("</table>\n");

    h += QStringLiteral(
        "<h2>Steps</h2>\n<table>\n<tr><th>Step</th><th>What</th><th>Status</th><th>Started</th>"
        "<th>Duration</th><th>Summary</th></tr>\n");
    const Step *failing = failingStep(s);
    for (const Step &st : s.steps) {
        QString summary = esc(st.summary);
        if (st.error.isError())
            summary += QStringLiteral("<br>") + esc(st.error.message);
        h += QStringLiteral("<tr%1><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td></tr>\n")
                 .arg(&st == failing ? QStringLiteral(" class=\"failed\"") : QString(), esc(st.id),
                      esc(st.title), esc(toString(st.status)), esc(isoTime(st.startedAt)),
                      esc(formatDuration(st.durationMs)), summary);
    }
    h += QStringLiteral("</table>\n");

    h += QStringLiteral("<h2>Exchanges</h2>\n");
    if (s.exchanges.isEmpty())
        h += QStringLiteral("<p>No HTTP exchanges were recorded.</p>\n");
    const int limit = options.bodyLimit;
    const auto owners = stepsByExchange(s);
    // Appended as UTF-8 one exchange at a time: the whole page is never held as UTF-16.
    for (qsizetype i = 0; i < s.exchanges.size(); ++i) {
        out(h.toUtf8());
        h.clear();
        const Exchange x = redacted.exchange(i);
        const Step *st = owners.value(x.id);
        h += QStringLiteral("<div class=\"exchange\" id=\"exchange-%1\">\n<h3>%1 <code>%2 %3</code></h3>\n")
                 .arg(esc(x.id), esc(x.method), esc(x.url));
        QStringList meta{esc(toString(x.role))};
        if (st)
            meta << QStringLiteral("step %1 (%2)").arg(esc(st->id), esc(st->title));
        meta << esc(isoTime(x.startedAt)) << esc(formatDuration(x.durationMs));
        meta << (x.hasResponse()
                     ? QStringLiteral("<strong>%1 %2</strong>").arg(x.status).arg(esc(x.reason))
                     : QStringLiteral("<strong>no response</strong> (%1)")
                           .arg(esc(x.errorMessage.isEmpty() ? toString(x.transportError) : x.errorMessage)));
        h += QStringLiteral("<p class=\"meta\">%1</p>\n").arg(meta.join(QStringLiteral(" · ")));
        h += QStringLiteral("<pre>%1</pre>\n")
                 .arg(esc(headerLines(QStringLiteral("%1 %2 %3").arg(x.method, x.url, x.httpVersion),
                                      x.requestHeaders)));
        if (!x.requestBody.isEmpty())
            h += body(QStringLiteral("Request body"), requestBody(x, limit), limit);
        if (x.hasResponse()) {
            h += QStringLiteral("<pre>%1</pre>\n")
                     .arg(esc(headerLines(
                         QStringLiteral("%1 %2 %3").arg(x.httpVersion).arg(x.status).arg(x.reason),
                         x.responseHeaders)));
            if (!x.responseBody.isEmpty())
                h += body(QStringLiteral("Response body"), responseBody(x, limit), limit);
        }
        h += QStringLiteral("</div>\n");
    }
    h += QStringLiteral("<hr>\n<p class=\"meta\">Generated by OAuth Workbench %1. %2</p>\n</body>\n</html>\n")
             .arg(esc(s.appVersion), esc(redactionStatement(options.redaction)));
    out(h.toUtf8());
}
} // namespace

QByteArray htmlReport(const Session &session, const ReportOptions &options)
{
    QByteArray text;
    writeHtml(session, options, [&text](const QByteArray &piece) { text += piece; });
    return text;
}

bool htmlReport(const Session &session, const ReportOptions &options, QIODevice &out)
{
    bool ok = true;
    writeHtml(session, options,
              [&](const QByteArray &piece) { ok = ok && out.write(piece) == piece.size(); });
    return ok;
}

} // namespace wb
