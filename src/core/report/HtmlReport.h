#pragma once
// HtmlReport: a session as one self-contained HTML page (inline CSS, no scripts, no external
// fetches) that reads well on screen and on paper. Same sections as the Markdown report; every
// recorded value is HTML-escaped. Redacted per the options.

#include "flow/Session.h"
#include "report/ReportOptions.h"

#include <QByteArray>
#include <QIODevice>

namespace wb {

QByteArray htmlReport(const Session &session, const ReportOptions &options = {});
// The same page written into `out` exchange by exchange; false when a write failed.
bool htmlReport(const Session &session, const ReportOptions &options, QIODevice &out);

} // namespace wb
