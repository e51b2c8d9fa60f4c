#pragma once
// SessionJson: the session file format (the CLI's --json/--save output, reopened by the GUI).
// Writing applies the redactor; reading restores a session exactly as it was saved.

#include "flow/Session.h"
#include "report/Redactor.h"

#include <nlohmann/json.hpp>

namespace wb {

inline constexpr int kSessionFormatVersion = 1;

nlohmann::json sessionToJson(const Session &session, bool redact);
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
