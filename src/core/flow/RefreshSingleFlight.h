#pragma once
// RefreshSingleFlight: at most one refresh per profile at a time. Callers in this process that
// ask while one is running share its network call and result; across processes a lock file
// keyed by the profile id (QLockFile in the runtime dir) serialises refreshes, and whoever gets
// the lock re-reads the stored token set first, so it never sends a refresh token another
// process already rotated away. The merged result is written back to the secret store.

#include "flow/RefreshRequest.h"
#include "flow/Session.h"
#include "store/SecretStore.h"
#include "util/Clock.h"

#include <QHash>
#include <QObject>
#include <functional>
#include <memory>

class QLockFile;
class QNetworkAccessManager;
class QTimer;

namespace wb {

class RefreshOperation;

class RefreshSingleFlight : public QObject {
    Q_OBJECT
public:
    struct Result {
        Session session;
        bool joined = false;           // this caller shared another caller's refresh
        bool fromOtherProcess = false; // another process had refreshed: no request was sent
        bool stored = false;           // the merged token set was written to the secret store
        SecretResult storeResult;      // the read/write outcome when it was not Ok
        bool keychainFailed = false;   // the token set could not be read or written
    };
    using Callback = std::function<void(const Result &)>;

    // `secrets` and `nam` are not owned. `lockDir` empty = defaultLockDir().
    RefreshSingleFlight(SecretStore *secrets, QNetworkAccessManager *nam, QString lockDir = {},
                        Clock clock = systemClock(), QObject *parent = nullptr);
    ~RefreshSingleFlight() override;

    // Refreshes `profile`'s tokens, or joins the refresh already running for it. `known` is the
    // token set the caller holds (used when the store has none).
    void refresh(const Profile &profile, const TokenSet &known, const RefreshOptions &options, Callback done);
    bool isRunning(const QString &profileId) const { return m_flights.contains(profileId); }

    static QString defaultLockDir(); // $XDG_RUNTIME_DIR/<app id> (else the cache dir)
    static QString lockFilePath(const QString &dir, const QString &profileId);
    void setLockTimeoutMs(int ms) { m_lockTimeoutMs = ms; }

signals:
    // A refresh request is about to be sent: observers may connect to the operation's signals.
    void operationStarted(const QString &profileId, wb::RefreshOperation *operation);

private:
    struct Flight;
    void tryLock(const QString &profileId);
    void onLocked(const QString &profileId);
    void complete(const QString &profileId, Result result);

    SecretStore *m_secrets;
    QNetworkAccessManager *m_nam;
    QString m_lockDir;
    Clock m_clock;
    int m_lockTimeoutMs = 120000;
    QHash<QString, std::shared_ptr<Flight>> m_flights;
};

} // namespace wb
