// Secrets in the window: the profile editor puts the client secret in the SecretStore (never in the
// profile file), Forget tokens / Forget secret and deleting a profile remove the items, the status
// bar says where secrets live, a failed keychain probe switches to memory with a visible message,
// and a successful flow stores its tokens so a new window shows them for the profile.
#include "support/GuiTestSupport.h"

#include "profiles/ProfilesController.h"
#include "sandbox/SandboxServer.h"
#include "secrets/KeychainBanner.h"
#include "secrets/SecretsIndicator.h"
#include "secrets/SwitchableSecretStore.h"
#include "store/KeychainSecretStore.h"
#include "store/TokenSetJson.h"
#include "tokens/TokenView.h"
#include "tokens/TokensPanel.h"

#include <QCheckBox>
#include <QDir>
#include <QLabel>
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

QString profileFileText(const WindowFixture &f, const QString &id)
{
    return readAll(QDir(f.profilesDir()).filePath(id + QStringLiteral(".json")));
}

MemorySecretStore *memoryOf(const WindowFixture &f)
{
    return static_cast<MemorySecretStore *>(f.secrets.get());
}

// A profile made through the editor, with a secret typed into it; returns its id.
QString makeConfidentialProfile(WindowFixture &f, const QString &name, const QString &secret)
{
    ProfileInput in;
    in.name = name;
    in.issuer = QStringLiteral("https://login.example.com");
    in.clientId = QStringLiteral("web-client");
    in.secret = secret;
    in.authMethod = QStringLiteral("client_secret_basic");
    createProfileThroughEditor(*f.window, in);
    f.window->profileEditor()->flushPendingEdit();
    return f.window->profilesSidebar()->currentProfileId();
}

// The store's answer for `key`, waiting for it (tests may block; the window never does).
SecretResult readStored(SecretStore &store, const QString &key)
{
    auto out = std::make_shared<std::optional<SecretResult>>();
    store.readSecret(key, [out](const SecretResult &r) { *out = r; });
    if (!QTest::qWaitFor([&] { return out->has_value(); }, 10000))
        return {SecretStatus::OtherError, {}, QStringLiteral("no answer within 10 s")};
    return out->value_or(SecretResult{SecretStatus::OtherError, {}, QStringLiteral("no answer")});
}

// "Discovery: succeeded …; Browser: running …" for failure messages.
QString stepsOf(const Session *s)
{
    QStringList out;
    for (int i = 0; s && i < s->steps.size(); ++i)
        out << QStringLiteral("%1: %2 %3")
                   .arg(s->steps[i].title, toString(s->steps[i].status), s->steps[i].summary);
    return out.join(QStringLiteral("; "));
}

TokenSet sampleTokens()
{
    TokenSet t;
    t.accessToken = QStringLiteral("at-0123456789abcdef-stored");
    t.refreshToken = QStringLiteral("rt-0123456789abcdef-stored");
    t.tokenType = QStringLiteral("Bearer");
    t.scope = QStringLiteral("openid");
    t.expiresIn = 3600;
    t.obtainedAt = QDateTime::currentDateTimeUtc();
    return t;
}
} // namespace

class TestSecretsGui : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void editorStoresSecretNotInFile();
    void forgetSecretAndTokens();
    void deleteProfileRemovesItems();
    void indicatorForKeychain();
    void probeFailureSwitchesToMemory_data();
    void probeFailureSwitchesToMemory();
    void flowStoresTokensShownOnNextStart();
};

void TestSecretsGui::editorStoresSecretNotInFile()
{
    WindowFixture f;
    const QString secret = QStringLiteral("typed-secret-%&/never-in-a-file");
    const QString id = makeConfidentialProfile(f, QStringLiteral("Confidential"), secret);
    QVERIFY(!id.isEmpty());
    const QString key = SecretStore::clientSecretKey(id);
    QTRY_VERIFY(memoryOf(f)->keys().contains(key));
    const SecretResult read = readStored(*f.secrets, key);
    QVERIFY(read.ok());
    QCOMPARE(read.value, secret);
    QTRY_VERIFY(QFile::exists(QDir(f.profilesDir()).filePath(id + QStringLiteral(".json"))));
    const QString file = profileFileText(f, id);
    QVERIFY(file.contains(QStringLiteral("web-client")));
    QVERIFY2(!file.contains(secret), "the client secret must never be in the profile file");

    // Editing another field does not rewrite the secret; typing a new one replaces it.
    ProfileEditor *editor = f.window->profileEditor();
    typeInto(child<QLineEdit>(editor, "clientSecretEdit"), QStringLiteral("second-secret"));
    editor->flushPendingEdit();
    QTRY_COMPARE(readStored(*f.secrets, key).value, QStringLiteral("second-secret"));
    QVERIFY(!profileFileText(f, id).contains(QStringLiteral("second-secret")));

    // Shown again, the field is empty; the note and placeholder say a secret is stored.
    editor->setProfile(*f.window->profiles()->profile(id)); // as when the profile is selected again
    auto *secretEdit = child<QLineEdit>(editor, "clientSecretEdit");
    QVERIFY(secretEdit->text().isEmpty());
    QTRY_VERIFY(child<QLabel>(editor, "secretNoteLabel")->text().contains(QStringLiteral("is stored")));
    QVERIFY(child<QPushButton>(editor, "forgetSecretButton")->isEnabled());
    // "Show" reads it on demand, without making it an edit.
    child<QCheckBox>(editor, "showSecretCheck")->setChecked(true);
    QTRY_COMPARE(secretEdit->text(), QStringLiteral("second-secret"));
}

void TestSecretsGui::forgetSecretAndTokens()
{
    WindowFixture f; // not interactive: no confirmation dialogs
    const QString id = makeConfidentialProfile(f, QStringLiteral("Forgetful"), QStringLiteral("s-1"));
    const QString secretKey = SecretStore::clientSecretKey(id);
    const QString tokensKey = SecretStore::tokensKey(id);
    bool stored = false;
    f.window->profiles()->storeTokens(id, sampleTokens(), [&](const SecretResult &r) { stored = r.ok(); });
    QTRY_VERIFY(stored);
    QTRY_VERIFY(memoryOf(f)->keys().contains(secretKey));

    ProfileEditor *editor = f.window->profileEditor();
    auto *forgetTokens = child<QPushButton>(editor, "forgetTokensButton");
    QTRY_VERIFY(forgetTokens->isEnabled());
    QVERIFY(child<QLabel>(editor, "tokensStateLabel")->text().contains(QStringLiteral("stored in")));
    QTest::mouseClick(forgetTokens, Qt::LeftButton);
    QTRY_VERIFY(!memoryOf(f)->keys().contains(tokensKey));
    QVERIFY(memoryOf(f)->keys().contains(secretKey)); // only the tokens went
    QTRY_VERIFY(!forgetTokens->isEnabled());
    QVERIFY(child<QLabel>(editor, "tokensStateLabel")->text().contains(QStringLiteral("none stored")));

    auto *forgetSecret = child<QPushButton>(editor, "forgetSecretButton");
    QVERIFY(forgetSecret->isEnabled());
    QTest::mouseClick(forgetSecret, Qt::LeftButton);
    QTRY_VERIFY(!memoryOf(f)->keys().contains(secretKey));
    QTRY_VERIFY(
        child<QLabel>(editor, "secretNoteLabel")->text().contains(QStringLiteral("No client secret")));

    // The sidebar's context menu asks the same of the window.
    f.window->profiles()->storeSecret(id, QStringLiteral("s-2"));
    f.window->profiles()->storeTokens(id, sampleTokens());
    QTRY_COMPARE(memoryOf(f)->keys().size(), 2);
    emit f.window->profilesSidebar()->forgetTokensRequested(id);
    QTRY_VERIFY(!memoryOf(f)->keys().contains(tokensKey));
    emit f.window->profilesSidebar()->forgetSecretRequested(id);
    QTRY_VERIFY(memoryOf(f)->keys().isEmpty());
}

void TestSecretsGui::deleteProfileRemovesItems()
{
    WindowFixture f;
    const QString keep = makeConfidentialProfile(f, QStringLiteral("Kept"), QStringLiteral("kept-secret"));
    const QString id = makeConfidentialProfile(f, QStringLiteral("Doomed"), QStringLiteral("doomed-secret"));
    f.window->profiles()->storeTokens(id, sampleTokens());
    QTRY_VERIFY(memoryOf(f)->keys().contains(SecretStore::tokensKey(id)));
    QTRY_VERIFY(memoryOf(f)->keys().contains(SecretStore::clientSecretKey(id)));
    QTRY_VERIFY(memoryOf(f)->keys().contains(SecretStore::clientSecretKey(keep)));

    f.window->profilesSidebar()->selectProfile(id);
    QTest::mouseClick(child<QPushButton>(f.window->profilesSidebar(), "deleteButton"), Qt::LeftButton);
    QTRY_VERIFY(!f.window->profiles()->profile(id));
    QVERIFY(!memoryOf(f)->keys().contains(SecretStore::tokensKey(id)));
    QVERIFY(!memoryOf(f)->keys().contains(SecretStore::clientSecretKey(id)));
    QVERIFY(!QFile::exists(QDir(f.profilesDir()).filePath(id + QStringLiteral(".json"))));
    QVERIFY(memoryOf(f)->keys().contains(SecretStore::clientSecretKey(keep)));

    // A keychain that refuses: the profile stays, so no item is orphaned, and the user is told.
    memoryOf(f)->setForcedFailure(SecretStatus::AccessDenied);
    QSignalSpy errors(f.window.get(), &MainWindow::errorReported);
    f.window->profilesSidebar()->selectProfile(keep);
    QTest::mouseClick(child<QPushButton>(f.window->profilesSidebar(), "deleteButton"), Qt::LeftButton);
    QTRY_COMPARE(errors.size(), 1);
    QVERIFY(errors.first().first().toString().contains(QStringLiteral("kept")));
    QVERIFY(f.window->profiles()->profile(keep));
}

void TestSecretsGui::indicatorForKeychain()
{
    // A keychain store that is not probed: the indicator names it without touching D-Bus.
    QTemporaryDir dir;
    KeychainSecretStore keychain(QStringLiteral("dev.oauthworkbench.test-indicator"), nullptr);
    MainWindowOptions o = optionsIn(dir.path(), &keychain);
    o.probeSecrets = false;
    MainWindow w(o);
    QCOMPARE(w.secretsIndicator()->text(), QStringLiteral("Secrets: OS keychain (Secret Service)"));
    QVERIFY(w.secretsIndicator()->toolTip().contains(QStringLiteral("never contain")));
    QVERIFY(!w.keychainBanner()->isVisibleTo(&w));
    QVERIFY(w.secretStore()->isPersistent());
}

void TestSecretsGui::probeFailureSwitchesToMemory_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("indicator");
    QTest::addColumn<QString>("cause");
    QTest::newRow("no Secret Service")
        << int(SecretStatus::NoBackend) << QStringLiteral("Secrets: memory only — no Secret Service")
        << QStringLiteral("No Secret Service is running");
    QTest::newRow("locked") << int(SecretStatus::AccessDenied)
                            << QStringLiteral("Secrets: memory only — keychain locked or access denied")
                            << QStringLiteral("gnome-keyring-daemon --unlock");
}

void TestSecretsGui::probeFailureSwitchesToMemory()
{
    QFETCH(int, status);
    QFETCH(QString, indicator);
    QFETCH(QString, cause);
    auto failing = std::make_unique<MemorySecretStore>();
    failing->setForcedFailure(SecretStatus(status)); // a keychain that fails every call
    MemorySecretStore *primary = failing.get();
    WindowFixture f(false, std::move(failing));
    showActive(*f.window);
    QTRY_VERIFY(f.window->secretStore()->mode() == SwitchableSecretStore::Mode::Memory);
    QCOMPARE(f.window->secretsIndicator()->text(), indicator);
    QVERIFY(f.window->secretsIndicator()->toolTip().contains(cause));
    KeychainBanner *banner = f.window->keychainBanner();
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->message().contains(cause), qPrintable(banner->message()));
    QVERIFY(banner->message().contains(QStringLiteral("memory for this session only")));
    QVERIFY(!f.window->secretStore()->isPersistent());

    // Secrets typed now live in memory, never in the failing keychain nor in a file.
    const QString id = makeConfidentialProfile(f, QStringLiteral("Offline"), QStringLiteral("mem-secret"));
    QTRY_COMPARE(readStored(*f.window->secretStore(), SecretStore::clientSecretKey(id)).value,
                 QStringLiteral("mem-secret"));
    QVERIFY(primary->keys().isEmpty());
    QVERIFY(!profileFileText(f, id).contains(QStringLiteral("mem-secret")));
    QTRY_VERIFY(child<QLabel>(f.window->profileEditor(), "secretNoteLabel")
                    ->text()
                    .contains(QStringLiteral("memory (this session only)")));

    // Dismiss hides the banner; the indicator stays.
    QTest::mouseClick(child<QPushButton>(banner, "keychainBannerDismiss"), Qt::LeftButton);
    QVERIFY(!banner->isVisible());
    QVERIFY(f.window->secretsIndicator()->isVisible());
}

void TestSecretsGui::flowStoresTokensShownOnNextStart()
{
    SandboxServer sandbox;
    SandboxConfig config;
    config.autoApprove = true;
    QString error;
    QVERIFY2(sandbox.start(config, &error), qPrintable(error));

    auto window = std::make_unique<WindowFixture>();
    ProfileInput in;
    in.name = QStringLiteral("Sandbox stored tokens");
    in.issuer = sandbox.issuer();
    in.clientId = QStringLiteral("sandbox-basic");
    in.secret = QStringLiteral("sandbox-secret");
    in.authMethod = QStringLiteral("client_secret_basic");
    createProfileThroughEditor(*window->window, in);
    const QString id = window->window->profilesSidebar()->currentProfileId();
    window->window->startFlow();
    QTRY_VERIFY2_WITH_TIMEOUT(window->window->runner()->session() && !window->window->runner()->isRunning(),
                              qPrintable(stepsOf(window->window->runner()->session())), 30000);
    const Session *s = window->window->runner()->session();
    QVERIFY2(s->outcome == Outcome::Succeeded, qPrintable(s->error.message));
    const QString key = SecretStore::tokensKey(id);
    QTRY_VERIFY(memoryOf(*window)->keys().contains(key));
    const SecretResult read = readStored(*window->secrets, key);
    QVERIFY(read.ok());
    const auto stored = tokenSetFromText(read.value);
    QVERIFY(stored);
    QCOMPARE(stored->accessToken, s->tokens.accessToken);
    QCOMPARE(stored->refreshToken, s->tokens.refreshToken);

    // A new window on the same directories and store (the next start) shows the stored set.
    QTemporaryDir *dir = &window->dir;
    dir->setAutoRemove(false);
    const QString path = dir->path();
    std::unique_ptr<SecretStore> store = std::move(window->secrets);
    window->window.reset();
    window.reset();
    {
        MainWindow next(optionsIn(path, store.get()));
        QCOMPARE(next.profilesSidebar()->currentProfileId(), id);
        QVERIFY(!next.shownSession());
        TokensPanel *tokens = next.tokensPanel();
        QTRY_VERIFY(tokens->idTokenView()->isJwt());
        QTRY_VERIFY(child<QLabel>(tokens, "summaryLabel")->text().contains(QStringLiteral("Bearer")));
        QTRY_VERIFY(child<QPushButton>(next.profileEditor(), "forgetTokensButton")->isEnabled());
        // Forget tokens empties the panel too.
        next.forgetTokens(id);
        QTRY_VERIFY(!tokens->idTokenView()->isJwt());
    }
    QDir(path).removeRecursively();
}

QTEST_MAIN(TestSecretsGui)
#include "tst_secretsgui.moc"
