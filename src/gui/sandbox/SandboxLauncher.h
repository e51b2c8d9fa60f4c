#pragma once
// SandboxLauncher: the window's built-in provider — starts wb::SandboxServer on demand (an
// ephemeral 127.0.0.1 port) and keeps the "Sandbox" profile pointed at it, since the port
// changes from one run of the workbench to the next.

#include "store/Profile.h"

#include <QObject>

namespace wb {
class SandboxServer;
}

namespace wb::gui {

class SandboxLauncher : public QObject {
    Q_OBJECT
public:
    explicit SandboxLauncher(QObject *parent = nullptr);
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

signals:
    void runningChanged(bool running);

private:
    SandboxServer *m_server;
    bool m_autoApprove = false;
};

} // namespace wb::gui
