#pragma once
// ReportWriter: one entry point for every report format (used by `oauth-workbench report`,
// `run --report` and File > Export in the window), the JSON report (the session file after
// redaction), file names and the file write itself.

#include "flow/Session.h"
#include "report/ReportOptions.h"

#include <QByteArray>
#include <QDateTime>
#include <QIODevice>

namespace wb {

QByteArray renderReport(const Session &session, ReportFormat format, const ReportOptions &options = {});

// The session file format (SessionJson) of the redacted session, reopenable in the window; its
// "redacted" member is true unless the mode is None, and "redaction" names the mode.
QByteArray sessionJsonReport(const Session &session, const ReportOptions &options = {});

// "<profile or client>-<yyyy-MM-dd-HHmm>.<ext>", safe as a file name.
QString suggestedReportFileName(const Session &session, ReportFormat format, const QDateTime &when);

// Writes atomically (QSaveFile); false with a plain message (path and reason) on failure.
bool writeReportFile(const QString &path, const QByteArray &content, QString *error);

// renderReport written into `out` exchange by exchange (every format), so a long session's
// report is never held whole in memory. False when a write failed.
bool writeReport(const Session &session, ReportFormat format, const ReportOptions &options, QIODevice &out);
// writeReport into `path` atomically, with writeReportFile's messages.
bool writeReportFile(const QString &path, const Session &session, ReportFormat format,
                     const ReportOptions &options, QString *error);

} // namespace wb
