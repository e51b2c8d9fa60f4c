#pragma once
// ReportOptions: what every exporter (Markdown, HTML, HAR, JSON, cURL) is asked for — the
// redaction mode and how much of each body to show — and the report formats by name.

#include "report/Redactor.h"

#include <QString>

namespace wb {

enum class ReportFormat { Markdown, Html, Har, Json, Curl };

struct ReportOptions {
    RedactionMode redaction = RedactionMode::Standard; // None only on explicit request
    int bodyLimit = 8 * 1024; // Markdown/HTML show this many bytes of a body, then say what was cut
};

QString toString(ReportFormat f); // "md", "html", "har", "json", "curl"
// Accepts the names above and "markdown"; false for anything else.
bool parseReportFormat(const QString &name, ReportFormat &out);
// From a file name's extension (.md .markdown .html .htm .har .json .sh .curl); false if unknown.
bool reportFormatFromFileName(const QString &fileName, ReportFormat &out);
QString fileExtension(ReportFormat f); // "md", "html", "har", "json", "sh"
QString displayName(ReportFormat f);   // "Markdown (GitHub, GitLab, Jira)" ...

} // namespace wb
