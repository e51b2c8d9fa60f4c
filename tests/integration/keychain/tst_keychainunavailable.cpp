// KeychainSecretStore when no keychain can be used, run two ways by CTest:
//   WB_KEYCHAIN_EXPECT=nobackend  DBUS_SESSION_BUS_ADDRESS points to a dead socket
//   WB_KEYCHAIN_EXPECT=locked     run-with-locked-keyring.sh: a Secret Service with no unlocked
//                                 collection and no way to prompt
// Either way: a clear status and message naming cause and fix, nothing written to disk in
// clear (no silent fallback), and the explicit memory-only mode still works.
#include "store/KeychainSecretStore.h"
#include "store/MemorySecretStore.h"
#include "store/ProfileStore.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace wb;

#define WB_VERIFY_STATUS(result, expected)                                                                   \
    QVERIFY2(                                                                                                \
        (result).status == (expected),                                                                       \
        qPrintable(                                                                                          \
            QStringLiteral("status '%1', message: %2").arg(toString((result).status), (result).message)))

class TstKeychainUnavailable : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void writeFailsWithCauseAndFix();
    void probeReportsTheSameCause();
    void readAndDeleteFailOrFindNothing();
    void nothingLandsOnDisk();
    void profileRemovalKeepsTheFile();
    void memoryOnlyModeWorks();

private:
    SecretStatus m_expected = SecretStatus::NoBackend;
    QByteArray m_needle = "unavailable-needle-51c0ffee";
};

void TstKeychainUnavailable::initTestCase()
{
    const QString mode = qEnvironmentVariable("WB_KEYCHAIN_EXPECT");
    QVERIFY2(mode == u"nobackend" || mode == u"locked",
             "set WB_KEYCHAIN_EXPECT=nobackend|locked (see CMakeLists.txt)");
    m_expected = mode == u"locked" ? SecretStatus::AccessDenied : SecretStatus::NoBackend;
    if (m_expected == SecretStatus::NoBackend)
        QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(QStringLiteral("/nonexistent")),
                 "expected DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent");
    // Whatever happens must happen in throwaway dirs, never the developer's home.
    for (const char *var : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
        QVERIFY2(qEnvironmentVariable(var).startsWith(QDir::tempPath()), var);
}

void TstKeychainUnavailable::writeFailsWithCauseAndFix()
{
    KeychainSecretStore store;
    const SecretResult r =
        store.writeSecretSync(QStringLiteral("profile/x/client_secret"), QString::fromLatin1(m_needle));
    WB_VERIFY_STATUS(r, m_expected);
    QVERIFY(!r.reachable());
    if (m_expected == SecretStatus::NoBackend)
        QVERIFY2(r.message.contains(QStringLiteral("No Secret Service is running on the session D-Bus")),
                 qPrintable(r.message));
    else
        QVERIFY2(r.message.contains(QStringLiteral("locked")) && r.message.contains(QStringLiteral("Unlock")),
                 qPrintable(r.message));
    QVERIFY2(r.message.contains(QStringLiteral("memory for this session only")), qPrintable(r.message));
}

void TstKeychainUnavailable::probeReportsTheSameCause()
{
    KeychainSecretStore store;
    WB_VERIFY_STATUS(store.probeSync(), m_expected);
}

void TstKeychainUnavailable::readAndDeleteFailOrFindNothing()
{
    KeychainSecretStore store;
    const SecretResult read = store.readSecretSync(QStringLiteral("profile/x/tokens"));
    if (m_expected == SecretStatus::NoBackend) {
        WB_VERIFY_STATUS(read, SecretStatus::NoBackend);
        WB_VERIFY_STATUS(store.deleteSecretSync(QStringLiteral("profile/x/tokens")), SecretStatus::NoBackend);
    } else {
        // A locked keyring answers searches (nothing visible), which is why probe() writes.
        QVERIFY(read.status == SecretStatus::NotFound || read.status == SecretStatus::AccessDenied);
    }
    QVERIFY(read.value.isEmpty());
}

void TstKeychainUnavailable::nothingLandsOnDisk()
{
    KeychainSecretStore store;
    store.writeSecretSync(QStringLiteral("profile/disk/client_secret"), QString::fromLatin1(m_needle));
    QStringList hits;
    for (const char *var : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        QDirIterator it(qEnvironmentVariable(var), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(m_needle))
                hits << f.fileName();
        }
    }
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char(' ')))); // no QSettings plaintext fallback
}

void TstKeychainUnavailable::profileRemovalKeepsTheFile()
{
    if (m_expected == SecretStatus::AccessDenied)
        QSKIP("deleting from a locked keyring finds nothing to delete and succeeds; covered by nobackend");
    QTemporaryDir dir;
    KeychainSecretStore secrets;
    ProfileStore profiles(dir.path(), &secrets);
    Profile p;
    p.name = QStringLiteral("stuck");
    QVERIFY(profiles.save(p).ok());
    const ProfileStoreResult r = profiles.removeSync(QStringLiteral("stuck"));
    QVERIFY(r.code == ProfileStoreResult::Code::SecretStoreError);
    QVERIFY(r.secretStatus == SecretStatus::NoBackend);
    QVERIFY2(r.message.contains(QStringLiteral("No Secret Service")), qPrintable(r.message));
    QVERIFY(QFile::exists(profiles.filePath(p.id)));
}

void TstKeychainUnavailable::memoryOnlyModeWorks()
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    QCOMPARE(secrets.backendName(), QStringLiteral("memory only (this session)"));
    WB_VERIFY_STATUS(secrets.probeSync(), SecretStatus::Ok);
    ProfileStore profiles(dir.path(), &secrets);
    Profile p;
    p.name = QStringLiteral("session-only");
    p.clientSecret = QString::fromLatin1(m_needle);
    QVERIFY(profiles.save(p).ok());
    QVERIFY(secrets.writeSecretSync(SecretStore::clientSecretKey(p.id), p.clientSecret).ok());
    QCOMPARE(secrets.readSecretSync(SecretStore::clientSecretKey(p.id)).value, p.clientSecret);
    QFile f(profiles.filePath(p.id));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!f.readAll().contains(m_needle));
    f.close();
    QVERIFY(profiles.removeSync(p.id).ok());
    QVERIFY(secrets.keys().isEmpty());
}

QTEST_GUILESS_MAIN(TstKeychainUnavailable)
#include "tst_keychainunavailable.moc"
