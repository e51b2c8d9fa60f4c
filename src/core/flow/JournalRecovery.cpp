#include "flow/JournalRecovery.h"

#include "diagnosis/FindingCatalog.h"
#include "flow/SessionJournal.h"
#include "platform/ProcessInfo.h"
#include "report/SessionJson.h"
#include "util/JsonQt.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace wb::journal {

namespace {
using json = nlohmann::json;

constexpr qint64 kMaxJournalBytes = 512LL * 1024 * 1024; // far beyond any real session

QDateTime isoTime(const json &j, const char *key)
{
    return QDateTime::fromString(jsonString(j, key), Qt::ISODateWithMs);
}

qint64 jsonInt64(const json &j, const char *key)
{
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<qint64>() : 0;
}

// What a journal says, before it becomes a Session.
struct Parsed {
    json header;
    Session session;
    QDateTime lastRecordAt;
    QStringList notes;
};

bool parse(const QByteArray &bytes, Parsed &p, QString *error)
{
    auto fail = [&](const QString &m) {
        if (error)
            *error = m;
        return false;
    };
    QList<QByteArray> lines = bytes.split('\n');
    // A file ends with '\n' after every complete record; anything after the last one was cut off.
    const QByteArray torn = lines.takeLast();
    if (!torn.trimmed().isEmpty())
        p.notes.append(QStringLiteral("The last record was cut off mid-write (%1 bytes) and was ignored.")
                           .arg(torn.size()));
    bool haveHeader = false;
    int skipped = 0;
    QHash<QString, int> stepIndex;
    QSet<QString> exchangeIds;
    QList<QPair<QString, QString>> owners; // (exchange id, step id), applied once all steps are known
    Session &s = p.session;
    for (const QByteArray &line : std::as_const(lines)) {
        if (line.trimmed().isEmpty())
            continue;
        const std::optional<json> parsed = parseJson(line);
        if (!parsed || !parsed->is_object()) {
            ++skipped;
            continue;
        }
        const json &r = *parsed;
        const QString type = jsonString(r, "type");
        if (!haveHeader) {
            if (type != u"header" || jsonString(r, "format") != u"oauth-workbench-journal")
                return fail(QStringLiteral("This is not an OAuth Workbench session journal."));
            if (jsonInt(r, "version") > kJournalFormatVersion)
                return fail(QStringLiteral("This journal was written by a newer OAuth Workbench (format %1).")
                                .arg(jsonInt(r, "version")));
            haveHeader = true;
            p.header = r;
            s.id = jsonString(r, "session_id");
            s.appVersion = jsonString(r, "app_version");
            s.startedAt = isoTime(r, "started_at");
            s.redirectUri = jsonString(r, "redirect_uri");
            if (auto it = r.find("profile"); it != r.end() && it->is_object())
                s.profile = Profile::fromJson(*it);
            if (auto it = r.find("checks_disabled"); it != r.end() && it->is_array())
                for (const auto &c : *it)
                    if (c.is_string())
                        s.checksDisabled.append(fromStd(c.get<std::string>()));
        } else if (type == u"session") {
            s.redirectUri = jsonString(r, "redirect_uri", s.redirectUri);
        } else if (type == u"step" && r.contains("step") && r["step"].is_object()) {
            const Step step = stepFromJson(r["step"]);
            if (step.id.isEmpty()) {
                ++skipped;
                continue;
            }
            if (auto it = stepIndex.find(step.id); it != stepIndex.end()) {
                s.steps[*it] = step;
            } else {
                stepIndex.insert(step.id, int(s.steps.size()));
                s.steps.append(step);
            }
        } else if (type == u"exchange" && r.contains("exchange") && r["exchange"].is_object()) {
            const Exchange x = exchangeFromJson(r["exchange"]);
            // A set, not s.exchange(): a new id is a miss, which Session confirms by a full scan.
            if (x.id.isEmpty() || exchangeIds.contains(x.id)) {
                ++skipped;
                continue;
            }
            exchangeIds.insert(x.id);
            s.exchanges.append(x);
            owners.append({x.id, jsonString(r, "step_id")});
        } else {
            ++skipped;
            continue;
        }
        const QDateTime at = isoTime(r, "at");
        if (at.isValid())
            p.lastRecordAt = at;
    }
    if (!haveHeader)
        return fail(
            QStringLiteral("This journal is empty: the process stopped before it recorded anything."));
    // An exchange recorded just before the kill may be missing from its step's last record.
    for (const auto &[xid, sid] : std::as_const(owners))
        if (Step *step = s.step(sid); step && !step->exchangeIds.contains(xid))
            step->exchangeIds.append(xid);
    if (skipped > 0)
        p.notes.append(QStringLiteral("%1 unreadable record(s) were skipped.").arg(skipped));
    return true;
}

QByteArray readJournal(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("Cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    if (f.size() > kMaxJournalBytes) {
        if (error)
            *error =
                QStringLiteral("%1 is too large to be a session journal (%2 bytes).").arg(path).arg(f.size());
        return {};
    }
    return f.readAll();
}

// Whether the process that wrote the journal is still running (and so still writing it).
bool writerAlive(const json &header, const QString &sessionId)
{
    const qint64 pid = jsonInt64(header, "pid");
    if (pid == QCoreApplication::applicationPid())
        return !SessionJournal::openPath(sessionId).isEmpty(); // ours only if we have it open
    if (!processIsRunning(pid))
        return false;
    const QString recorded = jsonString(header, "process_start");
    const QString now = processStartMarker(pid);
    // The same pid with another start time is a new process that reused the number.
    return recorded.isEmpty() || now.isEmpty() || recorded == now;
}

void finishRecovered(Parsed &p)
{
    Session &s = p.session;
    const qint64 pid = jsonInt64(p.header, "pid");
    const QDateTime last = p.lastRecordAt.isValid() ? p.lastRecordAt : s.startedAt;
    QString lastRunning;
    for (Step &step : s.steps) {
        if (step.status != StepStatus::Running)
            continue;
        lastRunning = step.id;
        step.status = StepStatus::Cancelled;
        step.summary = step.summary.isEmpty()
                           ? QStringLiteral("interrupted: the process stopped")
                           : step.summary + QStringLiteral(" (interrupted: the process stopped)");
        if (step.startedAt.isValid() && last.isValid())
            step.durationMs = std::max<qint64>(0, step.startedAt.msecsTo(last));
    }
    s.outcome = Outcome::Interrupted;
    s.finishedAt = last;
    s.error =
        Error::make(ErrorKind::Cancelled, QStringLiteral("interrupted"),
                    QStringLiteral("The workbench process (pid %1) stopped unexpectedly during this session; "
                                   "it was recovered from its journal up to the last record.")
                        .arg(pid));
    Finding f = FindingCatalog::instance().make(QStringLiteral("session_interrupted"));
    f.stepId = lastRunning.isEmpty() && !s.steps.isEmpty() ? s.steps.constLast().id : lastRunning;
    f.exchangeId = s.exchanges.isEmpty() ? QString() : s.exchanges.constLast().id;
    if (!p.notes.isEmpty())
        f.explanation += QLatin1Char(' ') + p.notes.join(QLatin1Char(' '));
    json notes = json::array();
    for (const QString &n : std::as_const(p.notes))
        notes.push_back(toStd(n));
    f.evidence = {{"pid", pid},
                  {"last_record_at", toStd(last.toUTC().toString(Qt::ISODateWithMs))},
                  {"steps", s.steps.size()},
                  {"exchanges", s.exchanges.size()},
                  {"notes", notes}};
    s.findings = {f};
}
} // namespace

bool recoverBytes(const QByteArray &bytes, Session &out, QStringList *notes, QString *error)
{
    Parsed p;
    if (!parse(bytes, p, error))
        return false;
    finishRecovered(p);
    out = p.session;
    if (notes)
        *notes = p.notes;
    return true;
}

bool recover(const QString &path, Session &out, QStringList *notes, QString *error)
{
    QString readError;
    const QByteArray bytes = readJournal(path, &readError);
    if (!readError.isEmpty()) {
        if (error)
            *error = readError;
        return false;
    }
    return recoverBytes(bytes, out, notes, error);
}

QList<JournalInfo> list(const QString &directory)
{
    const QDir dir(directory.isEmpty() ? SessionJournal::directory() : directory);
    QList<JournalInfo> out;
    if (dir.path().isEmpty() || !dir.exists())
        return out;
    for (const QFileInfo &fi : dir.entryInfoList({QStringLiteral("*.jsonl")}, QDir::Files)) {
        JournalInfo info;
        info.path = fi.absoluteFilePath();
        info.sessionId = fi.completeBaseName();
        info.lastRecordAt = fi.lastModified().toUTC();
        QString error;
        const QByteArray bytes = readJournal(info.path, &error);
        Parsed p;
        if (error.isEmpty() && parse(bytes, p, &error)) {
            info.sessionId = p.session.id.isEmpty() ? info.sessionId : p.session.id;
            info.pid = jsonInt64(p.header, "pid");
            info.startedAt = p.session.startedAt;
            if (p.lastRecordAt.isValid())
                info.lastRecordAt = p.lastRecordAt;
            info.profileName = p.session.profile.name;
            info.issuer = p.session.profile.issuer;
            info.clientId = p.session.profile.clientId;
            info.steps = int(p.session.steps.size());
            info.exchanges = int(p.session.exchanges.size());
            info.live = writerAlive(p.header, info.sessionId);
        } else {
            info.problem = error;
        }
        out.append(info);
    }
    std::sort(out.begin(), out.end(),
              [](const JournalInfo &a, const JournalInfo &b) { return a.lastRecordAt > b.lastRecordAt; });
    return out;
}

QList<JournalInfo> leftovers(const QString &directory)
{
    QList<JournalInfo> out;
    for (const JournalInfo &j : list(directory))
        if (!j.live)
            out.append(j);
    return out;
}

QString findLeftover(const QString &id, const QString &directory, QString *error)
{
    QList<JournalInfo> matches;
    bool liveMatch = false;
    for (const JournalInfo &j : list(directory)) {
        if (id.isEmpty() || !j.sessionId.startsWith(id))
            continue;
        if (j.live)
            liveMatch = true;
        else if (j.sessionId == id)
            return j.path;
        else
            matches.append(j);
    }
    if (matches.size() == 1)
        return matches.first().path;
    if (error)
        *error =
            matches.size() > 1 ? QStringLiteral("'%1' matches %2 journals; give more of the session id.")
                                     .arg(id)
                                     .arg(matches.size())
            : liveMatch
                ? QStringLiteral("The session '%1' is still running in another workbench process.").arg(id)
                : QStringLiteral("No leftover journal for session '%1'.").arg(id);
    return {};
}

bool discard(const QString &path, QString *error)
{
    QFile f(path);
    if (f.remove())
        return true;
    if (error)
        *error = QStringLiteral("Cannot delete %1: %2").arg(path, f.errorString());
    return false;
}

} // namespace wb::journal
