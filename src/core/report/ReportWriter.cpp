#include "report/ReportWriter.h"

#include "report/CurlExport.h"
#include "report/HarExport.h"
#include "report/HtmlReport.h"
#include "report/MarkdownReport.h"
#include "report/ReportSupport.h"
#include "report/SessionJson.h"
#include "util/WritebackSaveFile.h"

#include <QRegularExpression>
#include <QSaveFile>

namespace wb {

namespace {
// The JSON report handed to `sink` exchange by exchange, each exchange's bodies redacted when it
// is reached (LazyRedaction): the same text as sessionToJson of redactedSession(...) dumped whole.
bool writeSessionJsonReport(const Session &session, const ReportOptions &options, const TextSink &sink)
{
    const report::LazyRedaction redacted(session, options.redaction);
    const Session &s = redacted.session();
    nlohmann::json j = sessionToJsonWithoutExchanges(s, false); // already redacted
    j["redacted"] = options.redaction != RedactionMode::None;
    j["redaction"] = toString(options.redaction).toStdString();
    const Redactor none(s.secretValues, false);
    return writeSessionDocument(
        j, s.exchanges.size(), [&](qsizetype i) { return exchangeToJson(redacted.exchange(i), none); }, sink);
}
} // namespace

QByteArray sessionJsonReport(const Session &session, const ReportOptions &options)
{
    QByteArray out;
    writeSessionJsonReport(session, options, appendTo(out));
    return out;
}

QByteArray renderReport(const Session &session, ReportFormat format, const ReportOptions &options)
{
    switch (format) {
    case ReportFormat::Markdown:
        return markdownReport(session, options);
    case ReportFormat::Html:
        return htmlReport(session, options);
    case ReportFormat::Har:
        return harExport(session, options);
    case ReportFormat::Json:
        return sessionJsonReport(session, options);
    case ReportFormat::Curl:
        return curlReport(session, options);
    }
    return {};
}

QString suggestedReportFileName(const Session &session, ReportFormat format, const QDateTime &when)
{
    QString base = session.profile.name.isEmpty() ? session.profile.clientId : session.profile.name;
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    base = base.replace(unsafe, QStringLiteral("-")).left(60);
    while (base.startsWith(QLatin1Char('-')) || base.startsWith(QLatin1Char('.')))
        base.remove(0, 1);
    if (base.isEmpty())
        base = QStringLiteral("session");
    return QStringLiteral("%1-%2.%3")
        .arg(base, when.toString(QStringLiteral("yyyy-MM-dd-HHmm")), fileExtension(format));
}

bool writeReportFile(const QString &path, const QByteArray &content, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool writeReport(const Session &session, ReportFormat format, const ReportOptions &options, QIODevice &out)
{
    if (format == ReportFormat::Har)
        return harExport(session, options, out);
    if (format == ReportFormat::Markdown)
        return markdownReport(session, options, out);
    if (format == ReportFormat::Html)
        return htmlReport(session, options, out);
    if (format == ReportFormat::Json)
        return writeSessionJsonReport(session, options, writeTo(out));
    if (format == ReportFormat::Curl)
        return curlReport(session, options, out);
    const QByteArray content = renderReport(session, format, options);
    return out.write(content) == content.size();
}

bool writeReportFile(const QString &path, const Session &session, ReportFormat format,
                     const ReportOptions &options, QString *error)
{
    WritebackSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !writeReport(session, format, options, file) || !file.commit()) {
        if (error)
            *error = QStringLiteral("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace wb
