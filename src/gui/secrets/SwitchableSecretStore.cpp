#include "secrets/SwitchableSecretStore.h"

#include "store/MemorySecretStore.h"

#include <QTimer>

namespace wb::gui {

SwitchableSecretStore::SwitchableSecretStore(SecretStore *primary, QObject *parent)
    : SecretStore(parent), m_primary(primary), m_probeTimer(new QTimer(this))
{
    m_probeTimer->setSingleShot(true);
    if (m_primary)
        connect(m_primary, &SecretStore::secretChanged, this, [this](const QString &key) {
            if (m_mode != Mode::Memory)
                emit secretChanged(key);
        });
    else
        switchToMemory({SecretStatus::NoBackend, {}, noBackendMessage()});
}

SwitchableSecretStore::~SwitchableSecretStore() = default;

SecretStore *SwitchableSecretStore::current() const
{
    if (m_mode == Mode::Memory || !m_primary)
        return m_memory;
    return m_primary;
}

QString SwitchableSecretStore::backendName() const
{
    return current()->backendName();
}

bool SwitchableSecretStore::isPersistent() const
{
    return current()->isPersistent();
}

SecretStore::Callback SwitchableSecretStore::guarded(Callback done)
{
    // The primary store may outlive this one (it belongs to the application): an answer that
    // arrives after this store is gone must not reach callers that are gone with it.
    return [self = QPointer<SwitchableSecretStore>(this), done = std::move(done)](const SecretResult &r) {
        if (self && done)
            done(r);
    };
}

void SwitchableSecretStore::readSecret(const QString &key, Callback done)
{
    current()->readSecret(key, guarded(std::move(done)));
}

void SwitchableSecretStore::writeSecret(const QString &key, const QString &value, Callback done)
{
    current()->writeSecret(key, value, guarded(std::move(done)));
}

void SwitchableSecretStore::deleteSecret(const QString &key, Callback done)
{
    current()->deleteSecret(key, guarded(std::move(done)));
}

void SwitchableSecretStore::setMode(Mode mode)
{
    if (m_mode == mode)
        return;
    m_mode = mode;
    emit modeChanged(mode);
}

void SwitchableSecretStore::announceProbe()
{
    if (m_mode != Mode::Memory && m_primary)
        setMode(Mode::Checking);
}

void SwitchableSecretStore::startProbe(int timeoutMs)
{
    if (m_mode == Mode::Memory || !m_primary)
        return;
    const int generation = ++m_probeGeneration;
    setMode(Mode::Checking);
    m_probeTimer->disconnect(this);
    connect(m_probeTimer, &QTimer::timeout, this, [this, timeoutMs] {
        ++m_probeGeneration; // a late answer no longer counts
        switchToMemory({SecretStatus::NoBackend,
                        {},
                        tr("The OS keychain did not answer within %1 s (an unlock prompt may be waiting "
                           "unanswered, or the Secret Service hangs). Restart the workbench once the keyring "
                           "answers; until then secrets are kept in memory for this session only.")
                            .arg(timeoutMs / 1000)});
    });
    m_probeTimer->start(timeoutMs);
    QPointer<SwitchableSecretStore> self(this);
    m_primary->probe([self, generation](const SecretResult &r) {
        if (!self || generation != self->m_probeGeneration)
            return;
        self->m_probeTimer->stop();
        if (r.ok())
            self->setMode(Mode::Keychain);
        else
            self->switchToMemory(r);
    });
}

void SwitchableSecretStore::switchToMemory(const SecretResult &why)
{
    m_probeTimer->stop();
    m_failure = why;
    if (m_failure.message.isEmpty())
        m_failure.message = noBackendMessage();
    if (!m_memory) {
        m_memory = new MemorySecretStore(this);
        connect(m_memory, &SecretStore::secretChanged, this, &SecretStore::secretChanged);
    }
    setMode(Mode::Memory);
}

} // namespace wb::gui
