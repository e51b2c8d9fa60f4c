// KeychainSecretStore against a real Secret Service (gnome-keyring in dbus-run-session, see
// run-with-keyring.sh): round trips, a second process reading what the first wrote,
// secret-tool seeing the items under our service name, and profile removal deleting them.
#include "Version.h"
#include "store/KeychainSecretStore.h"
#include "store/ProfileStore.h"
#include "store/TokenSetJson.h"

#include <QDirIterator>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace wb;

#define WB_VERIFY_STATUS(result, expected)                                                                   \
    QVERIFY2(                                                                                                \
        (result).status == (expected),                                                                       \
        qPrintable(                                                                                          \
            QStringLiteral("status '%1', message: %2").arg(toString((result).status), (result).message)))

namespace {
const QString kService = QString::fromLatin1(kAppId);

// secret-tool is libsecret's own client: it proves the item is in the Secret Service itself.
QProcess::ExitStatus secretTool(const QStringList &args, QByteArray *out, int *code)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"), args);
    p.waitForFinished(30000);
    *out = p.readAllStandardOutput();
    *code = p.exitCode();
    return p.exitStatus();
}

QByteArray lookup(const QString &key, int *code)
{
    QByteArray out;
    secretTool({QStringLiteral("lookup"), QStringLiteral("server"), kService, QStringLiteral("user"), key},
               &out, code);
    return out;
}

// Every file under the sandbox's XDG dirs that contains `needle` in clear.
QStringList filesContaining(const QByteArray &needle)
{
    QStringList hits;
    for (const char *var : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        QDirIterator it(qEnvironmentVariable(var), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
                hits << f.fileName();
        }
    }
    return hits;
}
} // namespace

class TstKeychainStore : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void describesItself();
    void probeWritesAndRemovesMarker();
    void roundTripAsync();
    void readMissingIsNotFound();
    void secondProcessReadsWhatFirstWrote();
    void unicodeAndLargeValues();
    void tokenSetRoundTrip();
    void profileRemovalDeletesItems();
    void nothingInClearOnDisk();

private:
    QString m_self;
};

void TstKeychainStore::initTestCase()
{
    // Never touch a developer's real keyring: only run inside run-with-keyring.sh's sandbox.
    QVERIFY2(qEnvironmentVariableIsSet("WB_KEYRING_SANDBOX"),
             "run me via tests/integration/keychain/run-with-keyring.sh");
    QVERIFY(qEnvironmentVariable("XDG_DATA_HOME").startsWith(qEnvironmentVariable("WB_KEYRING_SANDBOX")));
    m_self = QCoreApplication::applicationFilePath();
}

void TstKeychainStore::describesItself()
{
    KeychainSecretStore store;
    QCOMPARE(store.backendName(), QStringLiteral("OS keychain (Secret Service)"));
    QVERIFY(store.isPersistent());
    QCOMPARE(store.service(), kService);
}

void TstKeychainStore::probeWritesAndRemovesMarker()
{
    KeychainSecretStore store;
    const SecretResult r = store.probeSync();
    WB_VERIFY_STATUS(r, SecretStatus::Ok);
    WB_VERIFY_STATUS(store.readSecretSync(SecretStore::probeKey()), SecretStatus::NotFound);
}

void TstKeychainStore::roundTripAsync()
{
    KeychainSecretStore store;
    QSignalSpy changed(&store, &SecretStore::secretChanged);
    const QString key = QStringLiteral("profile/roundtrip/client_secret");
    std::optional<SecretResult> wrote;
    store.writeSecret(key, QStringLiteral("first"), [&](const SecretResult &r) { wrote = r; });
    QVERIFY(!wrote.has_value()); // asynchronous, as documented
    QTRY_VERIFY_WITH_TIMEOUT(wrote.has_value(), 30000);
    WB_VERIFY_STATUS(*wrote, SecretStatus::Ok);
    QCOMPARE(changed.count(), 1);

    QVERIFY(store.writeSecretSync(key, QStringLiteral("second")).ok()); // overwrite, not a duplicate
    std::optional<SecretResult> read;
    store.readSecret(key, [&](const SecretResult &r) { read = r; });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 30000);
    WB_VERIFY_STATUS(*read, SecretStatus::Ok);
    QCOMPARE(read->value, QStringLiteral("second"));

    int code = -1;
    QCOMPARE(lookup(key, &code), QByteArray("second"));
    QCOMPARE(code, 0);

    WB_VERIFY_STATUS(store.deleteSecretSync(key), SecretStatus::Ok);
    WB_VERIFY_STATUS(store.readSecretSync(key), SecretStatus::NotFound);
    lookup(key, &code);
    QVERIFY(code != 0);
}

void TstKeychainStore::readMissingIsNotFound()
{
    KeychainSecretStore store;
    const SecretResult r = store.readSecretSync(QStringLiteral("profile/never-written/tokens"));
    WB_VERIFY_STATUS(r, SecretStatus::NotFound);
    QVERIFY(r.reachable());
    QVERIFY(r.value.isEmpty());
}

void TstKeychainStore::secondProcessReadsWhatFirstWrote()
{
    const QString key = QStringLiteral("profile/cross-process/client_secret");
    KeychainSecretStore store;
    QVERIFY(store.writeSecretSync(key, QStringLiteral("written-by-parent")).ok());

    QProcess child;
    child.start(m_self, {QStringLiteral("--child-read"), key});
    QVERIFY(child.waitForFinished(60000));
    QCOMPARE(child.exitCode(), 0);
    QCOMPARE(child.readAllStandardOutput(), QByteArray("written-by-parent"));

    child.start(m_self, {QStringLiteral("--child-write"), key, QStringLiteral("written-by-child")});
    QVERIFY(child.waitForFinished(60000));
    QCOMPARE(child.exitCode(), 0);
    QCOMPARE(store.readSecretSync(key).value, QStringLiteral("written-by-child"));
    QVERIFY(store.deleteSecretSync(key).ok());
}

void TstKeychainStore::unicodeAndLargeValues()
{
    KeychainSecretStore store;
    const QString key = QStringLiteral("profile/unicode/client_secret");
    const QString value = QStringLiteral("pä$$ wört:/+%=\u2603 ") + QString(16384, QLatin1Char('x'));
    QVERIFY(store.writeSecretSync(key, value).ok());
    QCOMPARE(store.readSecretSync(key).value, value);
    QVERIFY(store.deleteSecretSync(key).ok());
}

void TstKeychainStore::tokenSetRoundTrip()
{
    KeychainSecretStore store;
    TokenSet t;
    t.accessToken = QStringLiteral("at-") + QString(900, QLatin1Char('a'));
    t.refreshToken = QStringLiteral("rt-value");
    t.idToken = QStringLiteral("eyJ.eyJ.sig");
    t.tokenType = QStringLiteral("Bearer");
    t.scope = QStringLiteral("openid offline_access");
    t.expiresIn = 600;
    t.obtainedAt = QDateTime::currentDateTimeUtc();
    const QString key = SecretStore::tokensKey(QStringLiteral("tokens-roundtrip"));
    QVERIFY(store.writeSecretSync(key, tokenSetToText(t)).ok());
    const auto back = tokenSetFromText(store.readSecretSync(key).value);
    QVERIFY(back.has_value());
    QCOMPARE(back->accessToken, t.accessToken);
    QCOMPARE(back->refreshToken, t.refreshToken);
    QCOMPARE(back->expiresAt(), t.expiresAt());
    QVERIFY(store.deleteSecretSync(key).ok());
}

void TstKeychainStore::profileRemovalDeletesItems()
{
    QTemporaryDir dir;
    KeychainSecretStore secrets;
    ProfileStore profiles(dir.path(), &secrets);
    Profile gone;
    gone.name = QStringLiteral("gone");
    Profile kept;
    kept.name = QStringLiteral("kept");
    QVERIFY(profiles.save(gone).ok());
    QVERIFY(profiles.save(kept).ok());
    for (const Profile &p : {gone, kept}) {
        QVERIFY(
            secrets.writeSecretSync(SecretStore::clientSecretKey(p.id), QStringLiteral("cs-") + p.name).ok());
        QVERIFY(secrets.writeSecretSync(SecretStore::tokensKey(p.id), QStringLiteral("{}")).ok());
    }
    const ProfileStoreResult r = profiles.removeSync(QStringLiteral("gone"));
    QVERIFY2(r.ok(), qPrintable(r.message));

    int code = -1;
    lookup(SecretStore::clientSecretKey(gone.id), &code);
    QVERIFY(code != 0);
    lookup(SecretStore::tokensKey(gone.id), &code);
    QVERIFY(code != 0);
    QCOMPARE(lookup(SecretStore::clientSecretKey(kept.id), &code), QByteArray("cs-kept"));
    QVERIFY(profiles.removeSync(QStringLiteral("kept")).ok());
    QByteArray out;
    secretTool({QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"), kService}, &out,
               &code);
    QVERIFY2(!out.contains(gone.id.toUtf8()) && !out.contains(kept.id.toUtf8()), out.constData());
}

void TstKeychainStore::nothingInClearOnDisk()
{
    KeychainSecretStore store;
    const QByteArray needle = "needle-9f2c1e-never-on-disk";
    QVERIFY(store.writeSecretSync(QStringLiteral("profile/disk/client_secret"), QString::fromLatin1(needle))
                .ok());
    int code = -1;
    QCOMPARE(lookup(QStringLiteral("profile/disk/client_secret"), &code), needle); // it is stored...
    const QStringList hits = filesContaining(needle);                              // ...but never in clear
    QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QLatin1Char(' '))));
    QVERIFY(store.deleteSecretSync(QStringLiteral("profile/disk/client_secret")).ok());
}

// Child modes for secondProcessReadsWhatFirstWrote: a separate process with its own connection.
static int childMain(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    KeychainSecretStore store;
    const QString key = QString::fromUtf8(argv[2]);
    if (qstrcmp(argv[1], "--child-read") == 0) {
        const SecretResult r = store.readSecretSync(key);
        fputs(r.value.toUtf8().constData(), stdout);
        return r.ok() ? 0 : 1;
    }
    return store.writeSecretSync(key, QString::fromUtf8(argv[3])).ok() ? 0 : 1;
}

int main(int argc, char *argv[])
{
    if ((argc == 3 && qstrcmp(argv[1], "--child-read") == 0) ||
        (argc == 4 && qstrcmp(argv[1], "--child-write") == 0))
        return childMain(argc, argv);
    QCoreApplication app(argc, argv);
    TstKeychainStore tc;
    return QTest::qExec(&tc, argc, argv);
}

#include "tst_keychainstore.moc"
