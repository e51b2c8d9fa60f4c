#include "app/SessionFile.h"

#include "report/SessionJson.h"
#include "util/JsonQt.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

namespace wb::gui {

namespace {
constexpr qint64 kMaxSessionFile = 256LL * 1024 * 1024;
}

bool loadSessionFile(const QString &path, Session &out, QString *error)
{
    auto fail = [error](const QString &m) {
        if (error)
            *error = m;
        return false;
    };
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QObject::tr("Cannot read %1: %2").arg(path, f.errorString()));
    if (f.size() > kMaxSessionFile)
        return fail(
            QObject::tr("%1 is too large to be a session file (%2 MB).").arg(path).arg(f.size() >> 20));
    QString parseError;
    const auto json = parseJson(f.readAll(), &parseError);
    if (!json)
        return fail(
            QObject::tr("%1 is not a session file: it is not valid JSON (%2).").arg(path, parseError));
    try {
        QString why;
        if (!sessionFromJson(*json, out, &why))
            return fail(QObject::tr("%1: %2").arg(path, why));
    } catch (const std::exception &e) {
        // A hand-edited or damaged file with members of unexpected types.
        return fail(QObject::tr("%1 is damaged: %2").arg(path, QString::fromUtf8(e.what())));
    }
    return true;
}

bool saveSessionFile(const QString &path, const Session &session, bool redact, QString *error)
{
    const QByteArray bytes = QByteArray::fromStdString(sessionToJson(session, redact).dump(2)) + '\n';
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!redact) // tokens and secrets inside: readable by the owner only
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString suggestedSessionFileName(const Session &session)
{
    QString profile =
        session.profile.name.isEmpty() ? QStringLiteral("session") : session.profile.name.toLower();
    profile.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    const QDateTime t =
        session.startedAt.isValid() ? session.startedAt.toLocalTime() : QDateTime::currentDateTime();
    return QStringLiteral("oauth-workbench-%1-%2.json")
        .arg(profile, t.toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

} // namespace wb::gui
