#include "platform/SystemBrowser.h"

#include <QProcess>
#include <QStandardPaths>

namespace wb {

bool openInSystemBrowser(const QString &url, QString *error)
{
    // xdg-open picks the desktop's default browser; detached so closing us never closes it.
    const QString opener = QStandardPaths::findExecutable(QStringLiteral("xdg-open"));
    if (opener.isEmpty() || !QProcess::startDetached(opener, {url})) {
        if (error)
            *error = QStringLiteral("Could not start xdg-open to open the browser. Install xdg-utils, or use "
                                    "--browser-command 'firefox %u' (any command, %u is the URL).");
        return false;
    }
    return true;
}

} // namespace wb
