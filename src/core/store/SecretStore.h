#pragma once
// SecretStore: where client secrets and token sets live (OS keychain, or memory for this session
// only). Asynchronous because keychain access goes over D-Bus and may prompt the user.

#include <QObject>
#include <QString>
#include <functional>

namespace wb {

enum class SecretStatus {
    Ok,
    NotFound,     // the store works, but holds no item under this key
    NoBackend,    // no keychain reachable (e.g. no Secret Service on the session bus)
    AccessDenied, // keychain locked, or access refused by the user or the system
    OtherError,
};

QString toString(SecretStatus s);

// Outcome of one secret operation. `message` names the cause and the fix in plain language
// whenever status is not Ok; `value` is only filled by a successful read.
struct SecretResult {
    SecretStatus status = SecretStatus::Ok;
    QString value;
    QString message;

    bool ok() const { return status == SecretStatus::Ok; }
    // Ok or NotFound: the store answered; for deletes both mean "the item is gone now".
    bool reachable() const { return status == SecretStatus::Ok || status == SecretStatus::NotFound; }
};

class SecretStore : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const SecretResult &)>;

    explicit SecretStore(QObject *parent = nullptr);
    ~SecretStore() override;

    // For the "secrets live in ..." indicator, e.g. "OS keychain (Secret Service)".
    virtual QString backendName() const = 0;
    // False for the session-only memory store: nothing survives the process.
    virtual bool isPersistent() const = 0;

    // Each call invokes `done` exactly once, later, from the event loop (never from inside the
    // call), unless this store is destroyed first.
    virtual void readSecret(const QString &key, Callback done) = 0;
    virtual void writeSecret(const QString &key, const QString &value, Callback done) = 0;
    virtual void deleteSecret(const QString &key, Callback done) = 0;

    // Checks that the store can actually keep a secret by writing and deleting a marker item.
    // Ok means usable; NoBackend/AccessDenied carry the message to show.
    void probe(Callback done);

    // Blocking variants for the CLI: they spin a local QEventLoop until the job finishes (or
    // `syncTimeoutMs` passes). The GUI must not use them: re-entering the event loop from a slot
    // can deliver unrelated events mid-operation; use the asynchronous calls there.
    SecretResult readSecretSync(const QString &key);
    SecretResult writeSecretSync(const QString &key, const QString &value);
    SecretResult deleteSecretSync(const QString &key);
    SecretResult probeSync();
    void setSyncTimeoutMs(int ms) { m_syncTimeoutMs = ms; }

    // Key names, namespaced per profile; the service/collection is namespaced by kAppId.
    static QString clientSecretKey(const QString &profileId);
    static QString tokensKey(const QString &profileId);
    static QString probeKey();

    // The message shown when no keychain is reachable at all.
    static QString noBackendMessage(const QString &detail = {});
    static QString accessDeniedMessage(const QString &detail = {});

signals:
    // Emitted after a successful write or delete, e.g. to refresh a "tokens stored" badge.
    void secretChanged(const QString &key);

private:
    SecretResult runSync(const std::function<void(Callback)> &start);

    int m_syncTimeoutMs = 120000; // long enough for a human to answer an unlock prompt
};

} // namespace wb
