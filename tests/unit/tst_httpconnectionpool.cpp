// Tests for HttpConnectionPool with real sockets: what reaches the owner (complete, invalid,
// timed out), answers given later, which connection makes room when the slots are full, the
// close reasons, and closing with or without letting answers finish.
#include "http/HttpConnectionPool.h"

#include <QHostAddress>
#include <QNetworkProxy>
#include <QTcpSocket>
#include <QtTest>
#include <memory>
#include <vector>

using namespace wb;
using Connection = HttpConnectionPool::Connection;
using CloseReason = HttpConnectionPool::CloseReason;

namespace {

// A peer socket that keeps what it receives and notes when the pool lets go of it.
struct Peer {
    explicit Peer(quint16 port)
    {
        socket.setProxy(QNetworkProxy::NoProxy);
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { received += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, [this] { ended = true; });
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    }
    bool connected() const { return socket.state() == QAbstractSocket::ConnectedState; }
    QTcpSocket socket;
    QByteArray received;
    bool ended = false;
};

QByteArray response(int status, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) +
           " X\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
           body;
}

const QByteArray kRequest = "GET /x?y=1 HTTP/1.1\r\nHost: h\r\n\r\n";

// The owner side: records every handler call; answers at once unless told to hold requests.
struct Owner {
    explicit Owner(bool holdRequests = false)
        : pool({[this](const Connection &c) {
                    complete << c.parser.method() + u' ' + QString::fromLatin1(c.parser.target());
                    if (hold)
                        held << c.socket;
                    else
                        pool.answer(c.socket, response(200, "done"), false);
                },
                [this](const Connection &c, int status, const QString &why) {
                    rejected.append({status, c.bytesReceived});
                    reasons << why;
                    pool.answer(c.socket, response(status, "bad"), true);
                },
                [this](const Connection &c, CloseReason reason) {
                    closed.append({c.bytesReceived, reason});
                }}),
          hold(holdRequests)
    {
    }
    bool listen(int maxConnections = 8, int readTimeoutMs = 10000)
    {
        HttpConnectionLimits limits;
        limits.request.maxRequestLineBytes = 64;
        limits.maxConnections = maxConnections;
        limits.readTimeoutMs = readTimeoutMs;
        return pool.listen(QHostAddress(QHostAddress::LocalHost), 0, limits);
    }
    // Sends a whole request from `peer` and waits until the pool handed it over (held).
    bool sendHeld(Peer &peer)
    {
        const qsizetype before = held.size();
        peer.socket.write(kRequest);
        return QTest::qWaitFor([&] { return held.size() > before; }, 10000);
    }
    int closedFor(CloseReason reason) const
    {
        return int(std::count_if(closed.begin(), closed.end(),
                                 [reason](const auto &c) { return c.second == reason; }));
    }
    HttpConnectionPool pool;
    bool hold = false;
    QStringList complete;
    QList<QPair<int, qint64>> rejected; // status, bytes received
    QStringList reasons;
    QList<QTcpSocket *> held;
    QList<QPair<qint64, CloseReason>> closed;
};

} // namespace

class TestHttpConnectionPool : public QObject {
    Q_OBJECT

private slots:
    void completeRequestIsAnswered()
    {
        Owner o;
        QVERIFY(o.listen());
        QVERIFY(o.pool.isListening());
        Peer p(o.pool.port());
        p.socket.write(kRequest);
        QTRY_VERIFY_WITH_TIMEOUT(p.ended, 10000);
        QCOMPARE(o.complete, QStringList{QStringLiteral("GET /x?y=1")});
        QVERIFY(p.received.endsWith("\r\n\r\ndone"));
        QTRY_COMPARE(o.closedFor(CloseReason::Disconnected), 1);
    }

    void listenFailureSaysWhere()
    {
        Owner first;
        QVERIFY(first.listen());
        Owner second;
        QString error;
        QVERIFY(!second.pool.listen(QHostAddress(QHostAddress::LocalHost), first.pool.port(), {}, &error));
        QVERIFY2(
            error.startsWith(QStringLiteral("Could not listen on 127.0.0.1:%1: ").arg(first.pool.port())),
            qPrintable(error));
        QVERIFY(!second.pool.isListening());
        QCOMPARE(second.pool.port(), quint16(0));
    }

    void invalidRequestGoesToOwner()
    {
        Owner o;
        QVERIFY(o.listen());
        Peer p(o.pool.port());
        p.socket.write("GET /" + QByteArray(200, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(p.received.contains("bad"), 10000);
        QCOMPARE(o.rejected.size(), 1);
        QCOMPARE(o.rejected.at(0).first, 414);
        QVERIFY(o.complete.isEmpty());
    }

    void deadlineReportsOnlyBegunRequests()
    {
        Owner o;
        QVERIFY(o.listen(8, 300));
        Peer idle(o.pool.port());
        Peer partial(o.pool.port());
        partial.socket.write("GET /x HTTP/1.1\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(idle.ended, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(partial.received.startsWith("HTTP/1.1 408 "), 10000);
        QCOMPARE(o.rejected.size(), 1); // the idle socket is not a request
        QCOMPARE(o.rejected.at(0), qMakePair(408, qint64(17)));
        QCOMPARE(o.reasons.at(0), QStringLiteral("request not complete after 300 ms (17 bytes received)"));
        QVERIFY(o.closedFor(CloseReason::Expired) >= 1); // the idle one; no request of it reported
        QVERIFY(o.complete.isEmpty());
    }

    void answerLaterAndNeverEvictedWhileWaiting()
    {
        Owner o(true);
        QVERIFY(o.listen(2));
        Peer waiting(o.pool.port());
        QVERIFY(o.sendHeld(waiting));
        Peer partial(o.pool.port());
        partial.socket.write("GET /y HTTP/1.1\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(partial.socket.bytesToWrite() == 0 && partial.connected(), 10000);
        QTest::qWait(100); // the pool has read its first bytes

        // Full: the incomplete request makes room, the one waiting for its answer stays.
        Peer newcomer(o.pool.port());
        QVERIFY(o.sendHeld(newcomer));
        QTRY_VERIFY(partial.ended);
        QCOMPARE(o.closedFor(CloseReason::Evicted), 1);
        QVERIFY(!waiting.ended);

        // Full of requests waiting for answers: a newcomer is refused, the waiting ones stay.
        Peer refused(o.pool.port());
        QTRY_VERIFY_WITH_TIMEOUT(refused.ended || refused.socket.state() == QAbstractSocket::UnconnectedState,
                                 10000);
        QCOMPARE(o.closedFor(CloseReason::Evicted), 1);
        QVERIFY(o.pool.connection(o.held.at(0)));
        QVERIFY(o.pool.connection(o.held.at(1)));

        QVERIFY(o.pool.answer(o.held.at(0), response(200, "first"), false));
        QTRY_VERIFY_WITH_TIMEOUT(waiting.ended, 10000);
        QVERIFY(waiting.received.endsWith("first"));
        QTRY_VERIFY_WITH_TIMEOUT(!o.pool.connection(o.held.at(0)), 10000); // forgotten once delivered
        QVERIFY(!o.pool.answer(o.held.at(0), response(200, "again"), false));
    }

    void closeStopsOrLetsAnswersFinish()
    {
        Owner o(true);
        QVERIFY(o.listen());
        Peer answered(o.pool.port());
        QVERIFY(o.sendHeld(answered));
        Peer unanswered(o.pool.port());
        QVERIFY(o.sendHeld(unanswered));
        QVERIFY(o.pool.answer(o.held.at(0), response(200, "kept"), true)); // lingering: still open
        o.pool.close(true);
        QVERIFY(!o.pool.isListening());
        QCOMPARE(o.closedFor(CloseReason::Stopped), 1); // only the unanswered one is cut off
        QVERIFY(!o.pool.connection(o.held.at(0)));
        QTRY_VERIFY_WITH_TIMEOUT(unanswered.ended, 10000);
        QVERIFY(unanswered.received.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(answered.received.endsWith("kept"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(answered.ended, 10000);
    }

    void closeWithoutLettingFinishCutsAll()
    {
        Owner o(true);
        QVERIFY(o.listen());
        Peer p(o.pool.port());
        QVERIFY(o.sendHeld(p));
        QVERIFY(o.pool.answer(o.held.at(0), response(200, "cut"), true));
        Peer idle(o.pool.port());
        QTRY_VERIFY_WITH_TIMEOUT(idle.connected(), 10000);
        QTest::qWait(100); // accepted
        o.pool.close();
        QCOMPARE(o.closedFor(CloseReason::Stopped), 2);
        QTRY_VERIFY_WITH_TIMEOUT(p.ended && idle.ended, 10000);
    }
};

QTEST_GUILESS_MAIN(TestHttpConnectionPool)
#include "tst_httpconnectionpool.moc"
