#pragma once
// HarImport: reads a HAR 1.2 file into a Session — one the workbench exported (HarExport: its
// `_` fields restore exchange ids, roles, steps and transport errors) or one saved from a
// browser's developer tools (roles and steps are inferred from what the requests carry). The
// steps get the parsed evidence the flow would have recorded (authorization parameters, the
// callback checked against the state sent, token responses), so diagnosis works on the result.
// Bad input gives a plain message naming the offending entry, never an exception.

#include "flow/Session.h"

#include <QByteArray>
#include <nlohmann/json.hpp>

namespace wb {

// True when `doc` has the shape of a HAR (an object whose "log" holds an "entries" array), so
// callers can tell a HAR from a session file by content rather than by file name.
bool looksLikeHar(const nlohmann::json &doc);

// Parses `bytes` (HAR JSON) into `out`, diagnosed (out.findings). False with a message in
// `error` when the bytes are not a HAR this reader understands.
bool sessionFromHar(const QByteArray &bytes, Session &out, QString *error);
bool sessionFromHarJson(const nlohmann::json &doc, Session &out, QString *error);

} // namespace wb
