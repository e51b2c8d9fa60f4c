#include "sandbox/SandboxServer.h"

#include "http/HttpStatus.h"

#include "http/HttpRequestParser.h"
#include "sandbox/SandboxProvider.h"

#include <QLocale>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace wb {

namespace {

// Qt stops reading from the OS when the buffer is full, bounding memory per client.
constexpr qint64 kReadBufferBytes = 64 * 1024;
// After an error answer we keep reading and discarding (closing with unread data makes the kernel
// send RST, which can destroy our answer before the client reads it), up to this much.
constexpr qint64 kMaxDrainBytes = 32 * 1024 * 1024;
constexpr int kMaxLingerMs = 2000;
// Accept order across all sandbox servers of the process; only compared, never reset.
quint64 g_acceptSerial = 0;

QByteArray httpDate(const QDateTime &t)
{
    return QLocale::c().toString(t.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")).toLatin1() + " GMT";
}

} // namespace

// One accepted client; the socket owns the timer.
struct SandboxServer::Connection {
    explicit Connection(const HttpRequestLimits &limits) : parser(limits) {}
    QTcpSocket *socket = nullptr;
    QTimer *timer = nullptr;
    HttpRequestParser parser;
    qint64 bytesReceived = 0;
    qint64 drained = 0;
    bool handled = false; // request complete (possibly waiting for a slow_token delay)
    bool answered = false;
    quint64 serial = 0; // accept order, for eviction
};

SandboxServer::SandboxServer(QObject *parent) : QObject(parent) {}

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
    m_server = new QTcpServer(this);
    m_server->setProxy(QNetworkProxy::NoProxy);
    connect(m_server, &QTcpServer::newConnection, this, &SandboxServer::onNewConnection);
    if (!m_server->listen(QHostAddress::LocalHost, m_config.port)) {
        if (error)
            *error = QStringLiteral("Could not listen on 127.0.0.1:%1: %2")
                         .arg(m_config.port)
                         .arg(m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return false;
    }
    m_provider = std::make_unique<SandboxProvider>(m_config, issuer());
    if (!m_provider->init(error)) {
        stop();
        return false;
    }
    return true;
}

void SandboxServer::stop()
{
    const auto sockets = m_connections.keys();
    for (QTcpSocket *s : sockets)
        closeConnection(s);
    if (m_server) {
        m_server->disconnect(this);
        m_server->close();
        m_server->deleteLater(); // stop() may run inside one of its signals
        m_server = nullptr;
    }
    m_provider.reset();
}

bool SandboxServer::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 SandboxServer::port() const
{
    return isListening() ? m_server->serverPort() : 0;
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

void SandboxServer::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *s = m_server->nextPendingConnection();
        if (!s)
            break;
        if (m_connections.size() >= m_config.maxConnections) {
            // Full: make room instead of refusing, or a local process holding idle (or trickling)
            // sockets would lock every client out for a whole read timeout. Victim: the oldest
            // connection that sent nothing or is only lingering after its answer; failing that,
            // the oldest one whose request is still incomplete (a real client sends its request at
            // once). A handled request (slow_token waiting to answer) is never evicted.
            Connection *victim = nullptr;
            Connection *slowest = nullptr;
            for (Connection *other : std::as_const(m_connections)) {
                if ((other->bytesReceived == 0 || other->answered) &&
                    (!victim || other->serial < victim->serial))
                    victim = other;
                if (!other->handled && (!slowest || other->serial < slowest->serial))
                    slowest = other;
            }
            if (!victim)
                victim = slowest;
            if (!victim) {
                s->abort();
                s->deleteLater();
                continue;
            }
            closeConnection(victim->socket);
        }
        auto *c = new Connection(m_config.limits);
        c->socket = s;
        c->serial = ++g_acceptSerial;
        s->setReadBufferSize(kReadBufferBytes);
        // The deadline runs from accept and is not extended by data: trickling bytes buys nothing.
        c->timer = new QTimer(s);
        c->timer->setSingleShot(true);
        connect(c->timer, &QTimer::timeout, this, [this, s] { onTimeout(s); });
        connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
        connect(s, &QTcpSocket::disconnected, this, [this, s] { closeConnection(s); });
        m_connections.insert(s, c);
        c->timer->start(m_config.readTimeoutMs);
    }
}

void SandboxServer::onReadyRead(QTcpSocket *socket)
{
    Connection *c = m_connections.value(socket);
    if (!c)
        return;
    const QByteArray data = socket->readAll();
    if (data.isEmpty())
        return;
    if (c->handled) {
        c->drained += data.size();
        if (c->drained > kMaxDrainBytes)
            closeConnection(socket);
        return;
    }
    c->bytesReceived += data.size();
    switch (c->parser.feed(data)) {
    case HttpRequestParser::State::Incomplete:
        return;
    case HttpRequestParser::State::Complete:
        handleComplete(socket);
        return;
    case HttpRequestParser::State::Error:
        sendError(socket, c->parser.errorStatus(), c->parser.errorMessage());
        return;
    }
}

void SandboxServer::onTimeout(QTcpSocket *socket)
{
    Connection *c = m_connections.value(socket);
    if (!c)
        return;
    if (c->answered || c->bytesReceived == 0) {
        closeConnection(socket); // linger over, or an idle pre-opened socket
        return;
    }
    if (!c->handled)
        sendError(socket, 408, QStringLiteral("The request did not arrive completely in time."));
}

bool SandboxServer::hostAllowed(const QByteArray &host) const
{
    // DNS rebinding guard: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
    const QByteArray port = QByteArray::number(this->port());
    const QByteArray value = host.toLower();
    return value == "127.0.0.1:" + port || value == "localhost:" + port || value == "[::1]:" + port;
}

void SandboxServer::handleComplete(QTcpSocket *socket)
{
    Connection *c = m_connections.value(socket);
    if (!c || !m_provider)
        return;
    c->handled = true;
    c->timer->stop();
    const HttpRequestParser &p = c->parser;
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
    QTimer::singleShot(response.delayMs, socket, [this, socket, response] {
        if (m_connections.contains(socket))
            send(socket, response, false);
    });
}

void SandboxServer::send(QTcpSocket *socket, const SandboxResponse &response, bool lingering)
{
    Connection *c = m_connections.value(socket);
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
    c->handled = true;
    c->answered = true;
    const QString method = c->parser.method();
    const QString target = QString::fromLatin1(c->parser.target());
    socket->write(wire);
    if (lingering) {
        // Keep reading (and discarding) for a while so the client gets to read our answer.
        c->timer->start(std::min(m_config.readTimeoutMs, kMaxLingerMs));
    } else {
        c->timer->start(kMaxLingerMs); // guards a client that never reads our answer
        socket->disconnectFromHost();  // may close (and forget) the connection synchronously
    }
    emit requestServed(method, target, response.status);
}

void SandboxServer::sendError(QTcpSocket *socket, int status, const QString &message)
{
    // Keep reading (and discarding) after the answer so the client gets to read it.
    send(socket, SandboxResponse::text(status, message.toUtf8() + '\n'), true);
}

void SandboxServer::closeConnection(QTcpSocket *socket)
{
    Connection *c = m_connections.take(socket);
    if (!c)
        return;
    socket->disconnect(this);
    c->timer->stop();
    const bool abandoned = c->handled && !c->answered; // the client gave up during a slow_token delay
    const QString method = c->parser.method();
    const QString target = QString::fromLatin1(c->parser.target());
    if (socket->state() != QAbstractSocket::UnconnectedState)
        socket->abort();
    socket->deleteLater(); // we may be inside one of its signals
    delete c;
    if (abandoned)
        emit requestServed(method, target, 0);
}

} // namespace wb
