#pragma once
// SandboxLauncher: the window's built-in provider — starts wb::SandboxServer on demand (an
// ephemeral 127.0.0.1 port) and keeps the "Sandbox" profile pointed at it, since the port
// changes from one run of the workbench to the next.

#include "store/Profile.h"

#include <QObject>
#include <optional>

class QSettings;

namespace wb {
class SandboxServer;
}

namespace wb::gui {

class ProfilesController;

class SandboxLauncher : public QObject {
    Q_OBJECT
public:
    // `profiles` and `settings` (where the sandbox profile's id is remembered) are not owned.
    SandboxLauncher(ProfilesController *profiles, QSettings *settings, QObject *parent = nullptr);
    ~SandboxLauncher() override;

    bool ensureRunning(QString *error);
    void stop();
    bool isRunning() const;
    QString issuer() const; // empty when stopped
    void setAutoApprove(bool on);
    bool autoApprove() const { return m_autoApprove; }
    SandboxServer *server() const { return m_server; }

    // A profile for the sandbox's public client at the current issuer (running or not).
    Profile freshProfile() const;
    // `p` with its issuer (and endpoints) moved to the running sandbox; the rest kept.
    Profile retarget(Profile p) const;

    // Starts the sandbox and returns the "Sandbox" profile, created on first use, pointed at it.
    std::optional<Profile> openSandboxProfile(QString *error);
    bool isSandboxProfile(const QString &id) const;
    // Before a run of the sandbox profile: starts the sandbox, saves `p` retargeted at it and
    // injects the faults `p` lists (Profile::sandboxFaults) from now on; unknown names are skipped.
    std::optional<Profile> prepareRun(const Profile &p, QString *error);
    // The faults in force, by name (table order).
    QStringList activeFaults() const;

signals:
    void runningChanged(bool running);

private:
    ProfilesController *m_profiles;
    QSettings *m_settings;
    SandboxServer *m_server;
    bool m_autoApprove = false;
};

} // namespace wb::gui
