// Unit tests for ProfileStore: files in a temporary directory, with the in-memory secret store.
#include "store/MemorySecretStore.h"
#include "store/ProfileStore.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// QCOMPARE cannot print wb's enums (ADL finds wb::toString, which returns QString), so compare
// them with a message that names both values.
#define WB_COMPARE_ENUM(actual, expected)                                                                    \
    QVERIFY2((actual) == (expected),                                                                         \
             qPrintable(QStringLiteral("%1 != %2").arg(int(actual)).arg(int(expected))))

using namespace wb;

namespace {
const QString kSecret = QStringLiteral("cl13nt-s3cr3t-VALUE-never-on-disk");

Profile sampleProfile(const QString &name)
{
    Profile p;
    p.name = name;
    p.issuer = QStringLiteral("https://idp.example/");
    p.clientId = QStringLiteral("client-1");
    p.clientSecret = kSecret;
    p.authMethod = ClientAuthMethod::ClientSecretPost;
    p.scope = QStringLiteral("openid email offline_access");
    p.extraParams = {{QStringLiteral("prompt"), QStringLiteral("consent")}};
    p.redirectPort = 8765;
    p.pkce = PkceMethod::Plain;
    return p;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TstProfileStore : public QObject {
    Q_OBJECT
private slots:
    void roundTrip();
    void idIsStableAcrossSaves();
    void namesAreUniqueIgnoringCase();
    void invalidNamesAndIds();
    void listIsSortedAndSkipsJunk();
    void fileAndDirectoryModes();
    void secretNeverLandsInTheFile();
    void removeDeletesFileAndKeychainItems();
    void removeKeepsFileWhenKeychainUnreachable();
    void removeUnknownIsNotFound();
};

void TstProfileStore::roundTrip()
{
    QTemporaryDir tmp;
    ProfileStore store(tmp.filePath(QStringLiteral("profiles")));
    QSignalSpy changed(&store, &ProfileStore::profilesChanged);
    Profile p = sampleProfile(QStringLiteral("  Work IdP "));
    QVERIFY(store.save(p).ok());
    QCOMPARE(changed.count(), 1);
    QVERIFY(!p.id.isEmpty());
    QCOMPARE(p.name, QStringLiteral("Work IdP")); // trimmed
    QVERIFY(QFile::exists(store.filePath(p.id)));

    const auto byName = store.load(QStringLiteral("work idp"));
    QVERIFY(byName.has_value());
    QCOMPARE(byName->id, p.id);
    QCOMPARE(byName->issuer, p.issuer);
    QCOMPARE(byName->clientId, p.clientId);
    WB_COMPARE_ENUM(byName->authMethod, ClientAuthMethod::ClientSecretPost);
    QCOMPARE(byName->scope, p.scope);
    QCOMPARE(byName->extraParams, p.extraParams);
    QCOMPARE(byName->redirectPort, 8765);
    WB_COMPARE_ENUM(byName->pkce, PkceMethod::Plain);
    QVERIFY(byName->clientSecret.isEmpty()); // secrets come from the SecretStore, never the file

    const auto byId = store.load(p.id);
    QVERIFY(byId.has_value());
    QCOMPARE(byId->name, p.name);
    QVERIFY(!store.load(QStringLiteral("other")).has_value());
}

void TstProfileStore::idIsStableAcrossSaves()
{
    QTemporaryDir tmp;
    ProfileStore store(tmp.path());
    Profile p = sampleProfile(QStringLiteral("a"));
    QVERIFY(store.save(p).ok());
    const QString id = p.id;
    p.name = QStringLiteral("renamed");
    p.scope = QStringLiteral("openid profile");
    QVERIFY(store.save(p).ok());
    QCOMPARE(p.id, id);
    QCOMPARE(store.list().size(), 1);
    QCOMPARE(store.load(id)->name, QStringLiteral("renamed"));
    QVERIFY(!store.load(QStringLiteral("a")).has_value());
}

void TstProfileStore::namesAreUniqueIgnoringCase()
{
    QTemporaryDir tmp;
    ProfileStore store(tmp.path());
    Profile a = sampleProfile(QStringLiteral("Google"));
    QVERIFY(store.save(a).ok());
    Profile b = sampleProfile(QStringLiteral("gOOgle"));
    const auto r = store.save(b);
    WB_COMPARE_ENUM(r.code, ProfileStoreResult::Code::NameTaken);
    QVERIFY(r.message.contains(QStringLiteral("Google")));
    QCOMPARE(store.list().size(), 1);
    b.name = QStringLiteral("Google 2");
    QVERIFY(store.save(b).ok());
    QVERIFY(a.id != b.id);
    QCOMPARE(store.list().size(), 2);
}

void TstProfileStore::invalidNamesAndIds()
{
    QTemporaryDir tmp;
    ProfileStore store(tmp.path());
    Profile p = sampleProfile(QStringLiteral("   "));
    WB_COMPARE_ENUM(store.save(p).code, ProfileStoreResult::Code::InvalidName);
    p.name = QStringLiteral("bad\nname");
    WB_COMPARE_ENUM(store.save(p).code, ProfileStoreResult::Code::InvalidName);
    p.name = QStringLiteral("ok");
    p.id = QStringLiteral("../../escape");
    WB_COMPARE_ENUM(store.save(p).code, ProfileStoreResult::Code::InvalidName);
    QVERIFY(QDir(tmp.path()).entryList(QDir::Files).isEmpty());
}

void TstProfileStore::listIsSortedAndSkipsJunk()
{
    QTemporaryDir tmp;
    ProfileStore store(tmp.path());
    for (const char *name : {"zeta", "Alpha", "beta"}) {
        Profile p = sampleProfile(QString::fromLatin1(name));
        QVERIFY(store.save(p).ok());
    }
    QFile junk(tmp.filePath(QStringLiteral("junk.json")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("{ not json");
    junk.close();
    QStringList problems;
    const auto all = store.list(&problems);
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).name, QStringLiteral("Alpha"));
    QCOMPARE(all.at(1).name, QStringLiteral("beta"));
    QCOMPARE(all.at(2).name, QStringLiteral("zeta"));
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.at(0).contains(QStringLiteral("junk.json")));
}

void TstProfileStore::fileAndDirectoryModes()
{
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("cfg/profiles"));
    ProfileStore store(dir);
    Profile p = sampleProfile(QStringLiteral("modes"));
    QVERIFY(store.save(p).ok());
    const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    const auto groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                              QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    const auto filePerms = QFile::permissions(store.filePath(p.id));
    QCOMPARE(filePerms & owner, owner);
    QCOMPARE(filePerms & groupOrOther, QFileDevice::Permissions());
    QCOMPARE(QFile::permissions(dir) & groupOrOther, QFileDevice::Permissions());
    // Rewriting (QSaveFile replaces the file) keeps the mode.
    QVERIFY(store.save(p).ok());
    QCOMPARE(QFile::permissions(store.filePath(p.id)) & groupOrOther, QFileDevice::Permissions());
    // No temporary files are left behind by the atomic write.
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TstProfileStore::secretNeverLandsInTheFile()
{
    QTemporaryDir tmp;
    ProfileStore store(tmp.path());
    Profile p = sampleProfile(QStringLiteral("secretive"));
    p.authMethod = ClientAuthMethod::ClientSecretBasic;
    QVERIFY(store.save(p).ok());
    QVERIFY(store.save(p).ok());
    const QByteArray bytes = readAll(store.filePath(p.id));
    QVERIFY(bytes.contains("client-1"));         // the file really is the profile...
    QVERIFY(!bytes.contains(kSecret.toUtf8()));  // ...without the secret
    QVERIFY(!bytes.contains("client_secret\"")); // not even an empty member
    QVERIFY(!bytes.contains("s3cr3t"));
}

void TstProfileStore::removeDeletesFileAndKeychainItems()
{
    QTemporaryDir tmp;
    MemorySecretStore secrets;
    ProfileStore store(tmp.path(), &secrets);
    Profile p = sampleProfile(QStringLiteral("gone"));
    Profile keep = sampleProfile(QStringLiteral("kept"));
    QVERIFY(store.save(p).ok());
    QVERIFY(store.save(keep).ok());
    QVERIFY(secrets.writeSecretSync(SecretStore::clientSecretKey(p.id), kSecret).ok());
    QVERIFY(secrets.writeSecretSync(SecretStore::tokensKey(p.id), QStringLiteral("{}")).ok());
    QVERIFY(secrets.writeSecretSync(SecretStore::tokensKey(keep.id), QStringLiteral("{}")).ok());

    std::optional<ProfileStoreResult> result;
    store.remove(QStringLiteral("GONE"), [&](const ProfileStoreResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY2(result->ok(), qPrintable(result->message));
    QVERIFY(!QFile::exists(store.filePath(p.id)));
    QCOMPARE(secrets.keys(), QStringList{SecretStore::tokensKey(keep.id)});
    QCOMPARE(store.list().size(), 1);

    // Without stored items removal succeeds too (NotFound from the store means "already gone").
    QVERIFY(store.removeSync(QStringLiteral("kept")).ok() == true);
    QVERIFY(store.list().isEmpty());
}

void TstProfileStore::removeKeepsFileWhenKeychainUnreachable()
{
    QTemporaryDir tmp;
    MemorySecretStore secrets;
    ProfileStore store(tmp.path(), &secrets);
    Profile p = sampleProfile(QStringLiteral("stuck"));
    QVERIFY(store.save(p).ok());
    secrets.setForcedFailure(SecretStatus::NoBackend);
    const ProfileStoreResult r = store.removeSync(QStringLiteral("stuck"));
    WB_COMPARE_ENUM(r.code, ProfileStoreResult::Code::SecretStoreError);
    WB_COMPARE_ENUM(r.secretStatus, SecretStatus::NoBackend);
    QVERIFY(r.message.contains(QStringLiteral("kept")));
    QVERIFY(r.message.contains(QStringLiteral("No Secret Service")));
    QVERIFY(QFile::exists(store.filePath(p.id)));
}

void TstProfileStore::removeUnknownIsNotFound()
{
    QTemporaryDir tmp;
    MemorySecretStore secrets;
    ProfileStore store(tmp.path(), &secrets);
    WB_COMPARE_ENUM(store.removeSync(QStringLiteral("nobody")).code, ProfileStoreResult::Code::NotFound);
}

QTEST_GUILESS_MAIN(TstProfileStore)
#include "tst_profilestore.moc"
