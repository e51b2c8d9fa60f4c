#include "http/HttpConnectionPool.h"

#include <QHostAddress>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <memory>

namespace wb {

namespace {

// Per-socket read buffer: Qt stops pulling from the OS when it is full, bounding memory per client.
constexpr qint64 kReadBufferBytes = 64 * 1024;
// After an early answer we keep draining what the client still sends (closing with unread data
// makes the kernel send RST, which can destroy our answer before the client reads it), up to this.
constexpr qint64 kMaxDrainBytes = 32 * 1024 * 1024;
constexpr int kMaxLingerMs = 2000;

QString hostText(const QHostAddress &a)
{
    return a.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]").arg(a.toString())
                                                         : a.toString();
}

} // namespace

HttpConnectionPool::HttpConnectionPool(Handlers handlers, QObject *parent)
    : QObject(parent), m_handlers(std::move(handlers))
{
}

HttpConnectionPool::~HttpConnectionPool()
{
    m_handlers = {}; // the owner may be half destroyed: close quietly
    close();
}

bool HttpConnectionPool::listen(const QHostAddress &address, quint16 port, const HttpConnectionLimits &limits,
                                QString *error)
{
    close();
    m_limits = limits;
    m_limits.maxConnections = std::max(1, m_limits.maxConnections);
    m_limits.readTimeoutMs = std::max(1, m_limits.readTimeoutMs);
    m_server = new QTcpServer(this);
    m_server->setProxy(QNetworkProxy::NoProxy);
    connect(m_server, &QTcpServer::newConnection, this, &HttpConnectionPool::onNewConnection);
    if (!m_server->listen(address, port)) {
        if (error)
            *error = QStringLiteral("Could not listen on %1:%2: %3")
                         .arg(hostText(address))
                         .arg(port)
                         .arg(m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return false;
    }
    return true;
}

void HttpConnectionPool::close(bool letAnswersFinish)
{
    const auto sockets = m_connections.keys();
    for (QTcpSocket *s : sockets) {
        const Connection *c = m_connections.value(s);
        if (!c)
            continue; // closed meanwhile by a handler of an earlier one
        if (letAnswersFinish && c->answered)
            release(s);
        else
            closeConnection(s, CloseReason::Stopped);
    }
    if (m_server) {
        m_server->disconnect(this);
        m_server->close();
        m_server->deleteLater(); // close() may run inside one of its signals
        m_server = nullptr;
    }
}

bool HttpConnectionPool::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 HttpConnectionPool::port() const
{
    return isListening() ? m_server->serverPort() : 0;
}

void HttpConnectionPool::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *s = m_server->nextPendingConnection();
        if (!s)
            break;
        if (m_connections.size() >= m_limits.maxConnections && !evictOne()) {
            s->abort(); // refused: nothing was received, so there is nothing to record
            s->deleteLater();
            continue;
        }
        auto *c = new Connection(m_limits.request);
        c->socket = s;
        c->serial = ++m_acceptCount;
        c->peer = QStringLiteral("%1:%2").arg(hostText(s->peerAddress())).arg(s->peerPort());
        s->setReadBufferSize(kReadBufferBytes);
        // The deadline runs from accept and is not extended by data, so trickling bytes buys nothing.
        c->timer = new QTimer(s);
        c->timer->setSingleShot(true);
        connect(c->timer, &QTimer::timeout, this, [this, s] { onTimeout(s); });
        connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
        connect(s, &QTcpSocket::disconnected, this,
                [this, s] { closeConnection(s, CloseReason::Disconnected); });
        m_connections.insert(s, c);
        c->timer->start(m_limits.readTimeoutMs);
    }
}

bool HttpConnectionPool::evictOne()
{
    // Full: make room instead of refusing, or a local process holding idle (or trickling) sockets
    // would lock every client (the browser) out for a whole read timeout. Victim: the oldest
    // connection that never sent a byte (idle flood, browser preconnect) or that is only lingering
    // after its answer; failing that, the oldest one whose request is still incomplete, as a real
    // client sends its request at once (slowloris goes first). A handled request waiting for its
    // answer is never evicted.
    Connection *victim = nullptr;
    Connection *slowest = nullptr;
    for (Connection *c : std::as_const(m_connections)) {
        if ((c->bytesReceived == 0 || c->answered) && (!victim || c->serial < victim->serial))
            victim = c;
        if (!c->handled && (!slowest || c->serial < slowest->serial))
            slowest = c;
    }
    if (!victim)
        victim = slowest;
    if (!victim)
        return false;
    closeConnection(victim->socket, CloseReason::Evicted);
    return true;
}

void HttpConnectionPool::onReadyRead(QTcpSocket *socket)
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
            closeConnection(socket, CloseReason::DrainLimit);
        return;
    }
    if (c->bytesReceived == 0) {
        c->startedAt = QDateTime::currentDateTimeUtc();
        c->elapsed.start();
    }
    c->bytesReceived += data.size();
    switch (c->parser.feed(data)) {
    case HttpRequestParser::State::Incomplete:
        return;
    case HttpRequestParser::State::Complete:
        c->handled = true;
        c->timer->stop(); // the owner may answer later; the answer restarts it
        if (m_handlers.requestComplete)
            m_handlers.requestComplete(*c);
        return;
    case HttpRequestParser::State::Error:
        c->handled = true;
        if (m_handlers.requestRejected)
            m_handlers.requestRejected(*c, c->parser.errorStatus(), c->parser.errorMessage());
        return;
    }
}

void HttpConnectionPool::onTimeout(QTcpSocket *socket)
{
    Connection *c = m_connections.value(socket);
    if (!c)
        return;
    if (c->answered || c->bytesReceived == 0) {
        closeConnection(socket, CloseReason::Expired); // linger over, or an idle (pre-opened) socket
        return;
    }
    if (c->handled)
        return;
    c->handled = true;
    if (m_handlers.requestRejected)
        m_handlers.requestRejected(*c, 408,
                                   QStringLiteral("request not complete after %1 ms (%2 bytes received)")
                                       .arg(m_limits.readTimeoutMs)
                                       .arg(c->bytesReceived));
}

bool HttpConnectionPool::answer(QTcpSocket *socket, const QByteArray &wire, bool lingering)
{
    Connection *c = m_connections.value(socket);
    if (!c)
        return false;
    c->handled = true;
    c->answered = true;
    socket->write(wire);
    if (lingering) {
        // Keep reading (and discarding) so the client gets to read our answer; see kMaxDrainBytes.
        c->timer->start(std::min(m_limits.readTimeoutMs, kMaxLingerMs));
    } else {
        c->timer->start(kMaxLingerMs); // guards a client that never reads our answer
        socket->disconnectFromHost();  // may close (and forget) the connection synchronously
    }
    return true;
}

void HttpConnectionPool::closeConnection(QTcpSocket *socket, CloseReason reason)
{
    const std::unique_ptr<Connection> c(m_connections.take(socket));
    if (!c)
        return;
    socket->disconnect(this);
    c->timer->stop();
    if (socket->state() != QAbstractSocket::UnconnectedState)
        socket->abort();
    socket->deleteLater(); // we may be inside one of its signals
    if (m_handlers.closed)
        m_handlers.closed(*c, reason);
}

void HttpConnectionPool::release(QTcpSocket *socket)
{
    // Already answered: the owner typically stops from inside its own handling, before the answer
    // has left the write buffer. Let the socket finish on its own so the client gets it.
    const std::unique_ptr<Connection> c(m_connections.take(socket));
    socket->disconnect(this);
    c->timer->stop();
    socket->setParent(nullptr); // outlives the server (and the owner) until flushed
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(kMaxLingerMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    socket->disconnectFromHost();
}

} // namespace wb
