// Drives the real window on the offscreen platform: profiles through the editor, a full flow
// against the built-in sandbox (a real HTTP server on 127.0.0.1), cancel while waiting, and
// opening saved and malformed session files.
#include "support/GuiTestSupport.h"

#include "app/StartupProbe.h"
#include "findings/FindingsModel.h"
#include "findings/FindingsPanel.h"
#include "flow/WaitingBanner.h"
#include "history/HistoryPanel.h"
#include "history/HistoryStore.h"
#include "inspector/InspectorPanel.h"
#include "profiles/ProfilesController.h"
#include "report/SessionJson.h"
#include "sandbox/SandboxLauncher.h"
#include "sandbox/SandboxServer.h"
#include "secrets/SwitchableSecretStore.h"
#include "store/MemorySecretStore.h"
#include "tokens/TokenView.h"
#include "tokens/TokensPanel.h"

#include <QCheckBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeView>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

namespace {
QString readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QStringList jsonFiles(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files);
}

// Rows of a table widget as "col0|col1|..." strings.
QStringList tableRows(const QTableWidget *t)
{
    QStringList rows;
    for (int r = 0; r < t->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < t->columnCount(); ++c)
            cells << (t->item(r, c) ? t->item(r, c)->text() : QString());
        rows << cells.join(QLatin1Char('|'));
    }
    return rows;
}

// A recorded session as the CLI's --save would write it: discovery, authorization request,
// browser, a callback that failed on state, one stray favicon hit.
Session fixtureSession()
{
    Session s;
    s.id = QStringLiteral("3f2a9c1e-0000-4000-8000-000000000001");
    s.appVersion = QStringLiteral("0.1.0");
    s.startedAt = QDateTime::fromString(QStringLiteral("2024-05-01T12:00:00.000Z"), Qt::ISODateWithMs);
    s.finishedAt = s.startedAt.addSecs(9);
    s.profile.name = QStringLiteral("Fixture IdP");
    s.profile.issuer = QStringLiteral("https://idp.example");
    s.profile.clientId = QStringLiteral("fixture-client");
    s.redirectUri = QStringLiteral("http://127.0.0.1:50123/callback");
    s.outcome = Outcome::Failed;
    s.error = Error::make(ErrorKind::Validation, QStringLiteral("state_mismatch"),
                          QStringLiteral("The state in the callback differs from the one sent."));
    auto addStep = [&](StepKind kind, const QString &title, StepStatus status, const QString &summary) {
        Step st;
        st.id = QStringLiteral("s%1").arg(s.steps.size() + 1);
        st.kind = kind;
        st.title = title;
        st.status = status;
        st.summary = summary;
        st.startedAt = s.startedAt.addMSecs(100 * s.steps.size());
        st.durationMs = 42;
        s.steps.append(st);
        return int(s.steps.size()) - 1;
    };
    auto addExchange = [&](int step, ExchangeRole role, const QString &method, const QString &url,
                           int status) {
        Exchange x;
        x.id = QStringLiteral("x%1").arg(s.exchanges.size() + 1);
        x.role = role;
        x.method = method;
        x.url = url;
        x.status = status;
        x.reason = status == 200 ? QStringLiteral("OK") : QStringLiteral("Not Found");
        x.responseHeaders = {{"Content-Type", "application/json"}};
        x.responseBody = R"({"issuer":"https://idp.example"})";
        x.responseSize = x.responseBody.size();
        x.startedAt = s.startedAt;
        s.exchanges.append(x);
        s.steps[step].exchangeIds.append(x.id);
    };
    const int discovery = addStep(StepKind::Discovery, QStringLiteral("Discovery"), StepStatus::Succeeded,
                                  QStringLiteral("200 OK, issuer https://idp.example"));
    addExchange(discovery, ExchangeRole::Discovery, QStringLiteral("GET"),
                QStringLiteral("https://idp.example/.well-known/openid-configuration"), 200);
    const int auth = addStep(StepKind::AuthorizationRequest, QStringLiteral("Authorization request"),
                             StepStatus::Succeeded, QStringLiteral("7 parameters, PKCE S256"));
    s.steps[auth].details = {{"url", "https://idp.example/authorize?client_id=fixture-client&state=abc"},
                             {"pkce",
                              {{"method", "S256"},
                               {"verifier", "[redacted 43 chars …wxyz]"},
                               {"verifier_length", 43},
                               {"verifier_sha256_hex", "00ff"},
                               {"challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}}}};
    addStep(StepKind::Browser, QStringLiteral("Browser"), StepStatus::Succeeded,
            QStringLiteral("opened in the system browser"));
    const int callback = addStep(StepKind::Callback, QStringLiteral("Callback"), StepStatus::Failed,
                                 QStringLiteral("state mismatch"));
    s.steps[callback].error = s.error;
    addExchange(callback, ExchangeRole::Stray, QStringLiteral("GET"),
                QStringLiteral("http://127.0.0.1:50123/favicon.ico"), 404);
    addExchange(callback, ExchangeRole::Callback, QStringLiteral("GET"),
                QStringLiteral("http://127.0.0.1:50123/callback?code=[redacted]&state=zzz"), 200);
    return s;
}
} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void emptyStateWithoutProfiles();
    void createProfileThroughEditor();
    void fetchDiscoveryFillsEndpoints();
    void flowAgainstSandbox();
    void cancelWhileWaiting();
    void openSavedSession();
    void malformedSessionFiles_data();
    void malformedSessionFiles();
    void trySandboxCreatesOneProfile();
    void windowStateRemembered();
    void deferredStartupAndLazyDetailPanels();
    void newProfileFromPreset();

private:
    std::unique_ptr<SandboxServer> m_sandbox;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_sandbox = std::make_unique<SandboxServer>();
    SandboxConfig config;
    config.autoApprove = true; // no login page: the follow mode reaches the callback by itself
    QString error;
    QVERIFY2(m_sandbox->start(config, &error), qPrintable(error));
}

void TestMainWindow::cleanupTestCase()
{
    m_sandbox.reset();
}

void TestMainWindow::emptyStateWithoutProfiles()
{
    WindowFixture f;
    showActive(*f.window);
    auto *stack = child<QStackedWidget>(f.window.get(), "centerStack");
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("emptyPage"));
    auto *create = child<QPushButton>(f.window.get(), "createProfileButton");
    QVERIFY(create->isVisible());
    QVERIFY(child<QPushButton>(f.window.get(), "sandboxButton")->isEnabled());
    QTest::mouseClick(create, Qt::LeftButton);
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("workPage"));
    QCOMPARE(f.window->profiles()->count(), 1);
}

void TestMainWindow::createProfileThroughEditor()
{
    WindowFixture f;
    showActive(*f.window);
    ProfileInput in;
    in.name = QStringLiteral("Staging web");
    in.issuer = QStringLiteral("https://login.example.com");
    in.clientId = QStringLiteral("web-client");
    in.secret = QStringLiteral("s3cr3t-value-never-on-disk");
    in.authMethod = QStringLiteral("client_secret_post");
    in.scope = QStringLiteral("openid email");
    wb::gui::test::createProfileThroughEditor(*f.window, in);
    ProfileEditor *editor = f.window->profileEditor();
    auto *secret = child<QLineEdit>(editor, "clientSecretEdit");
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    editor->flushPendingEdit();

    QStringList files;
    QTRY_COMPARE((files = jsonFiles(f.profilesDir())).size(), 1);
    const QString saved = readAll(QDir(f.profilesDir()).filePath(files.first()));
    QVERIFY(saved.contains(QStringLiteral("Staging web")));
    QVERIFY(saved.contains(QStringLiteral("client_secret_post")));
    QVERIFY(saved.contains(QStringLiteral("openid email")));
    QVERIFY2(!saved.contains(in.secret), "the client secret must never be written to the profile file");
    QVERIFY(!child<QLabel>(editor, "saveStateLabel")->text().contains(QStringLiteral("Not saved")));

    // The secret went to the secret store (here in memory), keyed by the profile id.
    const QString id = f.window->profilesSidebar()->currentProfileId();
    auto *store = static_cast<MemorySecretStore *>(f.secrets.get());
    QTRY_VERIFY(store->keys().contains(SecretStore::clientSecretKey(id)));

    // A second profile with the same name is refused, visibly.
    QTest::mouseClick(child<QPushButton>(f.window->profilesSidebar(), "newButton"), Qt::LeftButton);
    typeInto(child<QLineEdit>(editor, "nameEdit"), QStringLiteral("staging WEB"));
    editor->flushPendingEdit();
    QVERIFY(child<QLabel>(editor, "saveStateLabel")->text().contains(QStringLiteral("Not saved")));
    // Back on the first profile the field stays empty and says a secret is stored.
    f.window->profilesSidebar()->selectProfile(id);
    QVERIFY(child<QLineEdit>(editor, "clientSecretEdit")->text().isEmpty());
    QTRY_VERIFY(
        child<QLineEdit>(editor, "clientSecretEdit")->placeholderText().contains(QStringLiteral("stored")));
}

void TestMainWindow::fetchDiscoveryFillsEndpoints()
{
    WindowFixture f;
    showActive(*f.window);
    ProfileInput in;
    in.name = QStringLiteral("Sandbox discovery");
    in.issuer = m_sandbox->issuer();
    in.clientId = QStringLiteral("sandbox-public");
    wb::gui::test::createProfileThroughEditor(*f.window, in);
    ProfileEditor *editor = f.window->profileEditor();
    QSignalSpy done(editor, &ProfileEditor::discoveryFinished);
    QTest::mouseClick(child<QPushButton>(editor, "fetchDiscoveryButton"), Qt::LeftButton);
    QVERIFY(done.wait(10000));
    QCOMPARE(child<QLineEdit>(editor, "authorizationEndpointEdit")->text(),
             m_sandbox->issuer() + QStringLiteral("/authorize"));
    QVERIFY(child<QLineEdit>(editor, "tokenEndpointEdit")->text().startsWith(m_sandbox->issuer()));
    const QString support = child<QLabel>(editor, "discoveryLabel")->text();
    QVERIFY2(support.contains(QStringLiteral("S256")), qPrintable(support));
    QVERIFY2(support.contains(QStringLiteral("client_secret_basic")), qPrintable(support));
    QVERIFY2(support.contains(QStringLiteral("RFC 9207")), qPrintable(support));
}

void TestMainWindow::flowAgainstSandbox()
{
    WindowFixture f;
    showActive(*f.window);
    ProfileInput in;
    in.name = QStringLiteral("Sandbox follow");
    in.issuer = m_sandbox->issuer();
    in.clientId = QStringLiteral("sandbox-basic");
    in.secret = QStringLiteral("sandbox-secret");
    in.authMethod = QStringLiteral("client_secret_basic");
    in.scope = QStringLiteral("openid profile offline_access");
    wb::gui::test::createProfileThroughEditor(*f.window, in);

    TimelineModel *model = f.window->timelinePanel()->model();
    int stepInserts = 0;
    QStringList titlesSeen;
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [&](const QModelIndex &parent, int first, int last) {
                if (parent.isValid())
                    return;
                ++stepInserts;
                for (int r = first; r <= last; ++r)
                    titlesSeen << model->index(r, 0).data().toString();
            });
    QTest::keyClick(f.window.get(), Qt::Key_R, Qt::ControlModifier); // Start (Ctrl+R)
    QVERIFY(f.window->runner()->session());
    QTRY_VERIFY_WITH_TIMEOUT(!f.window->runner()->isRunning(), 20000);
    const Session *s = f.window->runner()->session();
    QVERIFY2(s->outcome == Outcome::Succeeded, qPrintable(s->error.message));
    // Steps appeared one by one as the flow went, not all at the end.
    QVERIFY2(stepInserts >= 4, qPrintable(QString::number(stepInserts)));
    QCOMPARE(titlesSeen.first(), QStringLiteral("Discovery"));
    QVERIFY(titlesSeen.contains(QStringLiteral("Token exchange")));
    QCOMPARE(model->rowCount(), int(s->steps.size()));
    // Redirect hops are rows of their own under the browser step.
    const int browser = findStep(s, StepKind::Browser);
    QVERIFY(model->rowCount(model->indexOfStep(browser)) >= 1);

    // Select the token exchange: the inspector shows the form as sent and the response.
    const QModelIndex tokenRow = findExchangeRow(model, QStringLiteral("/token"));
    QVERIFY(tokenRow.isValid());
    f.window->timelinePanel()->view()->setCurrentIndex(tokenRow);
    InspectorPanel *inspector = f.window->inspectorPanel();
    QCOMPARE(inspector->shownExchange(), model->exchangeIndexOf(tokenRow));
    const QStringList params = tableRows(child<QTableWidget>(inspector, "requestParamsTable"));
    QVERIFY2(params.contains(QStringLiteral("form|grant_type|authorization_code")),
             qPrintable(params.join(u'\n')));
    QVERIFY(params.contains(QStringLiteral("form|redirect_uri|") + s->redirectUri));
    QVERIFY(std::any_of(params.cbegin(), params.cend(),
                        [](const QString &r) { return r.startsWith(u"form|code|"); }));
    QVERIFY(std::any_of(params.cbegin(), params.cend(),
                        [](const QString &r) { return r.startsWith(u"form|code_verifier|"); }));
    const QStringList headers = tableRows(child<QTableWidget>(inspector, "requestHeadersTable"));
    QVERIFY(std::any_of(headers.cbegin(), headers.cend(),
                        [](const QString &r) { return r.startsWith(u"Authorization|Basic "); }));
    QVERIFY(child<QLabel>(inspector, "statusLineLabel")->text().contains(QStringLiteral("200")));
    QVERIFY(child<QLabel>(inspector, "responseSizeLabel")->text().startsWith(QStringLiteral("JSON")));
    const QString pretty = child<QPlainTextEdit>(inspector, "responseBodyPretty")->toPlainText();
    QVERIFY(pretty.contains(QStringLiteral("\"access_token\"")));
    QVERIFY(pretty.contains(QStringLiteral("\n  "))); // indented
    QVERIFY(child<QPlainTextEdit>(inspector, "responseBodyRaw")
                ->toPlainText()
                .contains(QStringLiteral("access_token")));

    // Copy as cURL: runnable, secrets redacted unless asked.
    const QString curl = inspector->curlCommand();
    QVERIFY(curl.startsWith(QStringLiteral("curl ")));
    QVERIFY(curl.contains(QStringLiteral("--data-raw")));
    QVERIFY(curl.contains(QStringLiteral("[redacted")));
    QVERIFY(!curl.contains(s->tokens.accessToken.isEmpty() ? QStringLiteral("\x01") : s->tokens.accessToken));
    child<QCheckBox>(inspector, "includeSecretsCheck")->setChecked(true);
    QVERIFY(!inspector->curlCommand().contains(QStringLiteral("[redacted")));

    // PKCE tab: verifier, its SHA-256 and the challenge.
    QVERIFY(!child<QLineEdit>(inspector, "pkceVerifierEdit")->text().isEmpty());
    QCOMPARE(child<QLineEdit>(inspector, "pkceMethodEdit")->text(), QStringLiteral("S256"));
    QCOMPARE(child<QLineEdit>(inspector, "pkceShaEdit")->text().size(), 64);

    // Tokens panel: the ID token decoded, its expiry in the future.
    TokensPanel *tokens = f.window->tokensPanel();
    QTRY_VERIFY(tokens->idTokenView()->isJwt());
    QVERIFY(!tokens->idTokenView()->isExpired());
    QVERIFY(child<QPlainTextEdit>(tokens->idTokenView(), "payloadEdit")
                ->toPlainText()
                .contains(QStringLiteral("\"sub\"")));
    const QStringList times = tableRows(child<QTableWidget>(tokens->idTokenView(), "timesTable"));
    QVERIFY2(std::any_of(times.cbegin(), times.cend(),
                         [](const QString &r) { return r.startsWith(u"exp|") && r.contains(u"expires in"); }),
             qPrintable(times.join(u'\n')));
    QVERIFY(!tokens->refreshTokenView()->kindText().isEmpty());

    // The run went to the history, redacted.
    QStringList files;
    QTRY_COMPARE((files = jsonFiles(f.historyDir())).size(), 1);
    QCOMPARE(f.window->historyPanel()->count(), 1);
    const QString history = readAll(QDir(f.historyDir()).filePath(files.first()));
    QVERIFY(!history.contains(s->tokens.accessToken));
    QVERIFY(!history.contains(QStringLiteral("sandbox-secret")));
    QCOMPARE(f.window->findingsPanel()->model()->errorCount(), 0);

    // Double-clicking the run in the history opens the saved (redacted) file, read-only.
    child<QTabWidget>(f.window.get(), "sidebarTabs")->setCurrentIndex(1);
    QTreeView *historyView = f.window->historyPanel()->view();
    const QRect row = historyView->visualRect(historyView->model()->index(0, 0));
    QTest::mouseClick(historyView->viewport(), Qt::LeftButton, {}, row.center());
    QTest::mouseDClick(historyView->viewport(), Qt::LeftButton, {}, row.center());
    QTRY_VERIFY(f.window->shownSession() != s);
    QCOMPARE(f.window->shownSession()->id, s->id);
    QCOMPARE(f.window->timelinePanel()->model()->rowCount(), int(s->steps.size()));
    QVERIFY(child<QLabel>(f.window->timelinePanel(), "headerLabel")
                ->text()
                .contains(QStringLiteral("read-only")));
}

void TestMainWindow::cancelWhileWaiting()
{
    WindowFixture f;
    showActive(*f.window);
    ProfileInput in;
    in.name = QStringLiteral("Waits forever");
    in.issuer = m_sandbox->issuer();
    in.clientId = QStringLiteral("sandbox-public");
    in.browser = QStringLiteral("command");
    in.browserCommand = QStringLiteral("true %u"); // a browser that never comes back
    wb::gui::test::createProfileThroughEditor(*f.window, in);
    QTest::keyClick(f.window.get(), Qt::Key_R, Qt::ControlModifier);

    WaitingBanner *banner = f.window->waitingBanner();
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
    const Session *s = f.window->runner()->session();
    QCOMPARE(banner->redirectUri(), s->redirectUri);
    QVERIFY(banner->redirectUri().startsWith(QStringLiteral("http://127.0.0.1:")));
    QVERIFY(banner->redirectUri().endsWith(QStringLiteral("/callback")));
    QVERIFY2(banner->elapsedText().contains(QStringLiteral("1:00")), qPrintable(banner->elapsedText()));
    QVERIFY(f.window->runner()->isRunning());

    QTest::keyClick(f.window.get(), Qt::Key_Escape); // Cancel (Esc)
    QTRY_VERIFY(!f.window->runner()->isRunning());
    QCOMPARE(toString(s->outcome), toString(Outcome::Cancelled));
    QVERIFY(!banner->isVisible());
    const int callback = findStep(s, StepKind::Callback);
    QVERIFY(callback >= 0);
    QCOMPARE(toString(s->steps[callback].status), toString(StepStatus::Cancelled));
    const QString header = child<QLabel>(f.window->timelinePanel(), "headerLabel")->text();
    QVERIFY2(header.contains(QStringLiteral("Cancelled")), qPrintable(header));
    // A cancelled run is a note, not an error.
    QCOMPARE(f.window->findingsPanel()->model()->errorCount(), 0);
}

void TestMainWindow::openSavedSession()
{
    WindowFixture f;
    showActive(*f.window);
    const Session fixture = fixtureSession();
    const QString path = f.dir.filePath(QStringLiteral("fixture.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(sessionToJson(fixture, true).dump(2)));
    }
    QVERIFY2(f.window->openSessionFile(path), qPrintable(f.window->lastError()));
    TimelineModel *model = f.window->timelinePanel()->model();
    QCOMPARE(model->rowCount(), 4);
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Discovery"));
    QCOMPARE(model->index(3, 0).data().toString(), QStringLiteral("Callback"));
    QCOMPARE(model->index(3, TimelineModel::SummaryColumn).data().toString(),
             QStringLiteral("state mismatch"));
    const QModelIndex callback = model->index(3, 0);
    QCOMPARE(model->rowCount(callback), 2);
    QVERIFY(model->index(0, 0, callback).data().toString().startsWith(QStringLiteral("Stray loopback hit")));
    QVERIFY(model->index(1, 0, callback).data().toString().startsWith(QStringLiteral("Callback")));
    const QString header = child<QLabel>(f.window->timelinePanel(), "headerLabel")->text();
    QVERIFY2(header.contains(QStringLiteral("read-only")), qPrintable(header));
    QVERIFY(header.contains(QStringLiteral("Fixture IdP")));
    // It opens on the failed step; the findings list the error and point at that step.
    QCOMPARE(f.window->timelinePanel()->selectedStep(), 3);
    FindingsModel *findings = f.window->findingsPanel()->model();
    QCOMPARE(findings->errorCount(), 1);
    QCOMPARE(findings->rows().first().stepIndex, 3);
    f.window->timelinePanel()->selectStep(0);
    QTreeView *findingsView = f.window->findingsPanel()->view();
    f.window->showPage(QStringLiteral("findings"));
    QTest::mouseClick(findingsView->viewport(), Qt::LeftButton, {},
                      findingsView->visualRect(findings->index(0, 1)).center());
    QCOMPARE(f.window->timelinePanel()->selectedStep(), 3);
    // The recorded PKCE details are shown as saved (redacted verifier).
    QCOMPARE(child<QLineEdit>(f.window->inspectorPanel(), "pkceChallengeEdit")->text(),
             QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    // Saving it again gives the same document.
    const QString again = f.dir.filePath(QStringLiteral("again.json"));
    QVERIFY(f.window->saveSessionFile(again, true));
    Session reread;
    QString error;
    QVERIFY(sessionFromJson(nlohmann::json::parse(readAll(again).toStdString()), reread, &error));
    QCOMPARE(reread.steps.size(), fixture.steps.size());
    QCOMPARE(reread.exchanges.size(), fixture.exchanges.size());
}

void TestMainWindow::malformedSessionFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("not json") << QByteArray("this is not a session\n");
    QTest::newRow("truncated") << QByteArray(R"({"format":"oauth-workbench-session","steps":[{"id":)");
    QTest::newRow("other json") << QByteArray(R"({"issuer":"https://idp.example"})");
    QTest::newRow("array") << QByteArray("[1,2,3]");
    QTest::newRow("newer format") << QByteArray(R"({"format":"oauth-workbench-session","version":99})");
    QTest::newRow("wrong types") << QByteArray(
        R"({"format":"oauth-workbench-session","version":1,"steps":"x","exchanges":[1,{"request":5,"response":[]}],)"
        R"("tokens":[],"profile":7,"error":"boom","started_at":12})");
    QTest::newRow("empty") << QByteArray();
}

void TestMainWindow::malformedSessionFiles()
{
    QFETCH(QByteArray, content);
    WindowFixture f;
    showActive(*f.window);
    const QString good = f.dir.filePath(QStringLiteral("good.json"));
    {
        QFile file(good);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(sessionToJson(fixtureSession(), true).dump()));
    }
    QVERIFY(f.window->openSessionFile(good));
    const QString bad = f.dir.filePath(QStringLiteral("bad.json"));
    {
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    QSignalSpy errors(f.window.get(), &MainWindow::errorReported);
    const bool opened = f.window->openSessionFile(bad);
    if (opened) {
        // Tolerated (members of the wrong type are skipped): whatever opened must be displayable.
        QVERIFY(f.window->shownSession());
        // Exchanges no step claims still get a row ("Other traffic").
        QVERIFY(f.window->timelinePanel()->model()->rowCount() >=
                int(f.window->shownSession()->steps.size()));
        return;
    }
    QCOMPARE(errors.size(), 1);
    QVERIFY(!f.window->lastError().isEmpty());
    // The session shown before stays.
    QCOMPARE(f.window->timelinePanel()->model()->rowCount(), 4);
}

void TestMainWindow::trySandboxCreatesOneProfile()
{
    WindowFixture f;
    showActive(*f.window);
    QTest::mouseClick(child<QPushButton>(f.window.get(), "sandboxButton"), Qt::LeftButton);
    QVERIFY2(f.window->sandbox()->isRunning(), qPrintable(f.window->lastError()));
    QCOMPARE(f.window->profiles()->count(), 1);
    const QString id = f.window->profilesSidebar()->currentProfileId();
    const auto p = f.window->profiles()->profile(id);
    QVERIFY(p);
    QCOMPARE(p->issuer, f.window->sandbox()->issuer());
    QCOMPARE(child<QLineEdit>(f.window->profileEditor(), "issuerEdit")->text(),
             f.window->sandbox()->issuer());
    // Asking again reuses the profile, pointed at the sandbox as it runs now.
    f.window->sandbox()->stop();
    f.window->trySandbox();
    QCOMPARE(f.window->profiles()->count(), 1);
    QCOMPARE(f.window->profiles()->profile(id)->issuer, f.window->sandbox()->issuer());
}

void TestMainWindow::windowStateRemembered()
{
    QTemporaryDir dir;
    const MainWindowOptions o = optionsIn(dir.path(), nullptr);
    QList<int> sizes;
    {
        MainWindow w(o);
        showActive(w);
        auto *splitter = child<QSplitter>(&w, "mainSplitter");
        splitter->setSizes({400, 800});
        sizes = splitter->sizes();
        w.close();
    }
    MainWindow again(o);
    showActive(again);
    QCOMPARE(child<QSplitter>(&again, "mainSplitter")->sizes(), sizes);
}

// As the application starts it: the history and the keychain probe wait for finishStartup() (after
// the first paint), and the inspector, tokens and findings panels are built on first use.
void TestMainWindow::deferredStartupAndLazyDetailPanels()
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    MainWindowOptions o = optionsIn(dir.path(), &secrets);
    o.deferStartupWork = true;
    QString error;
    QVERIFY2(!HistoryStore(o.historyDirectory).save(fixtureSession(), &error).isEmpty(), qPrintable(error));
    {
        // Columns of the findings list, remembered by an earlier window that built it.
        MainWindow earlier(o);
        earlier.finishStartup();
        earlier.findingsPanel()->view()->header()->resizeSection(0, 333);
        earlier.close();
    }

    MainWindow w(o);
    QVERIFY(!w.findChild<InspectorPanel *>());
    QVERIFY(!w.findChild<TokensPanel *>());
    QVERIFY(!w.findChild<FindingsPanel *>());
    QCOMPARE(w.historyPanel()->count(), 0);
    QVERIFY(w.secretStore()->mode() == SwitchableSecretStore::Mode::Checking);
    showActive(w);
    whenFirstPainted(&w, [&w] { w.finishStartup(); });
    QTRY_COMPARE(w.historyPanel()->count(), 1);
    QTRY_VERIFY(w.secretStore()->mode() == SwitchableSecretStore::Mode::Keychain);
    QVERIFY(!w.findChild<InspectorPanel *>()); // still nothing needed them

    // Opening the Flow tab builds them in their tabs, with the remembered columns. Without a
    // profile the work page itself waits too: its getter builds it (tst_startuppages).
    QVERIFY(w.timelinePanel());
    QVERIFY(!w.findChild<InspectorPanel *>());
    auto *tabs = child<QTabWidget>(&w, "workTabs");
    tabs->setCurrentWidget(child<QWidget>(&w, "flowTab"));
    auto *inspector = w.findChild<InspectorPanel *>(QStringLiteral("inspectorPanel"));
    QVERIFY(inspector);
    QCOMPARE(inspector->parentWidget(), child<QWidget>(&w, "inspectorTab"));
    QVERIFY(inspector->isVisibleTo(tabs)); // in the shown tab (the work page waits for a profile)
    QCOMPARE(w.findingsPanel()->view()->header()->sectionSize(0), 333);
    QCOMPARE(w.findingsPanel()->parentWidget(), child<QWidget>(&w, "findingsTab"));
    QCOMPARE(w.tokensPanel()->parentWidget(), child<QWidget>(&w, "tokensTab"));

    // A session opened from the history reaches them as before.
    const QString saved = QDir(o.historyDirectory).filePath(jsonFiles(o.historyDirectory).value(0));
    QVERIFY(w.openSessionFile(saved));
    QVERIFY(w.findingsPanel()->model()->rowCount() > 0);
    auto *detailTabs = child<QTabWidget>(&w, "detailTabs");
    QVERIFY(detailTabs->tabText(detailTabs->indexOf(child<QWidget>(&w, "findingsTab")))
                .startsWith(u"Findings ("));
}

QTEST_MAIN(TestMainWindow)
// Profile > New Profile from Preset lists the provider presets (data files) and creates a profile
// from one, with its issuer, scopes and parameters, ready for the client id.
void TestMainWindow::newProfileFromPreset()
{
    WindowFixture f;
    showActive(*f.window);
    auto *menu = f.window->findChild<QMenu *>(QStringLiteral("presetMenu"));
    QVERIFY(menu);
    QAction *google = nullptr;
    for (QAction *a : menu->actions())
        if (a->data().toString() == QLatin1String("google"))
            google = a;
    QVERIFY2(google, "a Google entry");
    QVERIFY(menu->actions().size() >= 8);
    google->trigger();
    QCOMPARE(f.window->profiles()->count(), 1);
    const auto p = f.window->profiles()->profile(f.window->profilesSidebar()->currentProfileId());
    QVERIFY(p);
    QCOMPARE(p->name, QStringLiteral("Google"));
    QCOMPARE(p->issuer, QStringLiteral("https://accounts.google.com"));
    QVERIFY(p->scope.contains(QStringLiteral("openid")));
    bool offline = false;
    for (const auto &[k, v] : p->extraParams)
        offline = offline || (k == QLatin1String("access_type") && v == QLatin1String("offline"));
    QVERIFY2(offline, "Google's preset asks for offline access");
    QCOMPARE(child<QLineEdit>(f.window->profileEditor(), "issuerEdit")->text(), p->issuer);
}

#include "tst_mainwindow.moc"
