// The window against the real OS keychain (gnome-keyring inside scripts/test.sh's D-Bus session):
// the secret typed in the profile editor lands in the Secret Service under the profile's key, never
// in the profile file, and deleting the profile in the window removes it again. Items live under a
// service name of their own, so nothing collides with the application's real items. Skips when no
// Secret Service answers (plain ctest without scripts/test.sh).
#include "support/GuiTestSupport.h"

#include "profiles/ProfilesController.h"
#include "secrets/SecretsIndicator.h"
#include "secrets/SwitchableSecretStore.h"
#include "store/KeychainSecretStore.h"

#include <QDir>
#include <QUuid>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

class TestKeychainGui : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void editorSecretInRealKeychain();

private:
    QString m_service;
};

void TestKeychainGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_service = QStringLiteral("dev.oauthworkbench.test.gui-%1")
                    .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    KeychainSecretStore probe(m_service, nullptr);
    probe.setSyncTimeoutMs(20000);
    const SecretResult r = probe.probeSync();
    if (!r.ok())
        QSKIP(qPrintable(QStringLiteral("no usable Secret Service here (%1); run through scripts/test.sh")
                             .arg(r.message)));
}

void TestKeychainGui::editorSecretInRealKeychain()
{
    WindowFixture f(false, std::make_unique<KeychainSecretStore>(m_service, nullptr));
    QTRY_VERIFY_WITH_TIMEOUT(f.window->secretStore()->mode() == SwitchableSecretStore::Mode::Keychain, 30000);
    QCOMPARE(f.window->secretsIndicator()->text(), QStringLiteral("Secrets: OS keychain (Secret Service)"));

    ProfileInput in;
    in.name = QStringLiteral("Real keychain");
    in.issuer = QStringLiteral("https://login.example.com");
    in.clientId = QStringLiteral("keychain-client");
    in.secret = QStringLiteral("real-keychain-secret-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    in.authMethod = QStringLiteral("client_secret_post");
    createProfileThroughEditor(*f.window, in);
    f.window->profileEditor()->flushPendingEdit();
    const QString id = f.window->profilesSidebar()->currentProfileId();
    QVERIFY(!id.isEmpty());

    // Another store on the same service (as another process would) reads it from the keyring.
    KeychainSecretStore reader(m_service, nullptr);
    reader.setSyncTimeoutMs(20000);
    QTRY_COMPARE_WITH_TIMEOUT(reader.readSecretSync(SecretStore::clientSecretKey(id)).value, in.secret,
                              20000);
    QFile file(QDir(f.profilesDir()).filePath(id + QStringLiteral(".json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(in.secret.toUtf8()));

    // Deleting the profile in the window deletes its keychain item.
    f.window->profilesSidebar()->selectProfile(id);
    QTest::mouseClick(child<QPushButton>(f.window->profilesSidebar(), "deleteButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!f.window->profiles()->profile(id), 20000);
    const SecretResult gone = reader.readSecretSync(SecretStore::clientSecretKey(id));
    QVERIFY2(gone.status == SecretStatus::NotFound, qPrintable(gone.message));
    QVERIFY(!file.exists());
}

QTEST_MAIN(TestKeychainGui)
#include "tst_keychaingui.moc"
