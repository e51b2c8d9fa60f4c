#include "sandbox/SandboxLauncher.h"

#include "profiles/ProfilesController.h"
#include "sandbox/SandboxProfile.h"
#include "sandbox/SandboxServer.h"

#include <QSettings>

namespace wb::gui {

namespace {
const QString kProfileIdKey = QStringLiteral("sandbox/profileId");
}

SandboxLauncher::SandboxLauncher(ProfilesController *profiles, QSettings *settings, QObject *parent)
    : QObject(parent), m_profiles(profiles), m_settings(settings), m_server(new SandboxServer(this))
{
}

SandboxLauncher::~SandboxLauncher() = default;

bool SandboxLauncher::ensureRunning(QString *error)
{
    if (m_server->isListening())
        return true;
    SandboxConfig config;
    config.autoApprove = m_autoApprove;
    if (!m_server->start(config, error))
        return false;
    emit runningChanged(true);
    return true;
}

void SandboxLauncher::stop()
{
    if (!m_server->isListening())
        return;
    m_server->stop();
    emit runningChanged(false);
}

bool SandboxLauncher::isRunning() const
{
    return m_server->isListening();
}

QString SandboxLauncher::issuer() const
{
    return m_server->issuer();
}

void SandboxLauncher::setAutoApprove(bool on)
{
    m_autoApprove = on;
    if (m_server->isListening())
        m_server->setAutoApprove(on);
}

Profile SandboxLauncher::freshProfile() const
{
    return sandboxProfile(issuer());
}

Profile SandboxLauncher::retarget(Profile p) const
{
    // Discovery finds the endpoints at the new port; stale explicit ones would win otherwise.
    p.issuer = issuer();
    p.authorizationEndpoint.clear();
    p.tokenEndpoint.clear();
    return p;
}

bool SandboxLauncher::isSandboxProfile(const QString &id) const
{
    return !id.isEmpty() && id == m_settings->value(kProfileIdKey).toString();
}

std::optional<Profile> SandboxLauncher::openSandboxProfile(QString *error)
{
    if (!ensureRunning(error))
        return std::nullopt;
    if (const auto existing = m_profiles->profile(m_settings->value(kProfileIdKey).toString()))
        return prepareRun(*existing, error);
    const auto created = m_profiles->create(freshProfile()); // the client secret stays in memory
    if (!created) {
        *error = tr("The sandbox profile could not be saved.");
        return std::nullopt;
    }
    m_settings->setValue(kProfileIdKey, created->id);
    return created;
}

std::optional<Profile> SandboxLauncher::prepareRun(const Profile &p, QString *error)
{
    if (!ensureRunning(error))
        return std::nullopt;
    Profile moved = retarget(p);
    Profile saved = moved;
    saved.clientSecret.clear(); // already in the keychain; no need to write it again
    const ProfileStoreResult r = m_profiles->save(saved);
    if (!r.ok()) {
        *error = r.message;
        return std::nullopt;
    }
    m_server->setFaults(SandboxFaultSet::fromNames(p.sandboxFaults));
    return moved;
}

QStringList SandboxLauncher::activeFaults() const
{
    return m_server->faults().names();
}

} // namespace wb::gui
