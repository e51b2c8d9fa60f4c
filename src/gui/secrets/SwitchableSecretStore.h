#pragma once
// SwitchableSecretStore: the window's one SecretStore. It forwards to the OS keychain until the
// startup probe shows the keychain cannot keep secrets (no Secret Service, locked, denied); then it
// switches to a session-only MemorySecretStore — never to a plaintext file. Whoever holds a
// SecretStore* (profiles, tokens) keeps the same pointer across the switch.

#include "store/SecretStore.h"

#include <QPointer>

class QTimer;

namespace wb {
class MemorySecretStore;
}

namespace wb::gui {

class SwitchableSecretStore : public SecretStore {
    Q_OBJECT
public:
    enum class Mode {
        Checking, // the probe runs; operations go to the keychain meanwhile
        Keychain, // the probe succeeded (or was not asked for)
        Memory,   // session only: the probe failed, see failure()
    };

    // `primary` (usually a KeychainSecretStore) is not owned. It may outlive this store: answers
    // arriving after this store is destroyed are dropped.
    explicit SwitchableSecretStore(SecretStore *primary, QObject *parent = nullptr);
    ~SwitchableSecretStore() override;

    QString backendName() const override;
    bool isPersistent() const override;
    void readSecret(const QString &key, Callback done) override;
    void writeSecret(const QString &key, const QString &value, Callback done) override;
    void deleteSecret(const QString &key, Callback done) override;

    // Writes and deletes a marker item in the primary store (SecretStore::probe, asynchronous).
    // On failure, or when no answer comes within `timeoutMs`, switches to memory.
    void startProbe(int timeoutMs = 30000);
    // Shows Checking now for a probe that startProbe() will begin shortly (the window defers it
    // until it has painted); does nothing in memory mode.
    void announceProbe();
    // Switches to the session-only memory store for good; `why` says what failed.
    void switchToMemory(const SecretResult &why);

    Mode mode() const { return m_mode; }
    SecretStore *primary() const { return m_primary; }
    QString primaryName() const { return m_primary ? m_primary->backendName() : QString(); }
    // Why the keychain is not used (status and the message naming cause and fix); Ok otherwise.
    SecretResult failure() const { return m_failure; }

signals:
    void modeChanged(wb::gui::SwitchableSecretStore::Mode mode);

private:
    SecretStore *current() const;
    Callback guarded(Callback done);
    void setMode(Mode mode);

    QPointer<SecretStore> m_primary;
    MemorySecretStore *m_memory = nullptr;
    Mode m_mode = Mode::Keychain;
    SecretResult m_failure;
    QTimer *m_probeTimer;
    int m_probeGeneration = 0;
};

} // namespace wb::gui
