#pragma once
// SessionDialogs: the file dialogs of File > Open/Save Session, remembering the last folder,
// and the warning before a session is saved with its secrets.

#include <QString>

class QSettings;
class QWidget;

namespace wb {
struct Session;
}

namespace wb::gui {

// Empty when the user cancels.
QString askSessionToOpen(QWidget *parent, QSettings &settings);
QString askSessionSavePath(QWidget *parent, QSettings &settings, const Session &session, bool redact);

} // namespace wb::gui
