#pragma once
// SessionJson: the session file format (the CLI's --json/--save output, reopened by the GUI).
// Writing applies the redactor; reading restores a session exactly as it was saved.

#include "flow/Session.h"
#include "report/Redactor.h"
#include "util/JsonArrayWriter.h"

#include <QIODevice>
#include <functional>
#include <nlohmann/json.hpp>

namespace wb {

inline constexpr int kSessionFormatVersion = 1;

nlohmann::json sessionToJson(const Session &session, bool redact);
// sessionToJson with an empty "exchanges" array, for writers that put each exchangeToJson (with
// a Redactor(session.secretValues, redact)) in its place one at a time (writeSessionDocument).
nlohmann::json sessionToJsonWithoutExchanges(const Session &session, bool redact);

// The text of `document` (from sessionToJsonWithoutExchanges, members may be added) with
// exchangeAt(0 .. count-1) in its top-level "exchanges" array, as dump(2) (invalid UTF-8 as
// U+FFFD) and a final newline would give, handed to `sink` one exchange at a time: a long
// session's exchanges are never all in one document or one string. False when the sink failed.
// exchangeAt runs on worker threads, several at once (inOrder): it must only read shared state.
bool writeSessionDocument(const nlohmann::json &document, qsizetype count,
                          const std::function<nlohmann::json(qsizetype)> &exchangeAt, const TextSink &sink);
// sessionToJson(session, redact).dump(2) and a newline, written exchange by exchange.
bool writeSessionJson(const Session &session, bool redact, QIODevice &out);
// Returns false with a plain message when the document is not a session file we understand.
bool sessionFromJson(const nlohmann::json &j, Session &out, QString *error);

nlohmann::json errorToJson(const Error &e, const Redactor &r);
nlohmann::json exchangeToJson(const Exchange &x, const Redactor &r);
// One exchange or step as it appears in the session file (also the session journal's records).
Exchange exchangeFromJson(const nlohmann::json &j);
nlohmann::json stepToJson(const Step &st, const Redactor &r);
Step stepFromJson(const nlohmann::json &j);
// Findings (diagnosis/): the optional "findings" member; files without it read as no findings.
nlohmann::json findingToJson(const Finding &f, const Redactor &r);
Finding findingFromJson(const nlohmann::json &j);

} // namespace wb
