#pragma once
// SessionRecording: the bookkeeping every session producer (AuthCodeFlow, TokenOperation) does
// the same way — step ids and timing, exchange ids and ownership, values to redact, and the
// crash-safe journal (SessionJournal). The producers wrap these and emit their own signals.

#include "flow/Session.h"

namespace wb::recording {

// Appends a running step "sN" started `now`; returns its index.
int beginStep(Session &s, StepKind kind, const QString &title, const QDateTime &now);
// Sets status and (when given) summary; a finished step gets its duration. False for a bad index.
bool updateStep(Session &s, int index, StepStatus status, const QString &summary, const QDateTime &now);
// Appends `x` as "xN", owned by the step at `stepIndex` when that index is valid; returns the id.
QString addExchange(Session &s, Exchange x, int stepIndex);
// Keeps a raw secret (code, verifier, token) so redaction can hide it wherever it appears.
void rememberSecret(Session &s, const QString &value);
// The producer finished the session (any outcome) or is destroyed: its journal is removed.
void endSession(const Session &s);

} // namespace wb::recording
