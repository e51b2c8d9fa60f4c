#include "app/SessionFile.h"

#include "report/HarImport.h"
#include "report/SessionJson.h"
#include "report/SessionReader.h"
#include "util/JsonQt.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

namespace wb::gui {

namespace {
constexpr qint64 kMaxSessionFile = 256LL * 1024 * 1024;

// Sets `key` to 0 unless it holds an integer. sessionFromJson reads duration_ms and
// response.size with operator[] after a value() check that passes when the member is missing,
// which asserts (and is undefined behaviour in release builds) on a file without them.
void ensureInteger(nlohmann::json &obj, const char *key)
{
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer())
        obj[key] = 0;
}

void repairNumbers(nlohmann::json &doc)
{
    for (const char *list : {"steps", "exchanges"}) {
        auto items = doc.find(list);
        if (items == doc.end() || !items->is_array())
            continue;
        for (auto &item : *items) {
            if (!item.is_object())
                continue;
            ensureInteger(item, "duration_ms");
            if (std::string(list) == "exchanges") {
                auto response = item.find("response");
                if (response == item.end() || !response->is_object())
                    item["response"] = nlohmann::json::object();
                ensureInteger(item["response"], "size");
            }
        }
    }
}
} // namespace

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
    SessionDocument doc; // read in chunks, exchanges converted while parsing
    if (!readSessionDocument(f, doc, &parseError))
        return fail(
            QObject::tr("%1 is not a session file: it is not valid JSON (%2).").arg(path, parseError));
    nlohmann::json *json = &doc.json;
    if (looksLikeHar(*json)) { // ours or a browser's HAR: imported and diagnosed
        QString why;
        if (!sessionFromHarJson(*json, out, &why))
            return fail(QObject::tr("%1: %2").arg(path, why));
        return true;
    }
    if (json->is_object())
        repairNumbers(*json);
    try {
        QString why;
        if (!sessionFromDocument(doc, out, &why))
            return fail(QObject::tr("%1: %2").arg(path, why));
    } catch (const std::exception &e) {
        // A hand-edited or damaged file with members of unexpected types.
        return fail(QObject::tr("%1 is damaged: %2").arg(path, QString::fromUtf8(e.what())));
    }
    return true;
}

bool saveSessionFile(const QString &path, const Session &session, bool redact, QString *error)
{
    const QByteArray bytes =
        QByteArray::fromStdString(
            sessionToJson(session, redact).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) +
        '\n';
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
