#pragma once
// Format: the small text conversions every panel shares — durations, sizes, local and relative
// times, decoded parameters and pretty-printed bodies — kept free of widgets so tests can call them.

#include "http/Exchange.h"
#include "store/Profile.h"

#include <QDateTime>
#include <QString>
#include <nlohmann/json.hpp>

namespace wb::gui {

QString formatDuration(qint64 ms);                                // "850 ms", "1.2 s", "2 min 05 s"
QString formatBytes(qint64 bytes);                                // "512 B", "1.2 KB"
QString formatLocalTime(const QDateTime &t);                      // "2024-05-01 14:03:22" in local time
QString formatRelative(const QDateTime &t, const QDateTime &now); // "in 4 min", "3 h ago"
QString formatClock(qint64 seconds);                              // "0:42", "12:05"

// Name/value pairs of a URL's query and of an application/x-www-form-urlencoded body, decoded.
ParamList decodeQuery(const QString &url);
ParamList decodeForm(const QByteArray &body);
bool isFormBody(const HttpHeaders &headers, const QByteArray &body);

// Indented JSON (two spaces, UTF-8 kept).
QString prettyJson(const nlohmann::json &j);
// The body as a person wants to read it: JSON indented, a form one "name = value" per line,
// anything else as text. `kind` (if given) receives "JSON", "form" or "text"/"binary".
QString prettyBody(const HttpHeaders &headers, const QByteArray &body, QString *kind = nullptr);

// "https://idp.example/authorize" without query or fragment.
QString urlWithoutQuery(const QString &url);

} // namespace wb::gui
