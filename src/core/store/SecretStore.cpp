#include "store/SecretStore.h"

#include <QEventLoop>
#include <QTimer>
#include <memory>

namespace wb {

QString toString(SecretStatus s)
{
    switch (s) {
    case SecretStatus::Ok:
        return QStringLiteral("ok");
    case SecretStatus::NotFound:
        return QStringLiteral("not found");
    case SecretStatus::NoBackend:
        return QStringLiteral("no keychain available");
    case SecretStatus::AccessDenied:
        return QStringLiteral("access denied");
    case SecretStatus::OtherError:
        return QStringLiteral("error");
    }
    return {};
}

SecretStore::SecretStore(QObject *parent) : QObject(parent) {}
SecretStore::~SecretStore() = default;

QString SecretStore::clientSecretKey(const QString &profileId)
{
    return QStringLiteral("profile/%1/client_secret").arg(profileId);
}

QString SecretStore::tokensKey(const QString &profileId)
{
    return QStringLiteral("profile/%1/tokens").arg(profileId);
}

QString SecretStore::probeKey()
{
    return QStringLiteral("probe/availability-check");
}

QString SecretStore::noBackendMessage(const QString &detail)
{
    QString msg = QStringLiteral(
        "No Secret Service is running on the session D-Bus, so there is no OS keychain to keep "
        "secrets in. Start gnome-keyring or KWallet (for example inside `dbus-run-session`), "
        "or continue with secrets kept in memory for this session only.");
    if (!detail.isEmpty())
        msg += QStringLiteral(" (%1)").arg(detail);
    return msg;
}

QString SecretStore::accessDeniedMessage(const QString &detail)
{
    QString msg =
        QStringLiteral("The OS keychain refused access: it is locked, or access was denied. Unlock the "
                       "keyring (log in to the desktop session, or run `gnome-keyring-daemon --unlock`) and "
                       "try again, or continue with secrets kept in memory for this session only.");
    if (!detail.isEmpty())
        msg += QStringLiteral(" (%1)").arg(detail);
    return msg;
}

void SecretStore::probe(Callback done)
{
    // Write then delete: a read of a missing key can succeed on a locked keyring, a write cannot.
    writeSecret(probeKey(), QStringLiteral("marker"),
                [this, done = std::move(done)](const SecretResult &written) {
                    if (!written.ok()) {
                        done(written);
                        return;
                    }
                    deleteSecret(probeKey(), [done](const SecretResult &deleted) {
                        SecretResult r = deleted;
                        if (r.status == SecretStatus::NotFound)
                            r = {};
                        done(r);
                    });
                });
}

SecretResult SecretStore::runSync(const std::function<void(Callback)> &start)
{
    // Shared so that a job finishing after a timeout writes into live memory, not a dead frame.
    struct State {
        SecretResult result;
        bool done = false;
        QEventLoop *loop = nullptr;
    };
    auto state = std::make_shared<State>();
    QEventLoop loop;
    state->loop = &loop;
    start([state](const SecretResult &r) {
        state->result = r;
        state->done = true;
        if (state->loop)
            state->loop->quit();
    });
    if (!state->done) {
        QTimer timer;
        timer.setSingleShot(true);
        connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        timer.start(m_syncTimeoutMs);
        loop.exec();
    }
    state->loop = nullptr;
    if (!state->done) {
        return {SecretStatus::OtherError,
                {},
                QStringLiteral(
                    "The keychain did not answer within %1 s. If an unlock prompt is open, answer it and "
                    "try again.")
                    .arg(m_syncTimeoutMs / 1000)};
    }
    return state->result;
}

SecretResult SecretStore::readSecretSync(const QString &key)
{
    return runSync([&](Callback cb) { readSecret(key, std::move(cb)); });
}

SecretResult SecretStore::writeSecretSync(const QString &key, const QString &value)
{
    return runSync([&](Callback cb) { writeSecret(key, value, std::move(cb)); });
}

SecretResult SecretStore::deleteSecretSync(const QString &key)
{
    return runSync([&](Callback cb) { deleteSecret(key, std::move(cb)); });
}

SecretResult SecretStore::probeSync()
{
    return runSync([&](Callback cb) { probe(std::move(cb)); });
}

} // namespace wb
