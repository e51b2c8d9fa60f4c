#include "history/HistoryStore.h"

#include "report/SessionJson.h"
#include "util/JsonQt.h"

#include <QDir>
#include <QSaveFile>
#include <QStandardPaths>

namespace wb::gui {

HistoryStore::HistoryStore(const QString &directory) : m_dir(directory) {}

QString HistoryStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/sessions");
}

QString HistoryStore::save(const Session &session, QString *error) const
{
    if (!QDir().mkpath(m_dir)) {
        if (error)
            *error = QObject::tr("Cannot create %1.").arg(m_dir);
        return {};
    }
    // Sortable by name: UTC start time first, then a piece of the session id for uniqueness.
    const QDateTime started =
        session.startedAt.isValid() ? session.startedAt : QDateTime::currentDateTimeUtc();
    const QString name =
        QStringLiteral("%1-%2.json")
            .arg(started.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss")),
                 session.id.left(8).isEmpty() ? QStringLiteral("session") : session.id.left(8));
    const QString path = QDir(m_dir).filePath(name);
    // Redacted, always: history files must never hold a secret.
    const QByteArray bytes =
        QByteArray::fromStdString(
            sessionToJson(session, true).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) +
        '\n';
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
    return path;
}

QList<HistoryEntry> HistoryStore::list(int limit) const
{
    QList<HistoryEntry> out;
    const QDir dir(m_dir);
    const QStringList files =
        dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name | QDir::Reversed);
    for (const QString &name : files) {
        if (out.size() >= limit)
            break;
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const auto j = parseJson(f.readAll());
        if (!j || !j->is_object() || jsonString(*j, "format") != u"oauth-workbench-session")
            continue;
        HistoryEntry e;
        e.path = f.fileName();
        e.startedAt = QDateTime::fromString(jsonString(*j, "started_at"), Qt::ISODateWithMs);
        e.outcome = outcomeFromString(jsonString(*j, "outcome"));
        if (auto p = j->find("profile"); p != j->end() && p->is_object()) {
            e.profileName = jsonString(*p, "name");
            e.issuer = jsonString(*p, "issuer");
            if (e.issuer.isEmpty())
                e.issuer = jsonString(*p, "authorization_endpoint");
            if (e.profileName.isEmpty())
                e.profileName = jsonString(*p, "client_id");
        }
        if (auto err = j->find("error"); err != j->end() && err->is_object())
            e.error = jsonString(*err, "message");
        out.append(e);
    }
    return out;
}

} // namespace wb::gui
