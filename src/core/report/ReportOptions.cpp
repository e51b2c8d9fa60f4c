#include "report/ReportOptions.h"

#include <QFileInfo>

namespace wb {

QString toString(ReportFormat f)
{
    switch (f) {
    case ReportFormat::Markdown:
        return QStringLiteral("md");
    case ReportFormat::Html:
        return QStringLiteral("html");
    case ReportFormat::Har:
        return QStringLiteral("har");
    case ReportFormat::Json:
        return QStringLiteral("json");
    case ReportFormat::Curl:
        return QStringLiteral("curl");
    }
    return QStringLiteral("md");
}

bool parseReportFormat(const QString &name, ReportFormat &out)
{
    const QString n = name.trimmed().toLower();
    if (n == u"markdown") {
        out = ReportFormat::Markdown;
        return true;
    }
    for (ReportFormat f : {ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Har, ReportFormat::Json,
                           ReportFormat::Curl}) {
        if (toString(f) == n) {
            out = f;
            return true;
        }
    }
    return false;
}

bool reportFormatFromFileName(const QString &fileName, ReportFormat &out)
{
    const QString ext = QFileInfo(fileName).suffix().toLower();
    if (ext == u"md" || ext == u"markdown")
        out = ReportFormat::Markdown;
    else if (ext == u"html" || ext == u"htm")
        out = ReportFormat::Html;
    else if (ext == u"har")
        out = ReportFormat::Har;
    else if (ext == u"json")
        out = ReportFormat::Json;
    else if (ext == u"sh" || ext == u"curl")
        out = ReportFormat::Curl;
    else
        return false;
    return true;
}

QString fileExtension(ReportFormat f)
{
    return f == ReportFormat::Curl ? QStringLiteral("sh") : toString(f);
}

QString displayName(ReportFormat f)
{
    switch (f) {
    case ReportFormat::Markdown:
        return QStringLiteral("Markdown (GitHub, GitLab, Jira)");
    case ReportFormat::Html:
        return QStringLiteral("HTML (self-contained, printable)");
    case ReportFormat::Har:
        return QStringLiteral("HAR 1.2 (browser developer tools)");
    case ReportFormat::Json:
        return QStringLiteral("Session JSON (reopens in OAuth Workbench)");
    case ReportFormat::Curl:
        return QStringLiteral("cURL commands (shell script)");
    }
    return {};
}

} // namespace wb
