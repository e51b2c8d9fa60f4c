#include "RecoverCommand.h"

#include "FindingsPrinter.h"
#include "RunCommand.h"
#include "SessionOutput.h"
#include "StepPrinter.h"
#include "flow/JournalRecovery.h"
#include "flow/SessionJournal.h"
#include "report/SessionJson.h"
#include "util/JsonQt.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace wb::cli {

namespace {
using json = nlohmann::json;

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QStringLiteral("-");
}

QString who(const JournalInfo &j)
{
    if (!j.profileName.isEmpty())
        return j.profileName;
    if (!j.clientId.isEmpty())
        return j.clientId + (j.issuer.isEmpty() ? QString() : QStringLiteral(" at ") + j.issuer);
    return QStringLiteral("(unknown profile)");
}

json listJson(const QList<JournalInfo> &list)
{
    json arr = json::array();
    for (const JournalInfo &j : list)
        arr.push_back({{"id", toStd(j.sessionId)},
                       {"path", toStd(j.path)},
                       {"pid", j.pid},
                       {"started_at", toStd(when(j.startedAt))},
                       {"last_record_at", toStd(when(j.lastRecordAt))},
                       {"profile", toStd(j.profileName)},
                       {"issuer", toStd(j.issuer)},
                       {"client_id", toStd(j.clientId)},
                       {"steps", j.steps},
                       {"exchanges", j.exchanges},
                       {"problem", toStd(j.problem)}});
    return arr;
}

void printList(QTextStream &out, const QList<JournalInfo> &list, int running)
{
    if (list.isEmpty())
        out << "No interrupted sessions to recover.\n";
    for (const JournalInfo &j : list) {
        out << j.sessionId << "  " << who(j) << '\n';
        if (!j.problem.isEmpty()) {
            out << "    unreadable: " << j.problem << '\n';
            continue;
        }
        out << "    started " << when(j.startedAt) << ", last record " << when(j.lastRecordAt) << ", "
            << j.steps << " step(s), " << j.exchanges << " exchange(s), process " << j.pid << " is gone\n";
    }
    if (running > 0)
        out << running << " session(s) still running in another workbench process (not listed).\n";
    if (!list.isEmpty())
        out << "\n'oauth-workbench recover ID' shows one; '--discard ID' or '--discard --all' deletes.\n";
}
} // namespace

int runRecoverCommand(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Recover sessions a workbench process was running when it was killed or crashed. Every flow "
        "is journaled (redacted) as it runs; without ID, the leftover journals are listed. With ID "
        "(or a unique prefix), the session is shown as recorded up to the moment the process stopped, "
        "with outcome 'interrupted'."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("Session id of a leftover journal."),
                                 QStringLiteral("[ID]"));
    parser.addOption({QStringLiteral("json"),
                      QStringLiteral("Print the recovered session as JSON (as 'run --json' does); without "
                                     "ID, the list of leftover journals as JSON.")});
    parser.addOption({QStringLiteral("save"),
                      QStringLiteral("Write the recovered session to FILE (the window opens it)."),
                      QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("discard"), QStringLiteral("Delete the journal of ID (or all with --all).")});
    parser.addOption({QStringLiteral("all"), QStringLiteral("With --discard: every leftover journal.")});
    if (!parser.parse(args)) {
        err << "oauth-workbench recover: " << parser.errorText()
            << "\nTry 'oauth-workbench recover --help'.\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        err << "oauth-workbench recover: give one session id.\n";
        return ExitUsage;
    }
    const QString id = positional.value(0);
    const bool discard = parser.isSet(QStringLiteral("discard"));
    const bool all = parser.isSet(QStringLiteral("all"));
    const QString dir = SessionJournal::directory();

    if (all && !discard) {
        err << "oauth-workbench recover: --all goes with --discard.\n";
        return ExitUsage;
    }
    if (discard) {
        if (all == !id.isEmpty() || parser.isSet(QStringLiteral("json")) ||
            parser.isSet(QStringLiteral("save"))) {
            err << "oauth-workbench recover: use '--discard ID' or '--discard --all'.\n";
            return ExitUsage;
        }
        QStringList paths;
        QString error;
        if (all) {
            for (const JournalInfo &j : journal::leftovers(dir))
                paths.append(j.path);
        } else if (const QString path = journal::findLeftover(id, dir, &error); !path.isEmpty()) {
            paths.append(path);
        } else {
            err << "oauth-workbench recover: " << error << '\n';
            return ExitUsage;
        }
        int failed = 0;
        for (const QString &path : std::as_const(paths)) {
            if (!journal::discard(path, &error)) {
                err << "oauth-workbench recover: " << error << '\n';
                ++failed;
            }
        }
        out << "Discarded " << (paths.size() - failed) << " journal(s).\n";
        return failed ? ExitUsage : ExitOk;
    }

    if (id.isEmpty()) {
        if (parser.isSet(QStringLiteral("save"))) {
            err << "oauth-workbench recover: --save needs a session ID.\n";
            return ExitUsage;
        }
        const QList<JournalInfo> journals = journal::list(dir);
        QList<JournalInfo> leftovers;
        for (const JournalInfo &j : journals)
            if (!j.live)
                leftovers.append(j);
        if (parser.isSet(QStringLiteral("json")))
            out << fromStd(listJson(leftovers).dump(2, ' ', false, json::error_handler_t::replace)) << '\n';
        else
            printList(out, leftovers, int(journals.size() - leftovers.size()));
        return ExitOk;
    }

    QString error;
    const QString path = journal::findLeftover(id, dir, &error);
    Session session;
    QStringList notes;
    if (path.isEmpty() || !journal::recover(path, session, &notes, &error)) {
        err << "oauth-workbench recover: " << error << '\n';
        return ExitUsage;
    }
    const bool asJson = parser.isSet(QStringLiteral("json"));
    QTextStream &progress = asJson ? err : out;
    for (const QString &n : std::as_const(notes))
        err << "Note: " << n << '\n';
    const QByteArray document = sessionDocument(session, true);
    if (asJson) {
        out << QString::fromUtf8(document);
    } else {
        out << "Session " << session.id << " ("
            << (session.profile.name.isEmpty() ? session.profile.clientId : session.profile.name)
            << "), interrupted; recovered from " << path << " (redacted)\n";
        StepPrinter printer([&session]() -> const Session & { return session; }, out, true);
        for (int i = 0; i < session.steps.size(); ++i)
            printer.printStep(i);
        printFindings(out, session, true);
    }
    out.flush();
    if (parser.isSet(QStringLiteral("save"))) {
        const QString file = parser.value(QStringLiteral("save"));
        if (!saveSessionDocument(document, file, QStringLiteral("recover"), err))
            return ExitUsage;
        progress << "Session saved to " << file
                 << " (redacted). The journal stays until 'oauth-workbench recover --discard " << session.id
                 << "'.\n";
    }
    return ExitOk;
}

} // namespace wb::cli
