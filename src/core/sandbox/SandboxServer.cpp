#include "sandbox/SandboxServer.h"

#include "http/HttpStatus.h"
#include "sandbox/SandboxProvider.h"

#include <QHostAddress>
#include <QLocale>
#include <QTcpSocket>
#include <QTimer>

namespace wb {

namespace {

QByteArray httpDate(const QDateTime &t)
{
    return QLocale::c().toString(t.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")).toLatin1() + " GMT";
}

} // namespace

using Connection = HttpConnectionPool::Connection;

SandboxServer::SandboxServer(QObject *parent)
    : QObject(parent),
      m_pool(new HttpConnectionPool(
          {[this](const Connection &c) { handleComplete(c); },
           [this](const Connection &c, int status, const QString &why) { sendError(c.socket, status, why); },
           [this](const Connection &c, HttpConnectionPool::CloseReason) { onClosed(c); }},
          this))
{
}

SandboxServer::~SandboxServer()
{
    stop();
}

bool SandboxServer::start(const SandboxConfig &config, QString *error)
{
    stop();
    m_config = config;
    m_config.maxConnections = std::max(1, m_config.maxConnections);
    m_config.readTimeoutMs = std::max(1, m_config.readTimeoutMs);
    if (!m_pool->listen(
            QHostAddress::LocalHost, m_config.port,
            HttpConnectionLimits{m_config.limits, m_config.maxConnections, m_config.readTimeoutMs}, error))
        return false;
    m_provider = std::make_unique<SandboxProvider>(m_config, issuer());
    if (!m_provider->init(error)) {
        stop();
        return false;
    }
    return true;
}

void SandboxServer::stop()
{
    m_pool->close();
    m_provider.reset();
}

bool SandboxServer::isListening() const
{
    return m_pool->isListening();
}

quint16 SandboxServer::port() const
{
    return m_pool->port();
}

QString SandboxServer::issuer() const
{
    return isListening() ? QStringLiteral("http://127.0.0.1:%1").arg(port()) : QString();
}

QString SandboxServer::discoveryUrl() const
{
    return isListening() ? issuer() + QStringLiteral("/.well-known/openid-configuration") : QString();
}

void SandboxServer::applyConfig()
{
    if (m_provider) {
        SandboxConfig &live = m_provider->context().config;
        live.faults = m_config.faults;
        live.autoApprove = m_config.autoApprove;
        live.clock = m_config.clock;
    }
}

void SandboxServer::setFaults(const SandboxFaultSet &faults)
{
    if (faults == m_config.faults)
        return;
    m_config.faults = faults;
    applyConfig();
    emit faultsChanged(faults);
}

void SandboxServer::setFaultEnabled(SandboxFault fault, bool enabled)
{
    SandboxFaultSet faults = m_config.faults;
    faults.set(fault, enabled);
    setFaults(faults);
}

void SandboxServer::setAutoApprove(bool on)
{
    m_config.autoApprove = on;
    applyConfig();
}

void SandboxServer::setClock(std::function<QDateTime()> clock)
{
    m_config.clock = std::move(clock);
    applyConfig();
}

bool SandboxServer::hostAllowed(const QByteArray &host) const
{
    // DNS rebinding guard: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
    const QByteArray port = QByteArray::number(this->port());
    const QByteArray value = host.toLower();
    return value == "127.0.0.1:" + port || value == "localhost:" + port || value == "[::1]:" + port;
}

void SandboxServer::handleComplete(const Connection &c)
{
    if (!m_provider)
        return;
    QTcpSocket *socket = c.socket;
    const HttpRequestParser &p = c.parser;
    const QByteArray host = headerValue(p.headers(), "Host");
    if (!hostAllowed(host)) {
        const QString message = host.isEmpty() ? QStringLiteral("The request has no Host header.")
                                               : QStringLiteral("This server is %1, not %2.")
                                                     .arg(issuer(), QString::fromLatin1(host.left(100)));
        send(socket, SandboxResponse::text(host.isEmpty() ? 400 : 421, message.toUtf8() + '\n'), false);
        return;
    }
    const SandboxRequest request = SandboxRequest::make(p.method(), p.target(), p.headers(), p.body());
    const SandboxResponse response = m_provider->handle(request);
    if (response.delayMs <= 0) {
        send(socket, response, false);
        return;
    }
    // slow_token: answer later. The socket is the timer's context, so a client that gives up
    // (socket deleted) cancels the answer.
    QTimer::singleShot(response.delayMs, socket, [this, socket, response] { send(socket, response, false); });
}

void SandboxServer::send(QTcpSocket *socket, const SandboxResponse &response, bool lingering)
{
    const Connection *c = m_pool->connection(socket);
    if (!c)
        return;
    const QDateTime claimed =
        m_provider ? m_provider->context().claimedTime() : QDateTime::currentDateTimeUtc();
    QByteArray wire = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                      httpReasonPhrase(response.status) + "\r\nDate: " + httpDate(claimed) + "\r\n";
    if (response.header("Server").isEmpty())
        wire += "Server: oauth-workbench-sandbox\r\n";
    for (const auto &h : response.headers)
        wire += h.name + ": " + h.value + "\r\n";
    wire += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\nConnection: close\r\n\r\n";
    if (c->parser.method() != QLatin1String("HEAD"))
        wire += response.body;
    const QString method = c->parser.method();
    const QString target = QString::fromLatin1(c->parser.target());
    m_pool->answer(socket, wire, lingering); // may close (and forget) the connection at once
    emit requestServed(method, target, response.status);
}

void SandboxServer::sendError(QTcpSocket *socket, int status, const QString &why)
{
    const QString message =
        status == 408 ? QStringLiteral("The request did not arrive completely in time.") : why;
    // Keep reading (and discarding) after the answer so the client gets to read it.
    send(socket, SandboxResponse::text(status, message.toUtf8() + '\n'), true);
}

void SandboxServer::onClosed(const Connection &c)
{
    if (c.handled && !c.answered) // the client gave up during a slow_token delay
        emit requestServed(c.parser.method(), QString::fromLatin1(c.parser.target()), 0);
}

} // namespace wb
