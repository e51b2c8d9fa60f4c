#include "platform/SystemBrowser.h"

#include <QProcess>

namespace wb {

bool openInSystemBrowser(const QString &url, QString *error)
{
    if (!QProcess::startDetached(QStringLiteral("/usr/bin/open"), {url})) {
        if (error)
            *error = QStringLiteral("Could not run /usr/bin/open to open the browser.");
        return false;
    }
    return true;
}

} // namespace wb
