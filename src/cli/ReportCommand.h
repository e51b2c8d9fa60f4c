#pragma once
// `oauth-workbench report`: turns a saved session file into a report for a bug ticket
// (Markdown, HTML, HAR, JSON, cURL), redacted unless --no-redact. `run --report` shares the
// format choice and the write through the helpers below.

#include "flow/Session.h"
#include "report/ReportOptions.h"

#include <QStringList>
#include <QTextStream>

namespace wb::cli {

int runReportCommand(const QStringList &args);

// The format named by `name` (md, html, har, json, curl), else the one `path`'s extension
// implies, else Markdown. False with a message for an unknown name.
bool resolveReportFormat(const QString &name, const QString &path, ReportFormat &out, QString *error);

// Renders and writes the report to `path` ("-" = stdout); a message on `err` on failure.
bool writeReport(const Session &session, ReportFormat format, const ReportOptions &options,
                 const QString &path, QTextStream &out, QTextStream &err);

// The stderr warning printed whenever a report is made with --no-redact.
void warnUnredacted(QTextStream &err);

} // namespace wb::cli
