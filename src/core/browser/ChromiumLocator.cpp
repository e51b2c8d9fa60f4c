#include "browser/ChromiumLocator.h"

#include <QFileInfo>
#include <QStandardPaths>

namespace wb {

QStringList ChromiumLocator::candidateNames()
{
    return {QStringLiteral("chromium"),       QStringLiteral("chromium-browser"),
            QStringLiteral("google-chrome"),  QStringLiteral("google-chrome-stable"),
            QStringLiteral("microsoft-edge"), QStringLiteral("microsoft-edge-stable"),
            QStringLiteral("brave-browser")};
}

ChromiumLocation ChromiumLocator::locate(const QString &explicitPath, const QStringList &searchPath)
{
    ChromiumLocation r;
    const QString fallbacks =
        QStringLiteral(" Fallbacks: --browser system (the system browser; only the first URL and the "
                       "callback are recorded) or --browser command with --browser-command.");
    if (!explicitPath.isEmpty()) {
        const QFileInfo fi(explicitPath);
        if (fi.isFile() && fi.isExecutable()) {
            r.executable = fi.absoluteFilePath();
            return r;
        }
        // A bare name is looked up on PATH like the candidates.
        if (!explicitPath.contains(QLatin1Char('/'))) {
            const QString found = QStandardPaths::findExecutable(explicitPath, searchPath);
            if (!found.isEmpty()) {
                r.executable = found;
                return r;
            }
        }
        r.error =
            QStringLiteral("The browser path '%1' is not an executable file.").arg(explicitPath) + fallbacks;
        return r;
    }
    for (const QString &name : candidateNames()) {
        const QString found = QStandardPaths::findExecutable(name, searchPath);
        if (!found.isEmpty()) {
            r.executable = found;
            return r;
        }
    }
    r.error = QStringLiteral("No Chromium-family browser found: searched PATH for %1. Install one, or give "
                             "its path with --browser-path.")
                  .arg(candidateNames().join(QStringLiteral(", "))) +
              fallbacks;
    return r;
}

} // namespace wb
