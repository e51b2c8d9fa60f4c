#include "util/AppIdentity.h"

#include "Version.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace wb {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setOrganizationDomain(QString());
    QCoreApplication::setApplicationName(QString::fromLatin1(kAppId));
    QCoreApplication::setApplicationVersion(QLatin1String(kAppVersion));
}

QString legacyFolderName()
{
    return QStringLiteral("oauth-workbench");
}

namespace {
// The folder Qt gives `location` under another application name: asks Qt rather than rebuilding
// its per-platform rules.
QString locationUnderName(QStandardPaths::StandardLocation location, const QString &name)
{
    const QString current = QCoreApplication::applicationName();
    QCoreApplication::setApplicationName(name);
    const QString path = QStandardPaths::writableLocation(location);
    QCoreApplication::setApplicationName(current);
    return path;
}

void migrate(QStandardPaths::StandardLocation location, QList<FolderMigration> &out)
{
    const QString to = QStandardPaths::writableLocation(location);
    const QString from = locationUnderName(location, legacyFolderName());
    if (to.isEmpty() || from.isEmpty() || from == to || !QFileInfo(from).isDir())
        return;
    FolderMigration m;
    m.from = from;
    m.to = to;
    if (QFileInfo::exists(to)) {
        m.result = FolderMigration::Result::BothExist;
        m.message = QStringLiteral("Both %1 and %2 exist; using %2 and leaving %1 untouched (move "
                                   "what you still need by hand).")
                        .arg(from, to);
    } else if (QDir().mkpath(QFileInfo(to).path()) && QDir().rename(from, to)) {
        m.message = QStringLiteral("Moved %1 to %2.").arg(from, to);
    } else {
        m.result = FolderMigration::Result::Failed;
        m.message = QStringLiteral("Could not move %1 to %2; profiles and sessions there are not "
                                   "shown until it is moved by hand.")
                        .arg(from, to);
    }
    out.append(m);
}
} // namespace

QList<FolderMigration> migrateLegacyFolders()
{
    QList<FolderMigration> out;
    migrate(QStandardPaths::AppConfigLocation, out);
    // AppLocalDataLocation is the same folder as AppDataLocation on Linux; migrate() skips it
    // once the first move has happened (the legacy folder is gone).
    migrate(QStandardPaths::AppDataLocation, out);
    migrate(QStandardPaths::AppLocalDataLocation, out);
    return out;
}

} // namespace wb
