#include "store/MemorySecretStore.h"

#include <QMetaObject>

namespace wb {

MemorySecretStore::MemorySecretStore(QObject *parent) : SecretStore(parent) {}

QString MemorySecretStore::backendName() const
{
    return QStringLiteral("memory only (this session)");
}

void MemorySecretStore::finishLater(Callback done, SecretResult result, const QString &changedKey)
{
    // Queued, like a real keychain job, so callers cannot come to rely on synchronous results.
    QMetaObject::invokeMethod(
        this,
        [this, done = std::move(done), result = std::move(result), changedKey]() {
            if (!changedKey.isEmpty())
                emit secretChanged(changedKey);
            if (done)
                done(result);
        },
        Qt::QueuedConnection);
}

bool MemorySecretStore::failIfForced(Callback &done)
{
    if (!m_forcedFailure)
        return false;
    QString message;
    switch (*m_forcedFailure) {
    case SecretStatus::NoBackend:
        message = noBackendMessage();
        break;
    case SecretStatus::AccessDenied:
        message = accessDeniedMessage();
        break;
    default:
        message = QStringLiteral("Simulated secret store failure.");
        break;
    }
    finishLater(std::move(done), {*m_forcedFailure, {}, message});
    return true;
}

void MemorySecretStore::readSecret(const QString &key, Callback done)
{
    if (failIfForced(done))
        return;
    const auto it = m_items.constFind(key);
    if (it == m_items.constEnd()) {
        finishLater(
            std::move(done),
            {SecretStatus::NotFound, {}, QStringLiteral("Nothing is stored under '%1' in memory.").arg(key)});
        return;
    }
    finishLater(std::move(done), {SecretStatus::Ok, *it, {}});
}

void MemorySecretStore::writeSecret(const QString &key, const QString &value, Callback done)
{
    if (failIfForced(done))
        return;
    m_items.insert(key, value);
    finishLater(std::move(done), {}, key);
}

void MemorySecretStore::deleteSecret(const QString &key, Callback done)
{
    if (failIfForced(done))
        return;
    if (m_items.remove(key) == 0) {
        finishLater(
            std::move(done),
            {SecretStatus::NotFound, {}, QStringLiteral("Nothing is stored under '%1' in memory.").arg(key)});
        return;
    }
    finishLater(std::move(done), {}, key);
}

} // namespace wb
