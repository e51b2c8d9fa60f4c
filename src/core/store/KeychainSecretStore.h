#pragma once
// KeychainSecretStore: secrets in the OS keychain through QtKeychain (Secret Service/KWallet on
// Linux, Keychain on macOS, Credential Manager on Windows), with the insecure plaintext
// fallback always off.

#include "store/SecretStore.h"

namespace QKeychain {
class Job;
}

namespace wb {

class KeychainSecretStore : public SecretStore {
    Q_OBJECT
public:
    // `service` namespaces every item; the app uses kAppId (the default).
    explicit KeychainSecretStore(QObject *parent = nullptr);
    KeychainSecretStore(const QString &service, QObject *parent);

    QString backendName() const override;
    bool isPersistent() const override { return true; }
    QString service() const { return m_service; }

    void readSecret(const QString &key, Callback done) override;
    void writeSecret(const QString &key, const QString &value, Callback done) override;
    void deleteSecret(const QString &key, Callback done) override;

    // Maps a finished job's QKeychain::Error (and its text) onto our status and message.
    static SecretResult resultFromJob(const QKeychain::Job &job, const QString &key);

private:
    void startJob(QKeychain::Job *job, const QString &key, Callback done, bool changes);

    QString m_service;
};

} // namespace wb
