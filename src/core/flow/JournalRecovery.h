#pragma once
// JournalRecovery: finds the session journals a workbench process left behind when it was killed
// or crashed mid-flow, reads them back into Sessions (outcome "interrupted", already redacted),
// and discards them. Tolerant: a torn last line and bad records are skipped with a note.

#include "flow/Session.h"

namespace wb {

// One journal file as listed for the user.
struct JournalInfo {
    QString path;
    QString sessionId;
    qint64 pid = 0;
    QDateTime startedAt;
    QDateTime lastRecordAt;
    QString profileName;
    QString issuer;
    QString clientId;
    int steps = 0;
    int exchanges = 0;
    // Still being written by a running workbench process (this one or another): never offered.
    bool live = false;
    QString problem; // why it cannot be read, when it cannot
};

namespace journal {

// Every journal in `directory` (SessionJournal::directory() when empty), newest first.
QList<JournalInfo> list(const QString &directory = {});
// Only those of processes that are gone: what recovery offers.
QList<JournalInfo> leftovers(const QString &directory = {});
// The leftover journal whose session id is `id` or starts with it (unique prefix); empty with
// `error` set otherwise.
QString findLeftover(const QString &id, const QString &directory, QString *error);

// Reads a journal into `out`: outcome Interrupted, steps still running marked cancelled, and a
// session_interrupted finding. `notes` gets what was skipped (torn last line, bad records).
// False with a plain message when the file is not a journal we can read.
bool recover(const QString &path, Session &out, QStringList *notes, QString *error);
// Same, from the file's bytes (tests).
bool recoverBytes(const QByteArray &bytes, Session &out, QStringList *notes, QString *error);
// Deletes a journal file.
bool discard(const QString &path, QString *error);

} // namespace journal
} // namespace wb
