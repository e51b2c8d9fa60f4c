#pragma once
// HistoryStore: the recent runs kept automatically as session files — always redacted, never
// with a secret — in AppDataLocation/sessions, listed newest first.

#include "flow/Session.h"

#include <QList>
#include <QString>

namespace wb::gui {

struct HistoryEntry {
    QString path;
    QDateTime startedAt;
    QString profileName;
    QString issuer;
    Outcome outcome = Outcome::Running;
    QString error; // the session's error message, if any
};

class HistoryStore {
public:
    explicit HistoryStore(const QString &directory);
    static QString defaultDirectory(); // needs the application name set first
    QString directory() const { return m_dir; }

    // Writes sessionToJson(session, redact = true); returns the path, or empty with `error` set.
    QString save(const Session &session, QString *error = nullptr) const;
    // Newest first; unreadable files are skipped.
    QList<HistoryEntry> list(int limit = 200) const;

private:
    QString m_dir;
};

} // namespace wb::gui
