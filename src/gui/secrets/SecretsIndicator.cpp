#include "secrets/SecretsIndicator.h"

namespace wb::gui {

SecretsIndicator::SecretsIndicator(SwitchableSecretStore *store, QWidget *parent)
    : QLabel(parent), m_store(store)
{
    setObjectName(QStringLiteral("secretsIndicator"));
    setTextFormat(Qt::PlainText);
    setContentsMargins(6, 0, 6, 0);
    connect(store, &SwitchableSecretStore::modeChanged, this, &SecretsIndicator::update);
    update();
}

QString SecretsIndicator::shortReason(const SecretResult &failure)
{
    switch (failure.status) {
    case SecretStatus::NoBackend:
        return failure.message.contains(QLatin1String("did not answer")) ? tr("keychain not answering")
                                                                         : tr("no Secret Service");
    case SecretStatus::AccessDenied:
        return tr("keychain locked or access denied");
    case SecretStatus::Ok:
    case SecretStatus::NotFound:
    case SecretStatus::OtherError:
        break;
    }
    return tr("keychain error");
}

QString SecretsIndicator::place(const SecretStore &store)
{
    return store.isPersistent() ? tr("the %1").arg(store.backendName()) : tr("memory (this session only)");
}

QString SecretsIndicator::textFor(const SwitchableSecretStore &store)
{
    switch (store.mode()) {
    case SwitchableSecretStore::Mode::Checking:
        return tr("Secrets: %1 — checking…").arg(store.primaryName());
    case SwitchableSecretStore::Mode::Keychain:
        return tr("Secrets: %1").arg(store.backendName());
    case SwitchableSecretStore::Mode::Memory:
        break;
    }
    return tr("Secrets: memory only — %1").arg(shortReason(store.failure()));
}

QString SecretsIndicator::toolTipFor(const SwitchableSecretStore &store)
{
    switch (store.mode()) {
    case SwitchableSecretStore::Mode::Checking:
        return tr("Checking that the %1 can keep secrets.").arg(store.primaryName());
    case SwitchableSecretStore::Mode::Keychain:
        return tr("Client secrets and token sets are kept in the %1, one item per profile. Profile "
                  "files, settings, sessions and reports never contain them.")
            .arg(store.backendName());
    case SwitchableSecretStore::Mode::Memory:
        break;
    }
    return tr("%1\n\nSecrets and tokens are kept in memory for this session only: nothing is written to "
              "disk, and they are gone when the workbench closes.")
        .arg(store.failure().message);
}

void SecretsIndicator::update()
{
    setText(textFor(*m_store));
    setToolTip(toolTipFor(*m_store));
    const bool memory = m_store->mode() == SwitchableSecretStore::Mode::Memory;
    QFont f = font();
    f.setBold(memory);
    setFont(f);
}

} // namespace wb::gui
