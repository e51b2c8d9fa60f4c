#pragma once
// SecretsIndicator: the status bar label saying where secrets live right now — "Secrets: OS
// keychain (Secret Service)" or "Secrets: memory only — <reason>" — with the full cause and fix
// in its tooltip. Follows the SwitchableSecretStore's mode.

#include "secrets/SwitchableSecretStore.h"

#include <QLabel>

namespace wb::gui {

class SecretsIndicator : public QLabel {
    Q_OBJECT
public:
    explicit SecretsIndicator(SwitchableSecretStore *store, QWidget *parent = nullptr);

    // The label text and tooltip for a store in its current mode.
    static QString textFor(const SwitchableSecretStore &store);
    static QString toolTipFor(const SwitchableSecretStore &store);
    // "no Secret Service", "keychain locked or access denied"... for a failed probe.
    static QString shortReason(const SecretResult &failure);
    // Where a secret goes, to complete "stored in …" / "from …": "the OS keychain (Secret
    // Service)", or "memory (this session only)".
    static QString place(const SecretStore &store);

private:
    void update();
    SwitchableSecretStore *m_store;
};

} // namespace wb::gui
