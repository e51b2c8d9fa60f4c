#pragma once
// FindingsPrinter: the CLI's diagnosis block after the steps — each finding with severity, code,
// title, explanation, fix steps and the step/exchange that proves it, most severe first.

#include "flow/Session.h"

#include <QTextStream>

namespace wb::cli {

void printFindings(QTextStream &out, const Session &session, bool redact);
// True when a finding of severity error exists (the CLI then exits 1).
bool hasErrorFinding(const Session &session);

} // namespace wb::cli
