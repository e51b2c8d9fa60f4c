#include "sandbox/SandboxLauncher.h"

#include "sandbox/SandboxProfile.h"
#include "sandbox/SandboxServer.h"

namespace wb::gui {

SandboxLauncher::SandboxLauncher(QObject *parent) : QObject(parent), m_server(new SandboxServer(this)) {}

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

} // namespace wb::gui
