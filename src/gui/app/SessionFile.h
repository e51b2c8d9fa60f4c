#pragma once
// SessionFile: reading and writing session files (the CLI's --save format) for the window;
// a file that is not a session gives a plain message, never an exception or a crash.

#include "flow/Session.h"

namespace wb::gui {

// Also opens HAR files (HarImport): told apart from session files by their content.
bool loadSessionFile(const QString &path, Session &out, QString *error);
bool saveSessionFile(const QString &path, const Session &session, bool redact, QString *error);
// "oauth-workbench-<profile>-<yyyyMMdd-HHmmss>.json", safe as a file name.
QString suggestedSessionFileName(const Session &session);

} // namespace wb::gui
