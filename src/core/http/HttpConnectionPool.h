#pragma once
// HttpConnectionPool: the connection bookkeeping of the in-process HTTP servers (the loopback
// listener, the sandbox): listening on a loopback address, bounded slots that evict the oldest
// idle (or else the oldest incomplete) connection for a newcomer, a read deadline from accept,
// request assembly with size limits (HttpRequestParser), answering with the connection closed
// after the answer, and draining what a client still sends after an early answer. The owner
// decides what a request means through Handlers.

#include "http/HttpRequestParser.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <functional>

class QHostAddress;
class QTcpServer;
class QTcpSocket;
class QTimer;

namespace wb {

struct HttpConnectionLimits {
    HttpRequestLimits request;
    int maxConnections = 64;   // at least 1
    int readTimeoutMs = 10000; // from accept, not extended by data; at least 1
};

class HttpConnectionPool : public QObject {
    Q_OBJECT
public:
    // One accepted client; the socket owns the timer.
    struct Connection {
        explicit Connection(const HttpRequestLimits &limits) : parser(limits) {}
        QTcpSocket *socket = nullptr;
        QTimer *timer = nullptr;
        HttpRequestParser parser;
        QString peer;        // "127.0.0.1:52113" or "[::1]:52113"
        QDateTime startedAt; // first byte received, not accept: browsers pre-open idle sockets
        QElapsedTimer elapsed;
        qint64 bytesReceived = 0;
        qint64 drained = 0;
        quint64 serial = 0;   // accept order, for eviction
        bool handled = false; // the request is complete, rejected or timed out (the owner answers)
        bool answered = false;
    };
    // Disconnected: the client left or our answer went out; Evicted: made room for a newcomer;
    // Expired: idle or lingering past the deadline; DrainLimit: sent too much after the answer.
    enum class CloseReason { Disconnected, Evicted, Expired, DrainLimit, Stopped };

    // What the owner does with its connections; each may be empty. The connection stays open
    // during the first two until the owner answer()s (at once or later).
    struct Handlers {
        std::function<void(const Connection &)> requestComplete;
        // The request cannot be served: `status` to answer and why. A parser error (400, 413, 414,
        // 431, 501, 505 with the parser's message) or 408 when the read deadline passed with a
        // request begun but incomplete.
        std::function<void(const Connection &, int status, const QString &why)> requestRejected;
        // After the connection was closed and forgotten (the socket is aborted).
        std::function<void(const Connection &, CloseReason)> closed;
    };

    explicit HttpConnectionPool(Handlers handlers, QObject *parent = nullptr);
    ~HttpConnectionPool() override;

    // Listens on `address` ("Could not listen on 127.0.0.1:PORT: why" on failure).
    bool listen(const QHostAddress &address, quint16 port, const HttpConnectionLimits &limits,
                QString *error = nullptr);
    // Stops listening and closes every connection; with `letAnswersFinish` an answered one is
    // left to deliver its answer on its own (for a short while) instead of being cut off.
    void close(bool letAnswersFinish = false);
    bool isListening() const;
    quint16 port() const;
    const HttpConnectionLimits &limits() const { return m_limits; }

    // The open connection of `socket`, or null once it was closed.
    const Connection *connection(QTcpSocket *socket) const { return m_connections.value(socket); }
    // Writes `wire` (a whole HTTP response) and closes the connection after it: at once, or with
    // `lingering` only after reading and discarding what the client still sends for a while.
    // False when the connection is gone. May close the connection before it returns.
    bool answer(QTcpSocket *socket, const QByteArray &wire, bool lingering);

private:
    void onNewConnection();
    bool evictOne();
    void onReadyRead(QTcpSocket *socket);
    void onTimeout(QTcpSocket *socket);
    void closeConnection(QTcpSocket *socket, CloseReason reason);
    void release(QTcpSocket *socket);

    Handlers m_handlers;
    HttpConnectionLimits m_limits;
    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, Connection *> m_connections;
    quint64 m_acceptCount = 0;
};

} // namespace wb
