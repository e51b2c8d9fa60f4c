// Unit tests for MemorySecretStore and the SecretStore contract it shares with the keychain store.
#include "store/MemorySecretStore.h"

#include <QSignalSpy>
#include <QTest>

// QCOMPARE cannot print wb's enums (ADL finds wb::toString, which returns QString), so compare
// them with a message that names both values.
#define WB_COMPARE_ENUM(actual, expected)                                                                    \
    QVERIFY2((actual) == (expected),                                                                         \
             qPrintable(QStringLiteral("%1 != %2").arg(int(actual)).arg(int(expected))))

using namespace wb;

class TstMemorySecretStore : public QObject {
    Q_OBJECT
private slots:
    void writeReadDelete();
    void readMissingIsNotFound();
    void callbacksAreNeverSynchronous();
    void syncVariants();
    void probeLeavesNoMarker();
    void forcedFailureCarriesMessage();
    void keysAreNamespacedPerProfile();
    void backendNameSaysMemoryOnly();
};

void TstMemorySecretStore::writeReadDelete()
{
    MemorySecretStore store;
    QSignalSpy changed(&store, &SecretStore::secretChanged);
    bool wrote = false;
    store.writeSecret(QStringLiteral("k"), QStringLiteral("v1"),
                      [&](const SecretResult &r) { wrote = r.ok(); });
    QTRY_VERIFY(wrote);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("k"));

    std::optional<SecretResult> read;
    store.readSecret(QStringLiteral("k"), [&](const SecretResult &r) { read = r; });
    QTRY_VERIFY(read.has_value());
    WB_COMPARE_ENUM(read->status, SecretStatus::Ok);
    QCOMPARE(read->value, QStringLiteral("v1"));

    std::optional<SecretResult> deleted;
    store.deleteSecret(QStringLiteral("k"), [&](const SecretResult &r) { deleted = r; });
    QTRY_VERIFY(deleted.has_value());
    WB_COMPARE_ENUM(deleted->status, SecretStatus::Ok);
    QCOMPARE(changed.count(), 2);
    QVERIFY(store.keys().isEmpty());
}

void TstMemorySecretStore::readMissingIsNotFound()
{
    MemorySecretStore store;
    const SecretResult r = store.readSecretSync(QStringLiteral("nope"));
    WB_COMPARE_ENUM(r.status, SecretStatus::NotFound);
    QVERIFY(r.value.isEmpty());
    QVERIFY(r.reachable());
    QVERIFY(!r.ok());
    WB_COMPARE_ENUM(store.deleteSecretSync(QStringLiteral("nope")).status, SecretStatus::NotFound);
}

void TstMemorySecretStore::callbacksAreNeverSynchronous()
{
    MemorySecretStore store;
    bool called = false;
    store.writeSecret(QStringLiteral("k"), QStringLiteral("v"), [&](const SecretResult &) { called = true; });
    QVERIFY(!called); // same timing contract as a keychain job
    QTRY_VERIFY(called);
}

void TstMemorySecretStore::syncVariants()
{
    MemorySecretStore store;
    QVERIFY(store.writeSecretSync(QStringLiteral("a"), QStringLiteral("x")).ok());
    QCOMPARE(store.readSecretSync(QStringLiteral("a")).value, QStringLiteral("x"));
    QVERIFY(store.writeSecretSync(QStringLiteral("a"), QStringLiteral("y")).ok());
    QCOMPARE(store.readSecretSync(QStringLiteral("a")).value, QStringLiteral("y"));
    QVERIFY(store.deleteSecretSync(QStringLiteral("a")).ok());
    WB_COMPARE_ENUM(store.readSecretSync(QStringLiteral("a")).status, SecretStatus::NotFound);
}

void TstMemorySecretStore::probeLeavesNoMarker()
{
    MemorySecretStore store;
    QVERIFY(store.probeSync().ok());
    QVERIFY(store.keys().isEmpty());
}

void TstMemorySecretStore::forcedFailureCarriesMessage()
{
    MemorySecretStore store;
    QVERIFY(store.writeSecretSync(QStringLiteral("k"), QStringLiteral("v")).ok());
    store.setForcedFailure(SecretStatus::NoBackend);
    const SecretResult r = store.readSecretSync(QStringLiteral("k"));
    WB_COMPARE_ENUM(r.status, SecretStatus::NoBackend);
    QVERIFY(r.value.isEmpty());
    QVERIFY(r.message.contains(QStringLiteral("No Secret Service")));
    QVERIFY(r.message.contains(QStringLiteral("memory")));
    WB_COMPARE_ENUM(store.probeSync().status, SecretStatus::NoBackend);

    store.setForcedFailure(SecretStatus::AccessDenied);
    const SecretResult denied = store.writeSecretSync(QStringLiteral("k"), QStringLiteral("w"));
    WB_COMPARE_ENUM(denied.status, SecretStatus::AccessDenied);
    QVERIFY(denied.message.contains(QStringLiteral("locked")));

    store.setForcedFailure(std::nullopt);
    QCOMPARE(store.readSecretSync(QStringLiteral("k")).value,
             QStringLiteral("v")); // failures changed nothing
}

void TstMemorySecretStore::keysAreNamespacedPerProfile()
{
    QCOMPARE(SecretStore::clientSecretKey(QStringLiteral("abc")),
             QStringLiteral("profile/abc/client_secret"));
    QCOMPARE(SecretStore::tokensKey(QStringLiteral("abc")), QStringLiteral("profile/abc/tokens"));
    QVERIFY(SecretStore::probeKey() != SecretStore::tokensKey(QString()));
}

void TstMemorySecretStore::backendNameSaysMemoryOnly()
{
    MemorySecretStore store;
    QCOMPARE(store.backendName(), QStringLiteral("memory only (this session)"));
    QVERIFY(!store.isPersistent());
}

QTEST_GUILESS_MAIN(TstMemorySecretStore)
#include "tst_memorysecretstore.moc"
