#pragma once
// CurlExport: turns a recorded Exchange into a curl command line that replays the request as it
// was sent (method, URL, headers, body), for "Copy as cURL" and reports. Secrets go through the
// Redactor, so a redacted command shows where a secret was without revealing it.

#include "flow/Session.h"
#include "http/Exchange.h"
#include "report/Redactor.h"
#include "report/ReportOptions.h"

#include <QIODevice>
#include <QString>

namespace wb {

// Quotes one argument for a POSIX shell (single quotes; embedded quotes as '\'').
QString shellQuote(const QString &arg);

// A multi-line command (" \\\n  " between arguments). Headers curl computes itself (Host,
// Content-Length) are left out; every other recorded header is passed with -H. The body is
// passed verbatim with --data-raw, so form encoding stays exactly as sent. A recorded
// Accept-Encoding adds --compressed, so the answer prints decoded.
QString curlCommand(const Exchange &exchange, const Redactor &redactor);

// The cURL report: a POSIX shell script with one command per back-channel exchange (discovery,
// JWKS, token, userinfo...), each under a comment naming its step and the answer recorded.
// Redacted per the options; the commands still parse and run (a redacted one gets the
// server's error for the masked value).
QByteArray curlReport(const Session &session, const ReportOptions &options = {});
// The same script written into `out` command by command; false when a write failed.
bool curlReport(const Session &session, const ReportOptions &options, QIODevice &out);

} // namespace wb
