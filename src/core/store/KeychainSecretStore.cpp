#include "store/KeychainSecretStore.h"

#include "Version.h"

#include <qt6keychain/keychain.h>

namespace wb {

namespace {
// QtKeychain reports an unreachable D-Bus or a missing Secret Service through libsecret as
// OtherError; its text is the only way to tell "no keychain here" from a genuine failure.
bool looksLikeNoBackend(const QString &text)
{
    static const char *const kHints[] = {
        "org.freedesktop.secrets",    "ServiceUnknown",
        "Could not connect",          "Cannot autolaunch D-Bus",
        "DBUS_SESSION_BUS",           "No such file or directory",
        "Connection refused",         "not provided by any",
        "Cannot spawn a message bus", "Failed to connect to socket",
        "The connection is closed",   "NoReply",
        "org.kde.kwalletd",           "Could not open wallet",
    };
    for (const char *hint : kHints) {
        if (text.contains(QLatin1String(hint), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// A Secret Service that runs but has no unlocked default collection (gnome-keyring started by
// D-Bus activation with no way to show its unlock/create prompt) fails writes this way.
bool looksLocked(const QString &text)
{
    static const char *const kHints[] = {"/org/freedesktop/secrets/collection", "locked", "prompt",
                                         "dismissed"};
    for (const char *hint : kHints) {
        if (text.contains(QLatin1String(hint), Qt::CaseInsensitive))
            return true;
    }
    return false;
}
} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : KeychainSecretStore(QString::fromLatin1(kAppId), parent)
{
}

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent), m_service(service)
{
}

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return QStringLiteral("OS keychain (macOS Keychain)");
#elif defined(Q_OS_WIN)
    return QStringLiteral("OS keychain (Windows Credential Manager)");
#else
    return QStringLiteral("OS keychain (Secret Service)");
#endif
}

SecretResult KeychainSecretStore::resultFromJob(const QKeychain::Job &job, const QString &key)
{
    const QString detail = job.errorString();
    switch (job.error()) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return {SecretStatus::NotFound, {}, QStringLiteral("The OS keychain holds no item '%1'.").arg(key)};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {SecretStatus::AccessDenied, {}, SecretStore::accessDeniedMessage(detail)};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return {SecretStatus::NoBackend, {}, SecretStore::noBackendMessage(detail)};
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    if (looksLikeNoBackend(detail))
        return {SecretStatus::NoBackend, {}, SecretStore::noBackendMessage(detail)};
    if (looksLocked(detail))
        return {SecretStatus::AccessDenied, {}, SecretStore::accessDeniedMessage(detail)};
    return {SecretStatus::OtherError,
            {},
            QStringLiteral("The OS keychain failed on item '%1': %2")
                .arg(key, detail.isEmpty() ? QStringLiteral("unknown error") : detail)};
}

void KeychainSecretStore::startJob(QKeychain::Job *job, const QString &key, Callback done, bool changes)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext file behind the user's back
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this,
            [this, key, changes, done = std::move(done)](QKeychain::Job *finished) {
                SecretResult result = resultFromJob(*finished, key);
                if (result.ok()) {
                    if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finished))
                        result.value = read->textData();
                    if (changes)
                        emit secretChanged(key);
                }
                if (done)
                    done(result);
            });
    job->start();
}

void KeychainSecretStore::readSecret(const QString &key, Callback done)
{
    startJob(new QKeychain::ReadPasswordJob(m_service, this), key, std::move(done), false);
}

void KeychainSecretStore::writeSecret(const QString &key, const QString &value, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setTextData(value);
    startJob(job, key, std::move(done), true);
}

void KeychainSecretStore::deleteSecret(const QString &key, Callback done)
{
    startJob(new QKeychain::DeletePasswordJob(m_service, this), key, std::move(done), true);
}

} // namespace wb
