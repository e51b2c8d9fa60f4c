#pragma once
// SessionOutput: the session document the verbs that produce a session (run, the token verbs,
// recover) print for --json and write for --save, with the same messages and errors everywhere.

#include "flow/Session.h"

#include <QByteArray>
#include <QTextStream>

class QCommandLineParser;

namespace wb::cli {

// Adds --json (the whole session on stdout, progress on stderr) and --save FILE.
void addSessionOutputOptions(QCommandLineParser &parser);
// The session as indented JSON, redacted unless `redact` is false, ending in a newline.
QByteArray sessionDocument(const Session &session, bool redact);
// Writes `document` to `path` atomically (QSaveFile). On failure says so on `err`
// ("oauth-workbench VERB: could not write the session to FILE: why") and returns false.
bool saveSessionDocument(const QByteArray &document, const QString &path, const QString &verb,
                         QTextStream &err);
// The --json and --save outputs of `session`: with --json the document on `out`; with --save FILE
// the file, then "Session saved to FILE (redacted)" on `progress`. False when the file could not
// be written (already said on `err`).
bool writeSessionOutput(const Session &session, bool redact, const QCommandLineParser &parser,
                        const QString &verb, QTextStream &out, QTextStream &err, QTextStream &progress);

} // namespace wb::cli
