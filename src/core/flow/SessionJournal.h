#pragma once
// SessionJournal: the append-only record of each running session (JSON Lines in
// AppDataLocation/journal/<session id>.jsonl), written as steps and exchanges happen so that a
// session outlives the process being killed. SessionRecording feeds it, so every flow and token
// operation is journaled; the journal is removed when the session ends or its producer is
// destroyed. Every record is redacted the way saved sessions are. JournalRecovery reads them back.

#include "flow/Session.h"

namespace wb {

inline constexpr int kJournalFormatVersion = 1;

class SessionJournal {
public:
    // AppDataLocation/journal (the application name must be set first).
    static QString defaultDirectory();
    // Where this process writes journals; an empty string turns journaling off. Until set, the
    // default directory is used.
    static void setDirectory(const QString &directory);
    static QString directory();

    // Hooks for SessionRecording. Each appends one record, opening the journal (header record)
    // on first use, and hands it to the OS before returning (no fsync: it survives the process
    // being killed, not a power cut).
    static void stepChanged(const Session &s, int stepIndex);
    static void exchangeAdded(const Session &s, int exchangeIndex, int stepIndex);
    // The session is over (finished, failed, cancelled or abandoned): closes and removes its journal.
    static void sessionEnded(const Session &s);

    // The journal this process is writing for the session; empty when none is open.
    static QString openPath(const QString &sessionId);
};

} // namespace wb
