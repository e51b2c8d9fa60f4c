#pragma once
// MemorySecretStore: secrets held in this process only. Used by unit tests and by the explicit,
// user-chosen "memory only (this session)" mode when no keychain is reachable; never as a
// silent fallback.

#include "store/SecretStore.h"

#include <QHash>
#include <optional>

namespace wb {

class MemorySecretStore : public SecretStore {
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr);

    QString backendName() const override;
    bool isPersistent() const override { return false; }

    void readSecret(const QString &key, Callback done) override;
    void writeSecret(const QString &key, const QString &value, Callback done) override;
    void deleteSecret(const QString &key, Callback done) override;

    // Test hook: every following operation fails with `status` (std::nullopt restores normal
    // behaviour), so callers' handling of a locked or missing keychain can be unit-tested.
    void setForcedFailure(std::optional<SecretStatus> status) { m_forcedFailure = status; }
    QStringList keys() const { return m_items.keys(); }

private:
    void finishLater(Callback done, SecretResult result, const QString &changedKey = {});
    bool failIfForced(Callback &done);

    QHash<QString, QString> m_items;
    std::optional<SecretStatus> m_forcedFailure;
};

} // namespace wb
