#pragma once
// MarkdownReport: a session as Markdown for a bug ticket (GitHub, GitLab, Jira): summary,
// findings first, a Mermaid sequence diagram, the step table, then every exchange with headers
// and bodies in fences that survive backticks inside the bodies. Redacted per the options.

#include "flow/Session.h"
#include "report/ReportOptions.h"

#include <QByteArray>
#include <QIODevice>

namespace wb {

QByteArray markdownReport(const Session &session, const ReportOptions &options = {});
// The same text written into `out` exchange by exchange; false when a write failed.
bool markdownReport(const Session &session, const ReportOptions &options, QIODevice &out);

namespace report {
// A fenced code block whose fence is longer than any backtick run inside `content`.
QString fencedBlock(const QString &content, const QString &language = {});
// Prose with Markdown and HTML specials escaped, on one line.
QString markdownText(const QString &s);
} // namespace report

} // namespace wb
