#pragma once
// HarExport: a session as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) for browser
// developer tools and HAR viewers: every recorded exchange, front-channel hops and the loopback
// callback included, with timings, headers, query strings, post data, cookies and response
// content. Custom fields (_stepId, _role...) carry the workbench's own context. Redacted per
// the options.

#include "flow/Session.h"
#include "report/ReportOptions.h"

#include <QByteArray>
#include <QIODevice>
#include <nlohmann/json.hpp>

namespace wb {

nlohmann::json harDocument(const Session &session, const ReportOptions &options = {});
QByteArray harExport(const Session &session, const ReportOptions &options = {});
// The same text written into `out` entry by entry (a long session's HAR is never held whole);
// false when a write failed.
bool harExport(const Session &session, const ReportOptions &options, QIODevice &out);

} // namespace wb
