#include "flow/SessionJournal.h"

#include "Version.h"
#include "platform/ProcessInfo.h"
#include "report/SessionJson.h"
#include "util/JsonQt.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QStandardPaths>

#include <functional>
#include <memory>
#include <optional>

namespace wb {

namespace {
using json = nlohmann::json;

// One open journal: the file and what was last written of the session-level fields.
struct OpenJournal {
    QFile file;
    QString redirectUri;
    // Per step id: a hash of its last record without exchange_ids, so a step is rewritten after an
    // exchange only when something besides its exchange list changed (a flood of stray requests
    // must not rewrite a step with large details once per request).
    QHash<QString, size_t> stepContent;
    bool failed = false; // a write failed once: stop trying (the flow goes on regardless)
};

struct JournalState {
    std::optional<QString> directory; // unset: defaultDirectory()
    QHash<QString, std::shared_ptr<OpenJournal>> open;
};

JournalState &state()
{
    static JournalState s;
    return s;
}

std::string isoNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
}

bool writeRecord(OpenJournal &j, json record)
{
    if (j.failed)
        return false;
    record["at"] = isoNow();
    const QByteArray line =
        QByteArray::fromStdString(record.dump(-1, ' ', false, json::error_handler_t::replace)) + '\n';
    // Unbuffered file: write() goes straight to the OS, so a killed process loses nothing written.
    if (j.file.write(line) != line.size()) {
        j.failed = true;
        return false;
    }
    return true;
}

json headerRecord(const Session &s)
{
    const qint64 pid = QCoreApplication::applicationPid();
    json checks = json::array();
    for (const QString &c : s.checksDisabled)
        checks.push_back(toStd(c));
    return {{"type", "header"},
            {"format", "oauth-workbench-journal"},
            {"version", kJournalFormatVersion},
            {"session_id", toStd(s.id)},
            {"app_version", toStd(s.appVersion.isEmpty() ? QString::fromLatin1(kAppVersion) : s.appVersion)},
            {"pid", pid},
            {"process_start", toStd(processStartMarker(pid))},
            {"started_at", s.startedAt.isValid()
                               ? s.startedAt.toUTC().toString(Qt::ISODateWithMs).toStdString()
                               : isoNow()},
            {"redirect_uri", toStd(s.redirectUri)},
            {"checks_disabled", checks},
            // Profile::toJson never holds the client secret.
            {"profile", s.profile.toJson()}};
}

// The session's open journal, opening it (and writing the header) on first use; null when
// journaling is off or the file cannot be created.
OpenJournal *journalFor(const Session &s)
{
    if (s.id.isEmpty())
        return nullptr;
    JournalState &st = state();
    if (auto it = st.open.find(s.id); it != st.open.end())
        return it->get();
    const QString dir = SessionJournal::directory();
    if (dir.isEmpty())
        return nullptr;
    if (!QDir().mkpath(dir))
        return nullptr;
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    auto j = std::make_shared<OpenJournal>();
    j->file.setFileName(QDir(dir).filePath(s.id + QStringLiteral(".jsonl")));
    if (!j->file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        j->failed = true; // remembered, so a read-only folder is not retried on every record
        st.open.insert(s.id, j);
        return j.get();
    }
    j->file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    j->redirectUri = s.redirectUri;
    writeRecord(*j, headerRecord(s));
    st.open.insert(s.id, j);
    return j.get();
}

size_t contentHash(json stepRecord)
{
    stepRecord.erase("exchange_ids");
    return std::hash<std::string>{}(stepRecord.dump(-1, ' ', false, json::error_handler_t::replace));
}

void writeStep(OpenJournal &j, json stepRecord, bool onlyIfChanged)
{
    const QString id = fromStd(stepRecord.value("id", std::string()));
    const size_t hash = contentHash(stepRecord);
    if (onlyIfChanged && j.stepContent.value(id) == hash)
        return;
    j.stepContent.insert(id, hash);
    writeRecord(j, {{"type", "step"}, {"step", std::move(stepRecord)}});
}

// Session-level fields learned after the header (the redirect URI once the listener is up).
void noteSessionFields(OpenJournal &j, const Session &s)
{
    if (s.redirectUri != j.redirectUri) {
        j.redirectUri = s.redirectUri;
        writeRecord(j, {{"type", "session"}, {"redirect_uri", toStd(s.redirectUri)}});
    }
}
} // namespace

QString SessionJournal::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/journal");
}

void SessionJournal::setDirectory(const QString &directory)
{
    state().directory = directory;
}

QString SessionJournal::directory()
{
    const JournalState &st = state();
    return st.directory ? *st.directory : defaultDirectory();
}

void SessionJournal::stepChanged(const Session &s, int stepIndex)
{
    if (stepIndex < 0 || stepIndex >= s.steps.size())
        return;
    OpenJournal *j = journalFor(s);
    if (!j)
        return;
    noteSessionFields(*j, s);
    const Redactor r(s.secretValues, RedactionMode::Standard);
    writeStep(*j, stepToJson(s.steps.at(stepIndex), r), false);
}

void SessionJournal::exchangeAdded(const Session &s, int exchangeIndex, int stepIndex)
{
    if (exchangeIndex < 0 || exchangeIndex >= s.exchanges.size())
        return;
    OpenJournal *j = journalFor(s);
    if (!j)
        return;
    noteSessionFields(*j, s);
    const Redactor r(s.secretValues, RedactionMode::Standard);
    const bool owned = stepIndex >= 0 && stepIndex < s.steps.size();
    writeRecord(*j, {{"type", "exchange"},
                     {"step_id", owned ? toStd(s.steps.at(stepIndex).id) : std::string()},
                     {"exchange", exchangeToJson(s.exchanges.at(exchangeIndex), r)}});
    // The owning step as it is now, when its details changed since its last record (the reader
    // attaches the exchange to its step from step_id either way).
    if (owned)
        writeStep(*j, stepToJson(s.steps.at(stepIndex), r), true);
}

void SessionJournal::sessionEnded(const Session &s)
{
    auto j = state().open.take(s.id);
    if (!j)
        return;
    j->file.close();
    QFile::remove(j->file.fileName());
}

QString SessionJournal::openPath(const QString &sessionId)
{
    const auto j = state().open.value(sessionId);
    return j && !j->failed ? j->file.fileName() : QString();
}

} // namespace wb
