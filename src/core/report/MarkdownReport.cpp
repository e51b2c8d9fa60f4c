#include "report/MarkdownReport.h"

#include "report/MermaidDiagram.h"
#include "report/ReportSupport.h"
#include "util/InOrder.h"

#include <QRegularExpression>
#include <functional>

namespace wb {

namespace report {

QString fencedBlock(const QString &content, const QString &language)
{
    // The fence is longer than the longest run of backticks in the content. Bodies are long and
    // seldom have any: jump from one to the next.
    qsizetype longest = 0;
    for (qsizetype i = content.indexOf(u'`'); i >= 0;) {
        qsizetype end = i + 1;
        while (end < content.size() && content.at(end) == u'`')
            ++end;
        longest = std::max(longest, end - i);
        i = content.indexOf(u'`', end);
    }
    const QString fence(std::max<qsizetype>(3, longest + 1), QLatin1Char('`'));
    QString out;
    out.reserve(2 * fence.size() + language.size() + content.size() + 3);
    out += fence;
    out += language;
    out += QLatin1Char('\n');
    out += content;
    if (!content.endsWith(QLatin1Char('\n')))
        out += QLatin1Char('\n');
    out += fence;
    out += QLatin1Char('\n');
    return out;
}

QString markdownText(const QString &s)
{
    QString out;
    out.reserve(s.size());
    for (const QChar c : s.simplified()) {
        if (c == u'<')
            out += QStringLiteral("&lt;");
        else if (c == u'>')
            out += QStringLiteral("&gt;");
        else if (c == u'&')
            out += QStringLiteral("&amp;");
        else if (QStringLiteral("\\`*_[]|#").contains(c))
            out += QLatin1Char('\\') + c;
        else
            out += c;
    }
    return out;
}

} // namespace report

namespace {
using namespace report;

// Inline code that survives backticks inside it (CommonMark: a longer backtick string).
QString code(const QString &s)
{
    const QString t = s.simplified();
    if (t.isEmpty())
        return QStringLiteral("(empty)");
    QString ticks = QStringLiteral("`");
    while (t.contains(ticks))
        ticks += QLatin1Char('`');
    const bool pad = t.startsWith(QLatin1Char('`')) || t.endsWith(QLatin1Char('`'));
    QString inner = pad ? QLatin1Char(' ') + t + QLatin1Char(' ') : t;
    inner.replace(QLatin1Char('|'), QStringLiteral("\\|")); // keeps table cells intact
    return ticks + inner + ticks;
}

QString statusWord(Outcome o)
{
    switch (o) {
    case Outcome::Succeeded:
        return QStringLiteral("Succeeded");
    case Outcome::Failed:
        return QStringLiteral("FAILED");
    case Outcome::Cancelled:
        return QStringLiteral("Cancelled");
    case Outcome::Running:
        return QStringLiteral("Unfinished");
    case Outcome::Interrupted:
        return QStringLiteral("Interrupted (recovered after the process stopped)");
    }
    return {};
}

QString severityMark(Severity s)
{
    switch (s) {
    case Severity::Error:
        return QStringLiteral("❌");
    case Severity::Warning:
        return QStringLiteral("⚠️");
    case Severity::Info:
        return QStringLiteral("ℹ️");
    }
    return {};
}

QString headerBlock(const QString &firstLine, const HttpHeaders &headers)
{
    QString out = firstLine + QLatin1Char('\n');
    for (const auto &h : headers)
        out +=
            QString::fromUtf8(h.name) + QStringLiteral(": ") + QString::fromUtf8(h.value) + QLatin1Char('\n');
    return out;
}

QString languageFor(const HttpHeaders &headers)
{
    const QByteArray type = headerValue(headers, "content-type").toLower();
    if (type.contains("json"))
        return QStringLiteral("json");
    if (type.contains("html"))
        return QStringLiteral("html");
    if (type.contains("x-www-form-urlencoded"))
        return QStringLiteral("text");
    return QString();
}

QString bodySection(const QString &what, const BodyExcerpt &b, const HttpHeaders &headers, int limit)
{
    QString note = QStringLiteral("**%1** (%2").arg(what, describeSize(b.size));
    if (b.cut)
        note += QStringLiteral(", first %1 shown").arg(describeSize(limit));
    if (b.truncatedAtCapture)
        note += QStringLiteral(", cut by the HTTP client's size limit");
    note += QStringLiteral(")\n\n");
    if (b.binary)
        return note + b.text + QStringLiteral("\n\n");
    QString text = b.text;
    if (b.cut)
        text += QStringLiteral("\n… [%1 more not shown]").arg(describeSize(b.size - limit));
    return note + fencedBlock(text, b.cut ? QString() : languageFor(headers)) + QLatin1Char('\n');
}

void summary(QString &md, const Session &s)
{
    md += QStringLiteral("## Summary\n\n| | |\n|---|---|\n");
    auto row = [&md](const QString &k, const QString &v) { md += QStringLiteral("| %1 | %2 |\n").arg(k, v); };
    row(QStringLiteral("Provider"), code(providerLabel(s)));
    if (!s.profile.name.isEmpty())
        row(QStringLiteral("Profile"), markdownText(s.profile.name));
    row(QStringLiteral("Client ID"), code(s.profile.clientId));
    row(QStringLiteral("Flow"), markdownText(flowLabel(s)));
    QString outcome = QStringLiteral("**%1**").arg(statusWord(s.outcome));
    if (s.error.isError())
        outcome += QStringLiteral(": ") + markdownText(s.error.message);
    row(QStringLiteral("Outcome"), outcome);
    row(QStringLiteral("Date"), markdownText(isoTime(s.startedAt)));
    if (s.startedAt.isValid() && s.finishedAt.isValid())
        row(QStringLiteral("Duration"), formatDuration(s.startedAt.msecsTo(s.finishedAt)));
    row(QStringLiteral("App version"), markdownText(QStringLiteral("OAuth Workbench %1").arg(s.appVersion)));
    if (const auto off = clockOffsetSeconds(s))
        row(QStringLiteral("Clock offset"),
            QStringLiteral("%1 s (server %2 this machine, from its Date header)")
                .arg(*off > 0 ? QStringLiteral("+%1").arg(*off) : QString::number(*off),
                     *off >= 0 ? QStringLiteral("ahead of") : QStringLiteral("behind")));
    if (!s.redirectUri.isEmpty())
        row(QStringLiteral("Redirect URI"), code(s.redirectUri));
    if (!s.profile.scope.isEmpty())
        row(QStringLiteral("Scope"), code(s.profile.scope));
    if (!s.checksDisabled.isEmpty())
        row(QStringLiteral("Checks disabled"), markdownText(s.checksDisabled.join(QStringLiteral(", "))));
    if (!s.id.isEmpty())
        row(QStringLiteral("Session"), code(s.id));
    md += QLatin1Char('\n');
}

void findings(QString &md, const Session &s)
{
    bool fromSteps = false;
    const QList<Finding> list = reportFindings(s, &fromSteps);
    md += QStringLiteral("## Findings\n\n");
    if (list.isEmpty()) {
        md += QStringLiteral("No problems were found.\n\n");
        return;
    }
    if (fromSteps)
        md += QStringLiteral("_No diagnosis was recorded for this session; these come from the steps' "
                             "errors and warnings._\n\n");
    int n = 0;
    for (const Finding &f : list) {
        md +=
            QStringLiteral("### %1. %2 %3\n\n").arg(++n).arg(severityMark(f.severity), markdownText(f.title));
        QStringList meta{QStringLiteral("code %1").arg(code(f.code)), toString(f.severity)};
        if (!s.findings.isEmpty())
            meta << QStringLiteral("triage: %1").arg(toString(f.triage));
        if (!f.stepId.isEmpty())
            meta << QStringLiteral("step %1").arg(code(f.stepId));
        if (!f.exchangeId.isEmpty())
            meta << QStringLiteral("exchange [%1](#exchange-%1)").arg(f.exchangeId.toHtmlEscaped());
        md += meta.join(QStringLiteral(" · ")) + QStringLiteral("\n\n");
        if (!f.explanation.isEmpty())
            md += markdownText(f.explanation) + QStringLiteral("\n\n");
        if (!f.fixSteps.isEmpty()) {
            md += QStringLiteral("How to fix:\n\n");
            int i = 0;
            for (const QString &step : f.fixSteps)
                md += QStringLiteral("%1. %2\n").arg(++i).arg(markdownText(step));
            md += QLatin1Char('\n');
        }
        if (f.evidence.is_object() && !f.evidence.empty())
            md += QStringLiteral("Evidence:\n\n") +
                  fencedBlock(QString::fromStdString(
                                  f.evidence.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)),
                              QStringLiteral("json")) +
                  QLatin1Char('\n');
    }
}

void steps(QString &md, const Session &s)
{
    md += QStringLiteral("## Steps\n\n| Step | What | Status | Started | Duration | Summary |\n"
                         "|---|---|---|---|---|---|\n");
    const Step *failing = failingStep(s);
    for (const Step &st : s.steps) {
        QString status = toString(st.status);
        if (&st == failing)
            status = QStringLiteral("**%1** ⟵").arg(status);
        QString summaryText = markdownText(st.summary);
        if (st.error.isError())
            summaryText +=
                (summaryText.isEmpty() ? QString() : QStringLiteral(" — ")) + markdownText(st.error.message);
        md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                  .arg(code(st.id), markdownText(st.title), status,
                       st.startedAt.isValid() ? st.startedAt.toUTC().toString(QStringLiteral("HH:mm:ss.zzz"))
                                              : QString(),
                       formatDuration(st.durationMs), summaryText);
    }
    md += QLatin1Char('\n');
}

// Appended as UTF-8 one exchange at a time: the text of every exchange is never held as UTF-16.
using Emit = std::function<void(const QByteArray &)>;

void exchanges(const Emit &out, const LazyRedaction &redacted, int limit)
{
    const Session &s = redacted.session();
    out("## Exchanges\n\n");
    if (s.exchanges.isEmpty()) {
        out("No HTTP exchanges were recorded.\n");
        return;
    }
    const auto owners = stepsByExchange(s);
    // Each exchange's text is made on worker threads and written in order (inOrder).
    const auto exchangeText = [&](qsizetype i) {
        QString md;
        const Exchange x = redacted.exchange(i);
        const Step *st = owners.value(x.id);
        md += QStringLiteral("<a id=\"exchange-%1\"></a>\n\n### %2 %3\n\n")
                  .arg(x.id.toHtmlEscaped(), markdownText(x.id), code(x.method + QLatin1Char(' ') + x.url));
        QStringList meta{toString(x.role)};
        if (st)
            meta << QStringLiteral("step %1 (%2)").arg(code(st->id), markdownText(st->title));
        meta << markdownText(isoTime(x.startedAt)) << formatDuration(x.durationMs);
        if (x.hasResponse())
            meta << QStringLiteral("**%1 %2**").arg(x.status).arg(markdownText(x.reason));
        else
            meta << QStringLiteral("**no response** (%1)")
                        .arg(markdownText(x.errorMessage.isEmpty() ? toString(x.transportError)
                                                                   : x.errorMessage));
        if (!x.tlsErrors.isEmpty())
            meta << QStringLiteral("TLS: %1").arg(markdownText(x.tlsErrors.join(QStringLiteral("; "))));
        if (!x.tlsTrustedByPin.isEmpty())
            meta << QStringLiteral("TLS trusted by pinned SHA-256 %1").arg(markdownText(x.tlsTrustedByPin));
        if (!x.tlsCertificate.isEmpty())
            meta << QStringLiteral("certificate: %1")
                        .arg(markdownText(x.tlsCertificate.join(QStringLiteral("; "))));
        md += meta.join(QStringLiteral(" · ")) + QStringLiteral("\n\n");
        md += QStringLiteral("**Request**\n\n") +
              fencedBlock(headerBlock(QStringLiteral("%1 %2 %3").arg(x.method, x.url, x.httpVersion),
                                      x.requestHeaders),
                          QStringLiteral("http")) +
              QLatin1Char('\n');
        if (!x.requestBody.isEmpty())
            md += bodySection(QStringLiteral("Request body"), requestBody(x, limit), x.requestHeaders, limit);
        if (x.hasResponse()) {
            md += QStringLiteral("**Response**\n\n") +
                  fencedBlock(
                      headerBlock(QStringLiteral("%1 %2 %3").arg(x.httpVersion).arg(x.status).arg(x.reason),
                                  x.responseHeaders),
                      QStringLiteral("http")) +
                  QLatin1Char('\n');
            if (!x.responseBody.isEmpty())
                md += bodySection(QStringLiteral("Response body"), responseBody(x, limit), x.responseHeaders,
                                  limit);
        }
        return md.toUtf8();
    };
    inOrder(s.exchanges.size(), exchangeText, [&](qsizetype, const QByteArray &text) {
        out(text);
        return true;
    });
}

// The report handed to `out` piece by piece (the head, then each exchange, then the foot).
void writeMarkdown(const Session &session, const ReportOptions &options, const Emit &out)
{
    const LazyRedaction redacted(session, options.redaction); // one exchange's bodies at a time
    const Session &s = redacted.session();
    QString md;
    const QString who = s.profile.name.isEmpty() ? s.profile.clientId : s.profile.name;
    md +=
        QStringLiteral("# OAuth Workbench report: %1 — %2\n\n").arg(markdownText(who), statusWord(s.outcome));
    md += QStringLiteral("> %1\n\n").arg(markdownText(redactionStatement(options.redaction)));
    summary(md, s);
    findings(md, s);
    md += QStringLiteral("## Sequence\n\n");
    if (const Step *f = failingStep(s))
        md += QStringLiteral("The failing step, %1 (%2), is boxed in red and marked with a cross.\n\n")
                  .arg(code(f->id), markdownText(f->title));
    md += fencedBlock(report::mermaidSequence(s), QStringLiteral("mermaid")) + QLatin1Char('\n');
    steps(md, s);
    out(md.toUtf8());
    md.clear();
    exchanges(out, redacted, options.bodyLimit);
    out(QStringLiteral("\n---\nGenerated by OAuth Workbench %1. %2\n")
            .arg(markdownText(s.appVersion), markdownText(redactionStatement(options.redaction)))
            .toUtf8());
}
} // namespace

QByteArray markdownReport(const Session &session, const ReportOptions &options)
{
    QByteArray text;
    writeMarkdown(session, options, [&text](const QByteArray &piece) { text += piece; });
    return text;
}

bool markdownReport(const Session &session, const ReportOptions &options, QIODevice &out)
{
    bool ok = true;
    writeMarkdown(session, options,
                  [&](const QByteArray &piece) { ok = ok && out.write(piece) == piece.size(); });
    return ok;
}

} // namespace wb
