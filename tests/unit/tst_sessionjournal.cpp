// Unit tests for the session journal: records written as the session is recorded, read back
// after a "crash" (torn last line, garbage), redaction of every secret in the file bytes,
// removal when the session ends, and which journals count as leftovers.
#include "flow/JournalRecovery.h"
#include "flow/SessionJournal.h"
#include "flow/SessionRecording.h"
#include "platform/ProcessInfo.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#ifdef Q_OS_LINUX
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace wb;

namespace {
const QString kClientSecret = QStringLiteral("client-secret-Zq9!value");
const QString kCode = QStringLiteral("authorization-code-7H2kP");
const QString kVerifier = QStringLiteral("pkce-verifier-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
const QString kAccess = QStringLiteral("access-token-9f8e7d6c5b4a");
const QDateTime kT0 = QDateTime::fromString(QStringLiteral("2026-03-04T05:06:07.000Z"), Qt::ISODateWithMs);

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

// A session recorded the way AuthCodeFlow records one, stopped during the token exchange.
Session recordSession(const QString &id)
{
    Session s;
    s.id = id;
    s.appVersion = QStringLiteral("0.1.0");
    s.startedAt = kT0;
    s.profile.name = QStringLiteral("Journal test");
    s.profile.issuer = QStringLiteral("https://idp.example");
    s.profile.clientId = QStringLiteral("wb-basic");
    s.profile.clientSecret = kClientSecret;
    recording::rememberSecret(s, kClientSecret);
    recording::rememberSecret(s, kVerifier);

    const int disco = recording::beginStep(s, StepKind::Discovery, QStringLiteral("Discovery"), kT0);
    Exchange d;
    d.method = QStringLiteral("GET");
    d.url = QStringLiteral("https://idp.example/.well-known/openid-configuration");
    d.status = 200;
    d.responseBody = R"({"issuer":"https://idp.example"})";
    recording::addExchange(s, d, disco);
    recording::updateStep(s, disco, StepStatus::Succeeded, QStringLiteral("200 OK"), kT0.addMSecs(20));

    s.redirectUri = QStringLiteral("http://127.0.0.1:5000/callback");
    const int cb = recording::beginStep(s, StepKind::Callback, QStringLiteral("Callback"), kT0.addMSecs(30));
    // The callback is recorded before the flow learns the code: masked by name, not by value.
    Exchange c;
    c.role = ExchangeRole::Callback;
    c.method = QStringLiteral("GET");
    c.url = QStringLiteral("http://127.0.0.1:5000/callback?code=%1&state=st-1").arg(kCode);
    c.status = 200;
    recording::addExchange(s, c, cb);
    recording::rememberSecret(s, kCode);
    recording::updateStep(s, cb, StepStatus::Succeeded, QStringLiteral("code received"), kT0.addMSecs(900));

    const int tok =
        recording::beginStep(s, StepKind::TokenExchange, QStringLiteral("Token exchange"), kT0.addMSecs(910));
    s.steps[tok].details = {{"code_verifier", kVerifier.toStdString()}};
    Exchange t;
    t.role = ExchangeRole::BackChannel;
    t.method = QStringLiteral("POST");
    t.url = QStringLiteral("https://idp.example/token");
    t.requestHeaders = {{"Authorization",
                         QByteArray("Basic ") + QByteArray("wb-basic:client-secret-Zq9%21value").toBase64()}};
    t.requestBody = QStringLiteral("grant_type=authorization_code&code=%1&code_verifier=%2&client_secret=%3")
                        .arg(kCode, kVerifier, QString::fromLatin1(QUrl::toPercentEncoding(kClientSecret)))
                        .toUtf8();
    t.status = 200;
    t.responseBody = QStringLiteral(R"({"access_token":"%1","token_type":"Bearer"})").arg(kAccess).toUtf8();
    recording::addExchange(s, t, tok);
    recording::rememberSecret(s, kAccess);
    // ...and the process is killed here: the token step is still running.
    return s;
}
} // namespace

class TestSessionJournal : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        SessionJournal::setDirectory(m_dir.path() + QStringLiteral("/journal"));
    }
    void cleanup() { QDir(m_dir.path() + QStringLiteral("/journal")).removeRecursively(); }

    void writesAsItRecords()
    {
        const Session s = recordSession(QStringLiteral("sess-write"));
        const QString path = SessionJournal::openPath(s.id);
        QCOMPARE(path, m_dir.path() + QStringLiteral("/journal/sess-write.jsonl"));
        QVERIFY(QFile::exists(path));
        QCOMPARE(QFile::permissions(path) & 0x0077, QFileDevice::Permissions{}); // no group/other bits
        QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadOwner | QFileDevice::WriteOwner),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(QFile::permissions(m_dir.path() + QStringLiteral("/journal")) & 0x0077,
                 QFileDevice::Permissions{});
        const QByteArray bytes = readAll(path);
        QVERIFY(bytes.endsWith('\n'));
        QVERIFY(bytes.left(bytes.indexOf('\n')).contains(R"("type":"header")"));
        QVERIFY(bytes.contains(QByteArray::number(QCoreApplication::applicationPid())));

        Session r;
        QStringList notes;
        QString error;
        QVERIFY2(journal::recover(path, r, &notes, &error), qPrintable(error));
        QVERIFY(notes.isEmpty());
        QCOMPARE(r.id, s.id);
        QVERIFY(r.outcome == Outcome::Interrupted);
        QCOMPARE(r.profile.clientId, QStringLiteral("wb-basic"));
        QCOMPARE(r.redirectUri, s.redirectUri);
        QCOMPARE(r.startedAt, kT0);
        QCOMPARE(r.steps.size(), 3);
        QCOMPARE(r.exchanges.size(), 3);
        QCOMPARE(r.steps[0].exchangeIds, QStringList{QStringLiteral("x1")});
        QCOMPARE(r.steps[2].exchangeIds, QStringList{QStringLiteral("x3")});
        QVERIFY(r.steps[0].status == StepStatus::Succeeded);
        QVERIFY(r.steps[2].status == StepStatus::Cancelled); // was running when the process stopped
        QVERIFY(r.steps[2].summary.contains(QStringLiteral("interrupted")));
        QCOMPARE(r.exchanges[2].url, QStringLiteral("https://idp.example/token"));
        QCOMPARE(r.error.code, QStringLiteral("interrupted"));
        QCOMPARE(r.findings.size(), 1);
        QCOMPARE(r.findings[0].code, QStringLiteral("session_interrupted"));
        QCOMPARE(r.findings[0].stepId, QStringLiteral("s3"));
        QCOMPARE(r.findings[0].exchangeId, QStringLiteral("x3"));
        QVERIFY(!r.findings[0].title.isEmpty());
        recording::endSession(s);
    }

    void noSecretInTheFile()
    {
        const Session s = recordSession(QStringLiteral("sess-secret"));
        const QByteArray bytes = readAll(SessionJournal::openPath(s.id));
        QVERIFY(!bytes.isEmpty());
        const QList<QByteArray> forbidden = {
            kClientSecret.toUtf8(), QUrl::toPercentEncoding(kClientSecret),
            kCode.toUtf8(),         kVerifier.toUtf8(),
            kAccess.toUtf8(),       QByteArray("wb-basic:client-secret-Zq9%21value").toBase64(),
        };
        for (const QByteArray &f : forbidden)
            QVERIFY2(!bytes.contains(f), f.constData());
        QVERIFY(bytes.contains("[redacted")); // masked, not dropped
        QVERIFY(bytes.contains("Basic "));    // the scheme stays readable
        recording::endSession(s);
    }

    void removedWhenTheSessionEnds()
    {
        const Session s = recordSession(QStringLiteral("sess-end"));
        const QString path = SessionJournal::openPath(s.id);
        QVERIFY(QFile::exists(path));
        recording::endSession(s);
        QVERIFY(!QFile::exists(path));
        QVERIFY(SessionJournal::openPath(s.id).isEmpty());
        QVERIFY(journal::list(m_dir.path() + QStringLiteral("/journal")).isEmpty());
    }

    void offWhenNoDirectory()
    {
        SessionJournal::setDirectory(QString());
        const Session s = recordSession(QStringLiteral("sess-off"));
        QVERIFY(SessionJournal::openPath(s.id).isEmpty());
        QVERIFY(!QFile::exists(m_dir.path() + QStringLiteral("/journal/sess-off.jsonl")));
        recording::endSession(s);
    }

    void tornLastLineIsIgnored()
    {
        const Session s = recordSession(QStringLiteral("sess-torn"));
        const QByteArray bytes = readAll(SessionJournal::openPath(s.id));
        recording::endSession(s);
        Session r;
        QStringList notes;
        QString error;
        const QByteArray torn =
            bytes + "{\"type\":\"exchange\",\"step_id\":\"s3\",\"exchange\":{\"id\":\"x4\",\"me";
        QVERIFY2(journal::recoverBytes(torn, r, &notes, &error), qPrintable(error));
        QCOMPARE(r.exchanges.size(), 3);
        QCOMPARE(notes.size(), 1);
        QVERIFY(notes[0].contains(QStringLiteral("cut off")));
        QVERIFY(r.findings[0].explanation.contains(QStringLiteral("cut off")));
    }

    void garbageRecordsAreSkipped()
    {
        const Session s = recordSession(QStringLiteral("sess-garbage"));
        QList<QByteArray> lines = readAll(SessionJournal::openPath(s.id)).split('\n');
        recording::endSession(s);
        lines.insert(2, "not json at all {{{");
        lines.insert(3, "[1,2,3]");
        lines.insert(4, R"({"type":"step","step":"not an object"})");
        lines.insert(5, R"({"type":"something_new"})");
        lines.insert(6, QByteArray("\xff\xfe\x00\x01", 4));
        Session r;
        QStringList notes;
        QString error;
        QVERIFY2(journal::recoverBytes(lines.join('\n'), r, &notes, &error), qPrintable(error));
        QCOMPARE(r.steps.size(), 3);
        QCOMPARE(r.exchanges.size(), 3);
        QCOMPARE(notes.size(), 1);
        QVERIFY(notes[0].startsWith(QStringLiteral("5 unreadable")));
    }

    void notAJournal_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("torn header") << QByteArray("{\"type\":\"header\",\"format\":\"oauth-wo")
                                     << QStringLiteral("empty");
        QTest::newRow("session file") << QByteArray("{\"format\":\"oauth-workbench-session\"}\n")
                                      << QStringLiteral("not an OAuth Workbench session journal");
        QTest::newRow("binary") << QByteArray("\x00\x01\x02\n\xff\n", 6) << QStringLiteral("empty");
        QTest::newRow("newer")
            << QByteArray("{\"type\":\"header\",\"format\":\"oauth-workbench-journal\",\"version\":99}\n")
            << QStringLiteral("newer");
    }
    void notAJournal()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        Session r;
        QString error;
        QVERIFY(!journal::recoverBytes(bytes, r, nullptr, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void liveAndLeftoverJournals()
    {
        const QString dir = m_dir.path() + QStringLiteral("/journal");
        // Ours and open: a flow running in this process is never a leftover.
        const Session live = recordSession(QStringLiteral("sess-live"));
        // A process id no system hands out (above the Linux pid_max limit): a dead writer.
        const QByteArray dead =
            R"({"type":"header","format":"oauth-workbench-journal","version":1,)"
            R"("session_id":"dead-1234","pid":2147483000,"started_at":"2026-03-04T05:06:07.000Z",)"
            R"("profile":{"name":"Dead one","client_id":"c"}})"
            "\n";
        writeAll(dir + QStringLiteral("/dead-1234.jsonl"), dead);
        // Our own pid but a session this process does not have open: a previous process that
        // had the same pid (containers restart at low pids).
        QByteArray reused = dead;
        reused.replace("dead-1234", "reused-5678")
            .replace("2147483000", QByteArray::number(QCoreApplication::applicationPid()));
        writeAll(dir + QStringLiteral("/reused-5678.jsonl"), reused);
        writeAll(dir + QStringLiteral("/broken.jsonl"), "garbage\n");

        const QList<JournalInfo> all = journal::list(dir);
        QCOMPARE(all.size(), 4);
        QStringList leftovers;
        for (const JournalInfo &j : journal::leftovers(dir))
            leftovers.append(j.sessionId);
        leftovers.sort();
        QCOMPARE(leftovers, (QStringList{QStringLiteral("broken"), QStringLiteral("dead-1234"),
                                         QStringLiteral("reused-5678")}));
        for (const JournalInfo &j : all) {
            if (j.sessionId == u"sess-live") {
                QVERIFY(j.live);
                QCOMPARE(j.exchanges, 3);
                QCOMPARE(j.profileName, QStringLiteral("Journal test"));
            }
            if (j.sessionId == u"broken")
                QVERIFY(!j.problem.isEmpty());
            if (j.sessionId == u"dead-1234")
                QCOMPARE(j.profileName, QStringLiteral("Dead one"));
        }

        QString error;
        QCOMPARE(journal::findLeftover(QStringLiteral("dead"), dir, &error),
                 dir + QStringLiteral("/dead-1234.jsonl"));
        QVERIFY(journal::findLeftover(QStringLiteral("sess-live"), dir, &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("still running")), qPrintable(error));
        QVERIFY(journal::findLeftover(QStringLiteral("nope"), dir, &error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("No leftover")));

        Session r;
        QVERIFY2(journal::recover(dir + QStringLiteral("/dead-1234.jsonl"), r, nullptr, &error),
                 qPrintable(error));
        QVERIFY(r.outcome == Outcome::Interrupted);
        QVERIFY(r.steps.isEmpty());
        QCOMPARE(r.findings.size(), 1);

        QVERIFY(journal::discard(dir + QStringLiteral("/dead-1234.jsonl"), &error));
        QVERIFY(!QFile::exists(dir + QStringLiteral("/dead-1234.jsonl")));
        QVERIFY(!journal::discard(dir + QStringLiteral("/dead-1234.jsonl"), &error));
        QVERIFY(!error.isEmpty());
        recording::endSession(live);
    }

    void exchangeFloodDoesNotRewriteTheStep()
    {
        Session s;
        s.id = QStringLiteral("sess-flood");
        s.startedAt = kT0;
        const int cb = recording::beginStep(s, StepKind::Callback, QStringLiteral("Callback"), kT0);
        s.steps[cb].details = {{"note", std::string(20000, 'd')}}; // large details, set once
        for (int i = 0; i < 200; ++i) {
            Exchange x;
            x.role = ExchangeRole::Stray;
            x.method = QStringLiteral("GET");
            x.url = QStringLiteral("http://127.0.0.1:5000/junk%1").arg(i);
            recording::addExchange(s, x, cb);
        }
        const QByteArray bytes = readAll(SessionJournal::openPath(s.id));
        recording::endSession(s);
        // The begin record, and one more after the first exchange picked up the new details.
        QCOMPARE(bytes.count("\"type\":\"step\""), 2);
        QVERIFY(bytes.size() < 200 * 1000 + 2 * 21000);
        Session r;
        QString error;
        QVERIFY2(journal::recoverBytes(bytes, r, nullptr, &error), qPrintable(error));
        QCOMPARE(r.exchanges.size(), 200);
        QCOMPARE(r.steps.size(), 1);
        QCOMPARE(r.steps[0].exchangeIds.size(), 200); // ownership rebuilt from each exchange's step_id
        QCOMPARE(r.steps[0].exchangeIds.last(), QStringLiteral("x200"));
        QCOMPARE(r.steps[0].details["note"].get<std::string>().size(), size_t(20000));
    }

    void processLiveness()
    {
        const qint64 self = QCoreApplication::applicationPid();
        QVERIFY(processIsRunning(self));
        QVERIFY(!processIsRunning(2147483000));
        QVERIFY(!processIsRunning(0));
#ifdef Q_OS_LINUX
        QVERIFY(!processStartMarker(self).isEmpty());
        QCOMPARE(processStartMarker(self), processStartMarker(self));
        // A child that exited but was not reaped yet (a zombie) is not running.
        const pid_t child = fork();
        if (child == 0)
            _exit(0);
        QVERIFY(child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!processIsRunning(child), 30000);
        QVERIFY(::kill(child, 0) == 0); // still in the process table until reaped
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
#endif
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestSessionJournal)
#include "tst_sessionjournal.moc"
