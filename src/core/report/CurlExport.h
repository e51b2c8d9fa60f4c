#pragma once
// CurlExport: turns a recorded Exchange into a curl command line that replays the request as it
// was sent (method, URL, headers, body), for "Copy as cURL" and reports. Secrets go through the
// Redactor, so a redacted command shows where a secret was without revealing it.

#include "http/Exchange.h"
#include "report/Redactor.h"

#include <QString>

namespace wb {

// Quotes one argument for a POSIX shell (single quotes; embedded quotes as '\'').
QString shellQuote(const QString &arg);

// A multi-line command (" \\\n  " between arguments). Headers curl computes itself (Host,
// Content-Length) are left out; every other recorded header is passed with -H. The body is
// passed verbatim with --data-raw, so form encoding stays exactly as sent.
QString curlCommand(const Exchange &exchange, const Redactor &redactor);

} // namespace wb
