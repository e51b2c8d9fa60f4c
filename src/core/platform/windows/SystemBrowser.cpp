#include "platform/SystemBrowser.h"

#include <QProcess>

namespace wb {

bool openInSystemBrowser(const QString &url, QString *error)
{
    // rundll32 hands the URL to the registered protocol handler without a console window.
    if (!QProcess::startDetached(QStringLiteral("rundll32"),
                                 {QStringLiteral("url.dll,FileProtocolHandler"), url})) {
        if (error)
            *error = QStringLiteral("Could not start the default browser (rundll32 failed).");
        return false;
    }
    return true;
}

} // namespace wb
