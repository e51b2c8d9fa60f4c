#pragma once
// Shared by the tst_loopbacklistener* tests: a raw HTTP client on the event loop, a recorder of
// what the listener emits, and request builders.

#include "http/LoopbackListener.h"

#include <QNetworkProxy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

namespace lbtest {

using namespace wb;

// A raw HTTP client driven by the event loop (the listener shares this thread, so no blocking waits).
class RawClient {
public:
    explicit RawClient(quint16 port, const QHostAddress &address = QHostAddress(QHostAddress::LocalHost))
    {
        socket.setProxy(QNetworkProxy::NoProxy);
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { raw += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::connected, [this] { localPort = socket.localPort(); });
        // stateChanged rather than disconnected: it also covers a connection that never completed.
        QObject::connect(&socket, &QTcpSocket::stateChanged, [this](QAbstractSocket::SocketState s) {
            if (s == QAbstractSocket::UnconnectedState)
                closed = true;
        });
        socket.connectToHost(address, port);
    }
    void send(const QByteArray &bytes) { socket.write(bytes); }

    // True once the full response (by Content-Length) is in, or the server closed the connection.
    bool done() const { return closed || (headEnd() >= 0 && raw.size() >= headEnd() + 4 + contentLength()); }
    bool waitDone(int ms = 10000)
    {
        return QTest::qWaitFor([this] { return done(); }, ms);
    }

    qsizetype headEnd() const { return raw.indexOf("\r\n\r\n"); }
    int status() const { return raw.startsWith("HTTP/1.1 ") ? raw.mid(9, 3).toInt() : 0; }
    QByteArray header(QByteArrayView name) const
    {
        const QList<QByteArray> lines = raw.left(headEnd()).split('\n');
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
    qsizetype contentLength() const { return header("Content-Length").toLongLong(); }
    QByteArray body() const { return headEnd() < 0 ? QByteArray() : raw.mid(headEnd() + 4); }

    QTcpSocket socket;
    QByteArray raw;
    bool closed = false;
    quint16 localPort = 0;
};

// Collects what the listener emits, in order.
struct Recorder {
    explicit Recorder(LoopbackListener &l)
    {
        QObject::connect(&l, &LoopbackListener::requestRecorded, [this](const Exchange &x) {
            recorded.append(x);
            order << QStringLiteral("recorded");
        });
        QObject::connect(&l, &LoopbackListener::callbackReceived,
                         [this](const Exchange &x, const CallbackParams &p) {
                             callbacks.append({x, p});
                             order << QStringLiteral("callback");
                         });
    }
    QList<Exchange> recorded;
    QList<QPair<Exchange, CallbackParams>> callbacks;
    QStringList order;
};

inline QByteArray get(const QByteArray &target, const QByteArray &host)
{
    return "GET " + target + " HTTP/1.1\r\nHost: " + host +
           "\r\nUser-Agent: tst\r\nAccept: text/html\r\n\r\n";
}

inline QByteArray postForm(const QByteArray &target, const QByteArray &host, const QByteArray &body)
{
    return "POST " + target + " HTTP/1.1\r\nHost: " + host +
           "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

inline bool ipv6LoopbackAvailable()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHostIPv6, 0);
}

} // namespace lbtest
