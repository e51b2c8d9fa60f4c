#pragma once
// RawHttpServer: a tiny in-process HTTP/1.1 server for tests. It records every request exactly
// as the bytes arrived (header order and spelling kept) and answers with scripted raw bytes, so
// a test can compare what a client claims it sent with what really crossed the socket.
// Header-only on purpose: tests/unit/CMakeLists.txt builds every tst_*.cpp on its own.

#include "http/Exchange.h"

#include <QHash>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <functional>
#include <optional>

namespace wbtest {

struct ReceivedRequest {
    QByteArray raw; // request line, headers and body, as received
    QByteArray method;
    QByteArray target; // origin-form, e.g. /callback?code=x
    QByteArray version;
    wb::HttpHeaders headers; // in received order
    QByteArray body;
};

class RawHttpServer : public QTcpServer {
public:
    // Raw response bytes to write back; std::nullopt never answers (the connection stays open);
    // an empty array closes the connection without answering.
    using Handler = std::function<std::optional<QByteArray>(const ReceivedRequest &)>;

    explicit RawHttpServer(Handler h = {}) : handler(std::move(h))
    {
        QObject::connect(this, &QTcpServer::newConnection, this, [this] { acceptAll(); });
    }

    bool start() { return listen(QHostAddress::LocalHost, 0); }

    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(pathAndQuery));
    }

    // A complete response; Content-Length is added unless `headers` has one.
    static QByteArray response(int status, QByteArrayView reason, const wb::HttpHeaders &headers = {},
                               const QByteArray &body = {})
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason.toByteArray() + "\r\n";
        for (const auto &h : headers)
            out += h.name + ": " + h.value + "\r\n";
        if (!wb::hasHeader(headers, "Content-Length"))
            out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        return out + "\r\n" + body;
    }

    // Finds a free port and closes it again: connecting there is refused.
    static quint16 unusedPort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const quint16 port = probe.serverPort();
        probe.close();
        return port;
    }

    Handler handler;
    QList<ReceivedRequest> requests;

private:
    void acceptAll()
    {
        while (QTcpSocket *socket = nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            QObject::connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    }

    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) { // a kept-alive connection may carry several requests
            const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            ReceivedRequest req;
            const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
            const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
            req.method = start.value(0);
            req.target = start.value(1);
            req.version = start.value(2);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines[i].endsWith('\r') ? lines[i].chopped(1) : lines[i];
                const qsizetype colon = line.indexOf(':');
                req.headers.append(wb::HttpHeader{line.left(colon), line.mid(colon + 1).trimmed()});
            }
            const qsizetype length = wb::headerValue(req.headers, "Content-Length").toLongLong();
            const qsizetype total = headEnd + 4 + length;
            if (buffer.size() < total)
                return;
            req.body = buffer.mid(headEnd + 4, length);
            req.raw = buffer.left(total);
            buffer.remove(0, total);
            requests.append(req);
            const std::optional<QByteArray> answer = handler ? handler(req) : response(200, "OK");
            if (answer && answer->isEmpty()) {
                socket->disconnectFromHost();
                return;
            }
            if (answer)
                socket->write(*answer);
        }
    }

    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace wbtest
