// Crash recovery in the window: journals left by a workbench process that is gone are offered in
// a banner at start (a journal a live process is writing never is); Recover shows the session
// with its steps and puts it in the history, Discard deletes the journal. XDG folders are
// temporary, so the real user's data is never touched.
#include "support/GuiTestSupport.h"

#include "app/RecoveryBanner.h"
#include "flow/SessionJournal.h"
#include "flow/SessionRecording.h"

#include <QDir>
#include <QLabel>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

namespace {
const QString kSecret = QStringLiteral("gui-recovery-client-secret-value");

// A session recorded like a flow does, stopped while the token exchange runs.
Session record(const QString &id)
{
    Session s;
    s.id = id;
    s.appVersion = QStringLiteral("0.1.0");
    s.startedAt = QDateTime::currentDateTimeUtc();
    s.profile.name = QStringLiteral("Killed mid-flow");
    s.profile.issuer = QStringLiteral("https://idp.example");
    s.profile.clientId = QStringLiteral("gui-client");
    s.redirectUri = QStringLiteral("http://127.0.0.1:50999/callback");
    recording::rememberSecret(s, kSecret);
    const QDateTime t = s.startedAt;
    const int d = recording::beginStep(s, StepKind::Discovery, QStringLiteral("Discovery"), t);
    Exchange x;
    x.role = ExchangeRole::Discovery;
    x.method = QStringLiteral("GET");
    x.url = QStringLiteral("https://idp.example/.well-known/openid-configuration");
    x.status = 200;
    recording::addExchange(s, x, d);
    recording::updateStep(s, d, StepStatus::Succeeded, QStringLiteral("200 OK"), t.addMSecs(10));
    const int a =
        recording::beginStep(s, StepKind::AuthorizationRequest, QStringLiteral("Authorization request"), t);
    recording::updateStep(s, a, StepStatus::Succeeded, QStringLiteral("built"), t.addMSecs(20));
    const int tok =
        recording::beginStep(s, StepKind::TokenExchange, QStringLiteral("Token exchange"), t.addMSecs(30));
    Exchange post;
    post.role = ExchangeRole::BackChannel;
    post.method = QStringLiteral("POST");
    post.url = QStringLiteral("https://idp.example/token");
    post.requestBody = QStringLiteral("grant_type=authorization_code&client_secret=%1").arg(kSecret).toUtf8();
    post.transportError = TransportError::Timeout;
    recording::addExchange(s, post, tok);
    return s;
}

// A journal as a process that has since died left it: recorded here, then its pid replaced by
// one no system hands out.
QString deadJournal(const QString &id)
{
    const Session s = record(id);
    const QString path = SessionJournal::openPath(s.id);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray bytes = f.readAll();
    f.close();
    recording::endSession(s); // removes the file
    bytes.replace(QByteArray("\"pid\":") + QByteArray::number(QCoreApplication::applicationPid()),
                  QByteArray("\"pid\":2147483000"));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
        return {};
    return path;
}

QStringList historyFiles(const WindowFixture &f)
{
    return QDir(f.historyDir()).entryList({QStringLiteral("*.json")}, QDir::Files);
}
} // namespace

class TestRecovery : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_xdg.isValid());
        qputenv("XDG_DATA_HOME", m_xdg.filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CONFIG_HOME", m_xdg.filePath(QStringLiteral("config")).toUtf8());
        QVERIFY(SessionJournal::directory().startsWith(m_xdg.path()));
    }
    void cleanup() { QDir(SessionJournal::directory()).removeRecursively(); }

    void noBannerWithoutJournals()
    {
        WindowFixture f;
        showActive(*f.window);
        QVERIFY(f.window->recoveryBanner());
        QVERIFY(!f.window->recoveryBanner()->isVisible());
    }

    void recoverShowsTheSessionAndKeepsItInHistory()
    {
        const QString dead = deadJournal(QStringLiteral("dead0000-aaaa-4000-8000-000000000001"));
        QVERIFY(QFile::exists(dead));
        // A flow running in this process: its journal is live and must not be offered.
        const Session live = record(QStringLiteral("live0000-bbbb-4000-8000-000000000002"));
        QVERIFY(QFile::exists(SessionJournal::openPath(live.id)));

        WindowFixture f;
        showActive(*f.window);
        RecoveryBanner *banner = f.window->recoveryBanner();
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->journals().size(), 1);
        QCOMPARE(banner->journals().first().sessionId,
                 QStringLiteral("dead0000-aaaa-4000-8000-000000000001"));
        QVERIFY2(banner->message().contains(QStringLiteral("interrupted")), qPrintable(banner->message()));
        QVERIFY(banner->findChild<QLabel *>()); // the row names the profile
        bool named = false;
        for (const QLabel *l : banner->findChildren<QLabel *>())
            named = named || l->text().contains(QStringLiteral("Killed mid-flow"));
        QVERIFY(named);

        auto *recover = child<QPushButton>(banner, "recoverButton0");
        QVERIFY(recover && recover->isEnabled());
        QTest::mouseClick(recover, Qt::LeftButton);

        const Session *shown = f.window->shownSession();
        QVERIFY(shown);
        QCOMPARE(shown->id, QStringLiteral("dead0000-aaaa-4000-8000-000000000001"));
        QVERIFY(shown->outcome == Outcome::Interrupted);
        QCOMPARE(shown->steps.size(), 3);
        QCOMPARE(shown->exchanges.size(), 2);
        QVERIFY(shown->steps[2].status == StepStatus::Cancelled);
        QCOMPARE(shown->findings.first().code, QStringLiteral("session_interrupted"));
        // The timeline shows the recovered steps.
        const TimelineModel *model = f.window->timelinePanel()->model();
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->index(0, TimelineModel::TitleColumn).data().toString(), QStringLiteral("Discovery"));
        QCOMPARE(model->index(2, TimelineModel::TitleColumn).data().toString(),
                 QStringLiteral("Token exchange"));

        // In the history (redacted), the journal gone, the banner hidden.
        const QStringList history = historyFiles(f);
        QCOMPARE(history.size(), 1);
        QFile h(QDir(f.historyDir()).filePath(history.first()));
        QVERIFY(h.open(QIODevice::ReadOnly));
        const QByteArray saved = h.readAll();
        QVERIFY(saved.contains("\"outcome\": \"interrupted\""));
        QVERIFY(!saved.contains(kSecret.toUtf8()));
        QVERIFY(!QFile::exists(dead));
        QVERIFY(!banner->isVisible());
        QVERIFY(QFile::exists(SessionJournal::openPath(live.id))); // the live one is untouched
        recording::endSession(live);
    }

    void discardDeletesTheJournal()
    {
        const QString dead = deadJournal(QStringLiteral("dead1111-cccc-4000-8000-000000000003"));
        QVERIFY(QFile::exists(dead));
        QFile garbage(SessionJournal::directory() + QStringLiteral("/garbage.jsonl"));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write("this is not a journal\n");
        garbage.close();

        WindowFixture f;
        showActive(*f.window);
        RecoveryBanner *banner = f.window->recoveryBanner();
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->journals().size(), 2);
        int unreadable = -1;
        for (int i = 0; i < banner->journals().size(); ++i)
            if (!banner->journals().at(i).problem.isEmpty())
                unreadable = i;
        QVERIFY(unreadable >= 0);
        // An unreadable journal can only be discarded.
        QVERIFY(!child<QPushButton>(banner, qPrintable(QStringLiteral("recoverButton%1").arg(unreadable)))
                     ->isEnabled());
        QTest::mouseClick(
            child<QPushButton>(banner, qPrintable(QStringLiteral("discardButton%1").arg(unreadable))),
            Qt::LeftButton);
        QVERIFY(!garbage.exists());
        QCOMPARE(banner->journals().size(), 1);
        QTest::mouseClick(child<QPushButton>(banner, "discardButton0"), Qt::LeftButton);
        QVERIFY(!QFile::exists(dead));
        QVERIFY(!banner->isVisible());
        QVERIFY(historyFiles(f).isEmpty()); // discarded, not recovered
        QVERIFY(f.window->shownSession() == nullptr ||
                f.window->shownSession()->id != QStringLiteral("dead1111-cccc-4000-8000-000000000003"));
    }

private:
    QTemporaryDir m_xdg;
};

QTEST_MAIN(TestRecovery)
#include "tst_recovery.moc"
