#include "http/LoopbackListener.h"

#include "http/HttpStatus.h"

#include "http/HttpRequestParser.h"
#include "http/LoopbackPages.h"

#include <QElapsedTimer>
#include <QNetworkProxy>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace wb {

namespace {

// Per-socket read buffer: Qt stops pulling from the OS when it is full, bounding memory per client.
constexpr qint64 kReadBufferBytes = 64 * 1024;
// After an error answer we keep draining what the client still sends (closing with unread data
// makes the kernel send RST, which can destroy our answer before the client reads it), up to this.
constexpr qint64 kMaxDrainBytes = 32 * 1024 * 1024;
constexpr int kMaxLingerMs = 2000;

TransportError transportErrorFor(int status)
{
    return (status == 413 || status == 414 || status == 431) ? TransportError::TooLarge
                                                             : TransportError::Malformed;
}

QString peerOf(const QTcpSocket *s)
{
    const QHostAddress a = s->peerAddress();
    const QString addr = a.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(a.toString())
                             : a.toString();
    return QStringLiteral("%1:%2").arg(addr).arg(s->peerPort());
}

QByteArrayView pathOf(QByteArrayView target)
{
    const qsizetype end = std::min<qsizetype>(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'),
                                              target.indexOf('#') < 0 ? target.size() : target.indexOf('#'));
    return target.first(end);
}

CallbackReply defaultReply(const CallbackParams &p)
{
    if (p.hasError) {
        QString message = QStringLiteral("The authorization server answered with error \"%1\".").arg(p.error);
        if (!p.errorDescription.isEmpty())
            message += QStringLiteral("\n%1").arg(p.errorDescription);
        if (!p.errorUri.isEmpty())
            message += QStringLiteral("\nMore information: %1").arg(p.errorUri);
        return {false, QStringLiteral("Authorization failed"), message};
    }
    if (p.hasCode)
        return {true, QStringLiteral("Authorization code received"),
                QStringLiteral("OAuth Workbench received the authorization response.")};
    QStringList names;
    for (const auto &pair : p.all)
        names << pair.first;
    return {false, QStringLiteral("Unexpected callback"),
            QStringLiteral("The redirect carried neither a code nor an error. Parameters received: %1.")
                .arg(names.join(QStringLiteral(", ")))};
}

} // namespace

// One accepted client; the socket owns the timer.
struct LoopbackListener::Connection {
    explicit Connection(const HttpRequestLimits &limits) : parser(limits) {}
    QTcpSocket *socket = nullptr;
    QTimer *timer = nullptr;
    HttpRequestParser parser;
    QString peer;
    QDateTime startedAt; // first byte received, not accept: browsers pre-open idle sockets
    QElapsedTimer elapsed;
    qint64 bytesReceived = 0;
    qint64 drained = 0;
    quint64 serial = 0; // accept order, for eviction
    bool answered = false;
};

LoopbackListener::LoopbackListener(QObject *parent) : QObject(parent) {}

LoopbackListener::~LoopbackListener()
{
    stop();
}

bool LoopbackListener::start(const LoopbackConfig &config, QString *error)
{
    stop();
    auto failWith = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };

    // Only the three loopback spellings of RFC 8252 7.3 / 8.3; anything else would need a wildcard
    // or a routable address, which a redirect receiver must never listen on.
    LoopbackConfig cfg = config;
    const QString host = config.redirectHost.trimmed().toLower();
    if (host == u"127.0.0.1") {
        if (config.bindIpv6)
            return failWith(QStringLiteral("Redirect host 127.0.0.1 cannot be served on ::1; use [::1]."));
        cfg.redirectHost = host;
    } else if (host == u"[::1]" || host == u"::1") {
        cfg.redirectHost = QStringLiteral("[::1]");
        cfg.bindIpv6 = true;
    } else if (host == u"localhost") {
        cfg.redirectHost = host; // binds 127.0.0.1 (or ::1 with bindIpv6), never both
    } else {
        return failWith(QStringLiteral("Redirect host \"%1\" is not a loopback address; use 127.0.0.1, [::1] "
                                       "or localhost.")
                            .arg(config.redirectHost));
    }
    if (!cfg.path.startsWith(QLatin1Char('/')) || cfg.path.contains(QLatin1Char('?')) ||
        cfg.path.contains(QLatin1Char('#')) || cfg.path.contains(QLatin1Char(' ')))
        return failWith(
            QStringLiteral("Redirect path \"%1\" must start with / and contain no ?, # or spaces.")
                .arg(cfg.path));
    cfg.maxConnections = std::max(1, cfg.maxConnections);
    cfg.readTimeoutMs = std::max(1, cfg.readTimeoutMs);

    m_config = cfg;
    m_bindAddress = QHostAddress(cfg.bindIpv6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost);
    m_server = new QTcpServer(this);
    m_server->setProxy(QNetworkProxy::NoProxy);
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackListener::onNewConnection);
    if (!m_server->listen(m_bindAddress, cfg.port)) {
        const QString message = QStringLiteral("Could not listen on %1:%2: %3")
                                    .arg(cfg.bindIpv6 ? QStringLiteral("[::1]") : QStringLiteral("127.0.0.1"))
                                    .arg(cfg.port)
                                    .arg(m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return failWith(message);
    }
    return true;
}

void LoopbackListener::stop()
{
    const auto sockets = m_connections.keys();
    for (QTcpSocket *s : sockets) {
        Connection *c = m_connections.value(s);
        if (!c->answered) {
            closeConnection(s);
            continue;
        }
        // Already answered: the flow typically stops us from inside callbackReceived, before the
        // page has left the write buffer. Let the socket finish on its own so the browser gets it.
        m_connections.remove(s);
        s->disconnect(this);
        c->timer->stop();
        delete c;
        s->setParent(nullptr); // outlives the server (and this listener) until flushed
        connect(s, &QAbstractSocket::disconnected, s, &QObject::deleteLater);
        QTimer::singleShot(kMaxLingerMs, s, [s] {
            s->abort();
            s->deleteLater();
        });
        s->disconnectFromHost();
    }
    if (m_server) {
        m_server->disconnect(this);
        m_server->close();
        m_server->deleteLater(); // stop() may run inside one of its signals
        m_server = nullptr;
    }
}

bool LoopbackListener::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 LoopbackListener::port() const
{
    return isListening() ? m_server->serverPort() : 0;
}

QString LoopbackListener::redirectUri() const
{
    if (!isListening())
        return {};
    return QStringLiteral("http://%1:%2%3").arg(m_config.redirectHost).arg(port()).arg(m_config.path);
}

QString LoopbackListener::listenAddress() const
{
    if (!isListening())
        return {};
    return QStringLiteral("%1:%2")
        .arg(m_config.bindIpv6 ? QStringLiteral("[::1]") : QStringLiteral("127.0.0.1"))
        .arg(port());
}

void LoopbackListener::setCallbackHandler(
    std::function<CallbackReply(const Exchange &, const CallbackParams &)> handler)
{
    m_handler = std::move(handler);
}

void LoopbackListener::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *s = m_server->nextPendingConnection();
        if (!s)
            break;
        if (m_connections.size() >= m_config.maxConnections && !evictOne()) {
            s->abort(); // refused: nothing was received, so there is nothing to record
            s->deleteLater();
            continue;
        }
        auto *c = new Connection(HttpRequestLimits{m_config.maxRequestLineBytes, m_config.maxHeaderBytes,
                                                   m_config.maxHeaderCount, m_config.maxBodyBytes});
        c->socket = s;
        c->serial = ++m_acceptCount;
        c->peer = peerOf(s);
        s->setReadBufferSize(kReadBufferBytes);
        // The deadline runs from accept and is not extended by data, so trickling bytes buys nothing.
        c->timer = new QTimer(s);
        c->timer->setSingleShot(true);
        connect(c->timer, &QTimer::timeout, this, [this, s] { onTimeout(s); });
        connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
        connect(s, &QTcpSocket::disconnected, this, [this, s] { onDisconnected(s); });
        m_connections.insert(s, c);
        c->timer->start(m_config.readTimeoutMs);
    }
}

bool LoopbackListener::evictOne()
{
    // Full: make room by closing the oldest connection that never sent a byte (idle flood, browser
    // preconnect) or that is only lingering after its answer. Refusing the newcomer instead would let
    // a local process holding idle sockets lock the browser out for a whole read timeout.
    Connection *oldest = nullptr;
    Connection *slowest = nullptr;
    for (Connection *c : std::as_const(m_connections)) {
        if ((c->bytesReceived == 0 || c->answered) && (!oldest || c->serial < oldest->serial))
            oldest = c;
        if (!slowest || c->serial < slowest->serial)
            slowest = c;
    }
    if (oldest) {
        closeConnection(oldest->socket);
        return true;
    }
    if (!slowest)
        return false;
    // Every slot is mid-request: the oldest has had the longest to finish, while a browser sends
    // its whole request at once, so a slot held by trickling clients (slowloris) goes first. It is
    // recorded as a stray with what it had sent.
    Exchange x = requestSide(*slowest);
    x.transportError = TransportError::Timeout;
    x.errorMessage = QStringLiteral("closed to make room for a new connection: all %1 connection slots "
                                    "were busy and this request was still incomplete after %2 bytes")
                         .arg(m_config.maxConnections)
                         .arg(slowest->bytesReceived);
    closeConnection(slowest->socket);
    emit requestRecorded(x);
    return true;
}

void LoopbackListener::onReadyRead(QTcpSocket *socket)
{
    Connection *c = m_connections.value(socket);
    if (!c)
        return;
    const QByteArray data = socket->readAll();
    if (data.isEmpty())
        return;
    if (c->answered) {
        c->drained += data.size();
        if (c->drained > kMaxDrainBytes)
            closeConnection(socket);
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
        handleComplete(socket);
        return;
    case HttpRequestParser::State::Error:
        reject(socket, c->parser.errorStatus(), c->parser.errorMessage(),
               transportErrorFor(c->parser.errorStatus()));
        return;
    }
}

void LoopbackListener::onTimeout(QTcpSocket *socket)
{
    Connection *c = m_connections.value(socket);
    if (!c)
        return;
    if (c->answered || c->bytesReceived == 0) {
        closeConnection(socket); // linger over, or an idle (pre-opened) socket: not a request
        return;
    }
    reject(socket, 408,
           QStringLiteral("request not complete after %1 ms (%2 bytes received)")
               .arg(m_config.readTimeoutMs)
               .arg(c->bytesReceived),
           TransportError::Timeout);
}

void LoopbackListener::onDisconnected(QTcpSocket *socket)
{
    Connection *c = m_connections.value(socket);
    if (!c)
        return;
    const bool partial = !c->answered && c->bytesReceived > 0;
    Exchange x;
    if (partial) {
        x = requestSide(*c);
        x.transportError = TransportError::Network;
        x.errorMessage = QStringLiteral("the client closed the connection after %1 bytes, before the request "
                                        "was complete")
                             .arg(c->bytesReceived);
    }
    closeConnection(socket);
    if (partial)
        emit requestRecorded(x);
}

void LoopbackListener::closeConnection(QTcpSocket *socket)
{
    Connection *c = m_connections.take(socket);
    if (!c)
        return;
    socket->disconnect(this);
    c->timer->stop();
    if (socket->state() != QAbstractSocket::UnconnectedState)
        socket->abort();
    socket->deleteLater(); // we may be inside one of its signals
    delete c;
}

bool LoopbackListener::hostAllowed(const QByteArray &host) const
{
    const QString value = QString::fromLatin1(host).toLower();
    const QString port = QString::number(this->port());
    const QString bound = m_config.bindIpv6 ? QStringLiteral("[::1]") : QStringLiteral("127.0.0.1");
    QStringList allowed = {m_config.redirectHost + u':' + port, bound + u':' + port};
    if (this->port() == 80) // the only case where a browser omits the port
        allowed << m_config.redirectHost << bound;
    return allowed.contains(value);
}

Exchange LoopbackListener::requestSide(const Connection &c) const
{
    const HttpRequestParser &p = c.parser;
    Exchange x;
    x.role = ExchangeRole::Stray;
    x.method = p.method();
    if (!p.target().isEmpty())
        x.url = QStringLiteral("http://%1:%2%3")
                    .arg(m_config.redirectHost)
                    .arg(port())
                    .arg(QString::fromLatin1(p.target()));
    if (!p.version().isEmpty())
        x.httpVersion = p.version();
    x.requestHeaders = p.headers();
    x.requestBody = p.body();
    x.startedAt = c.startedAt.isValid() ? c.startedAt : QDateTime::currentDateTimeUtc();
    x.durationMs = c.elapsed.isValid() ? c.elapsed.elapsed() : 0;
    x.peer = c.peer;
    return x;
}

void LoopbackListener::answer(QTcpSocket *socket, Exchange &x, const loopback::Response &response,
                              bool lingering)
{
    Connection *c = m_connections.value(socket);
    if (!c) { // the callback handler stopped the listener: nothing was sent
        x.transportError = TransportError::Cancelled;
        x.errorMessage = QStringLiteral("the listener was stopped before it answered");
        return;
    }
    x.status = response.status;
    x.reason = QString::fromLatin1(response.reason);
    x.responseHeaders = response.headers;
    x.responseBody = response.body;
    x.responseSize = response.body.size();
    x.durationMs = c->elapsed.isValid() ? c->elapsed.elapsed() : 0;
    c->answered = true;
    socket->write(response.toWire());
    if (lingering) {
        // Keep reading (and discarding) so the client gets to read our answer; see kMaxDrainBytes.
        c->timer->start(std::min(m_config.readTimeoutMs, kMaxLingerMs));
    } else {
        c->timer->start(kMaxLingerMs); // guards a client that never reads our answer
        socket->disconnectFromHost();  // may delete `c` synchronously via onDisconnected
    }
}

void LoopbackListener::reject(QTcpSocket *socket, int status, const QString &why, TransportError err)
{
    Connection *c = m_connections.value(socket);
    if (!c)
        return;
    Exchange x = requestSide(*c);
    x.transportError = err;
    x.errorMessage = why;
    const QString heading = QString::fromLatin1(httpReasonPhrase(status));
    const QString message =
        status == 408 ? QStringLiteral("The request did not arrive completely in time, so OAuth "
                                       "Workbench closed the connection.")
                      : QStringLiteral("OAuth Workbench could not accept this request: %1.").arg(why);
    answer(socket, x,
           loopback::htmlResponse(status, loopback::renderPage(loopback::PageKind::Error, heading, message)),
           true);
    emit requestRecorded(x);
}

void LoopbackListener::handleComplete(QTcpSocket *socket)
{
    Connection *c = m_connections.value(socket);
    if (!c)
        return;
    using loopback::PageKind;
    const HttpRequestParser &p = c->parser;
    Exchange x = requestSide(*c);
    auto answerStray = [&](int status, PageKind kind, const QString &heading, const QString &message,
                           const QString &why = {}, const HttpHeaders &extra = {}) {
        x.errorMessage = why;
        answer(socket, x,
               loopback::htmlResponse(status, loopback::renderPage(kind, heading, message), false, extra),
               false);
        emit requestRecorded(x);
    };

    // DNS rebinding guard: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
    if (!hostAllowed(headerValue(p.headers(), "Host"))) {
        const bool missing = !hasHeader(p.headers(), "Host");
        const QString why =
            missing ? QStringLiteral("request without a Host header")
                    : QStringLiteral("Host \"%1\" is not this listener (%2); possible DNS rebinding")
                          .arg(QString::fromLatin1(headerValue(p.headers(), "Host")), listenAddress());
        answerStray(missing ? 400 : 421, PageKind::Error, QStringLiteral("Request refused"),
                    QStringLiteral("This request was not addressed to the OAuth Workbench listener."), why);
        return;
    }
    if (pathOf(p.target()) != m_config.path.toUtf8()) {
        answerStray(404, PageKind::Error, QStringLiteral("Not the redirect address"),
                    QStringLiteral("OAuth Workbench only receives the authorization response on %1.")
                        .arg(m_config.path));
        return;
    }
    if (p.method() != u"GET" && p.method() != u"POST") {
        answerStray(
            405, PageKind::Error, QStringLiteral("Method not allowed"),
            QStringLiteral("The redirect address accepts GET (query, fragment) and POST (form_post)."), {},
            {{"Allow", "GET, POST"}});
        return;
    }

    const CallbackParams params = parseCallbackRequest(p.method(), p.target(), p.headers(), p.body());
    if (params.all.isEmpty()) {
        if (p.method() == u"GET") {
            // No query: the response may be in the fragment, which browsers keep to themselves. This
            // GET is recorded as Stray (it carries no callback); the page's script POSTs the
            // fragment back as wb_fragment and that POST becomes the Callback (source "fragment").
            answer(socket, x, loopback::htmlResponse(200, loopback::fragmentPage(), true), false);
            emit requestRecorded(x);
        } else {
            answerStray(400, PageKind::Error, QStringLiteral("No authorization response"),
                        QStringLiteral("This POST carried no application/x-www-form-urlencoded parameters."),
                        QStringLiteral("POST on the redirect path without form parameters"));
        }
        return;
    }

    x.role = ExchangeRole::Callback;
    QPointer<LoopbackListener> guard(this);
    const CallbackReply reply = m_handler ? m_handler(x, params) : defaultReply(params);
    if (!guard)
        return;
    const QString heading = !reply.title.isEmpty() ? reply.title
                                                   : (reply.success ? QStringLiteral("Signed in")
                                                                    : QStringLiteral("Authorization failed"));
    answer(
        socket, x,
        loopback::htmlResponse(200, loopback::renderPage(reply.success ? PageKind::Success : PageKind::Error,
                                                         heading, reply.message)),
        false);
    emit requestRecorded(x);
    if (guard)
        emit callbackReceived(x, params);
}

} // namespace wb
