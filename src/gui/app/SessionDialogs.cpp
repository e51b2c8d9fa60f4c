#include "app/SessionDialogs.h"

#include "app/SessionFile.h"

#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QSettings>

namespace wb::gui {

namespace {
const QString kLastDirKey = QStringLiteral("files/lastDir");

QString lastDir(QSettings &s)
{
    return s.value(kLastDirKey, QDir::homePath()).toString();
}

QString remember(QSettings &s, const QString &path)
{
    if (!path.isEmpty())
        s.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    return path;
}
} // namespace

QString askSessionToOpen(QWidget *parent, QSettings &settings)
{
    return remember(settings, QFileDialog::getOpenFileName(
                                  parent, QObject::tr("Open Session"), lastDir(settings),
                                  QObject::tr("Session and HAR files (*.json *.har);;All files (*)")));
}

QString askSessionSavePath(QWidget *parent, QSettings &settings, const Session &session, bool redact)
{
    if (!redact && QMessageBox::warning(
                       parent, QObject::tr("Save with secrets"),
                       QObject::tr("The file will contain the tokens, the authorization code, the PKCE "
                                   "verifier and the client secret in clear text. Save anyway?"),
                       QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Save)
        return {};
    const QString suggested = QDir(lastDir(settings)).filePath(suggestedSessionFileName(session));
    return remember(settings, QFileDialog::getSaveFileName(parent,
                                                           redact ? QObject::tr("Save Session")
                                                                  : QObject::tr("Save Session with Secrets"),
                                                           suggested, QObject::tr("Session files (*.json)")));
}

} // namespace wb::gui
