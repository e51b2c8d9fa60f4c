#pragma once
// SandboxServer: the built-in OAuth 2.0 / OpenID Connect provider, served in-process on
// 127.0.0.1 (ephemeral port by default) with fault injection. Sockets only: requests are parsed
// by HttpConnectionPool (the same bookkeeping as the loopback listener: size limits, a read
// deadline, bounded connections, Connection: close) and answered by SandboxProvider; a Host check.

#include "http/HttpConnectionPool.h"
#include "sandbox/SandboxConfig.h"

#include <QObject>
#include <memory>

class QTcpSocket;

namespace wb {

class SandboxProvider;
struct SandboxResponse;

class SandboxServer : public QObject {
    Q_OBJECT
public:
    explicit SandboxServer(QObject *parent = nullptr);
    ~SandboxServer() override;

    // Generates fresh keys and listens. false with a plain message (port in use...).
    bool start(const SandboxConfig &config, QString *error = nullptr);
    void stop();
    bool isListening() const;

    quint16 port() const;
    QString issuer() const;       // http://127.0.0.1:<port>; empty when stopped
    QString discoveryUrl() const; // issuer + /.well-known/openid-configuration

    // Faults and auto-approve can change while running; they apply to the next request.
    SandboxFaultSet faults() const { return m_config.faults; }
    void setFaults(const SandboxFaultSet &faults);
    void setFaultEnabled(SandboxFault fault, bool enabled);
    bool autoApprove() const { return m_config.autoApprove; }
    void setAutoApprove(bool on);
    // Replaces the clock (tests move time instead of sleeping). Null restores the system clock.
    void setClock(std::function<QDateTime()> clock);

    // The request-handling core, for tests and tools; null when stopped.
    SandboxProvider *provider() const { return m_provider.get(); }

signals:
    // After each answer: method, target (path and query) and status; status 0 when the client
    // went away before the answer was sent.
    void requestServed(const QString &method, const QString &target, int status);
    void faultsChanged(const wb::SandboxFaultSet &faults);

private:
    void handleComplete(const HttpConnectionPool::Connection &c);
    void send(QTcpSocket *socket, const SandboxResponse &response, bool lingering);
    // A request that cannot be served (`why` is the pool's; a 408 gets the sandbox's own words).
    void sendError(QTcpSocket *socket, int status, const QString &why);
    void onClosed(const HttpConnectionPool::Connection &c);
    bool hostAllowed(const QByteArray &host) const;
    void applyConfig();

    SandboxConfig m_config;
    HttpConnectionPool *m_pool;
    std::unique_ptr<SandboxProvider> m_provider;
};

} // namespace wb
