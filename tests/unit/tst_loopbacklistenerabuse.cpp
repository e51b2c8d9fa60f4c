// Tests for LoopbackListener under abuse with real sockets: malformed and oversized requests,
// timeouts, connection limits, shutdown, and a hostile crowd while a flow waits for its callback.
#include "tst_loopback_support.h"

#include <QSignalSpy>
#include <QTimer>
#include <memory>

using namespace wb;
using namespace lbtest;

class TestLoopbackListenerAbuse : public QObject {
    Q_OBJECT

    LoopbackConfig config() { return LoopbackConfig(); }
    QByteArray hostOf(const LoopbackListener &l) { return "127.0.0.1:" + QByteArray::number(l.port()); }

private slots:
    void malformedAndTooLargeRecorded_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("error");
        QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400 << int(TransportError::Malformed);
        QTest::newRow("tls hello") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400
                                   << int(TransportError::Malformed);
        QTest::newRow("http2 preface")
            << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 400 << int(TransportError::Malformed);
        QTest::newRow("version") << QByteArray("GET /callback HTTP/2.0\r\nHost: h\r\n\r\n") << 505
                                 << int(TransportError::Malformed);
        QTest::newRow("long line") << "GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\n\r\n"
                                   << 414 << int(TransportError::TooLarge);
        QTest::newRow("chunked") << QByteArray("POST /callback HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
                                               "chunked\r\n\r\n0\r\n\r\n")
                                 << 501 << int(TransportError::Malformed);
    }
    void malformedAndTooLargeRecorded()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(int, error);
        LoopbackListener l;
        QVERIFY(l.start(config()));
        Recorder rec(l);
        RawClient c(l.port());
        c.send(request);
        QVERIFY(c.waitDone());
        QCOMPARE(c.status(), status);
        QCOMPARE(rec.recorded.size(), 1);
        const Exchange &x = rec.recorded.at(0);
        QCOMPARE(toString(x.role), toString(ExchangeRole::Stray));
        QCOMPARE(x.status, status);
        QCOMPARE(int(x.transportError), error);
        QVERIFY(!x.errorMessage.isEmpty());
        QVERIFY(rec.callbacks.isEmpty());
    }

    void readTimeout()
    {
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.readTimeoutMs = 300;
        QVERIFY(l.start(cfg));
        Recorder rec(l);

        RawClient idle(l.port()); // pre-opened socket that never speaks: closed, not recorded
        RawClient partial(l.port());
        partial.send("GET /callback?code=late HTTP/1.1\r\nHost: " + hostOf(l) + "\r\n");
        QVERIFY(partial.waitDone(5000));
        QCOMPARE(partial.status(), 408);
        QTRY_VERIFY_WITH_TIMEOUT(idle.closed, 5000);
        QVERIFY(idle.raw.isEmpty());

        QCOMPARE(rec.recorded.size(), 1);
        QCOMPARE(toString(rec.recorded.at(0).transportError), toString(TransportError::Timeout));
        QCOMPARE(toString(rec.recorded.at(0).role), toString(ExchangeRole::Stray));
        QCOMPARE(rec.recorded.at(0).status, 408);
        QCOMPARE(rec.recorded.at(0).url,
                 QStringLiteral("http://127.0.0.1:%1/callback?code=late").arg(l.port()));
        QVERIFY(rec.callbacks.isEmpty());
    }

    void clientGivesUpMidRequest()
    {
        LoopbackListener l;
        QVERIFY(l.start(config()));
        Recorder rec(l);
        RawClient c(l.port());
        c.send("POST /callback HTTP/1.1\r\nHost: " + hostOf(l) + "\r\nContent-Length: 50\r\n\r\ncode=");
        QTRY_VERIFY(c.socket.bytesToWrite() == 0);
        QTest::qWait(50);
        c.socket.disconnectFromHost();
        QTRY_COMPARE(rec.recorded.size(), 1);
        QCOMPARE(toString(rec.recorded.at(0).transportError), toString(TransportError::Network));
        QCOMPARE(rec.recorded.at(0).status, 0);
        QCOMPARE(rec.recorded.at(0).method, QStringLiteral("POST"));
        QVERIFY(rec.callbacks.isEmpty());
    }

    void maxConnectionsBoundsIdleFlood()
    {
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.maxConnections = 4;
        QVERIFY(l.start(cfg));
        Recorder rec(l);
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < 10; ++i)
            clients.push_back(std::make_unique<RawClient>(l.port()));
        auto closedCount = [&] {
            return std::count_if(clients.begin(), clients.end(), [](const auto &c) { return c->closed; });
        };
        auto openCount = [&] {
            return std::count_if(clients.begin(), clients.end(), [](const auto &c) {
                return !c->closed && c->socket.state() == QAbstractSocket::ConnectedState;
            });
        };
        QTRY_COMPARE_WITH_TIMEOUT(closedCount(), 6, 10000);
        QTRY_COMPARE(openCount(), 4);
        QTest::qWait(200);
        QCOMPARE(closedCount(), 6); // never more than four at a time, and the four left are kept
        QVERIFY(rec.recorded.isEmpty());
    }

    void fullOfIdleEvictsOldestSilent()
    {
        // A local process holding idle sockets must not lock the browser out until the timeout.
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.maxConnections = 4;
        QVERIFY(l.start(cfg));
        Recorder rec(l);
        std::vector<std::unique_ptr<RawClient>> idle;
        for (int i = 0; i < 4; ++i) {
            idle.push_back(std::make_unique<RawClient>(l.port()));
            QTRY_COMPARE(idle.back()->socket.state(), QAbstractSocket::ConnectedState);
            QTest::qWait(20); // accepted in this order
        }
        RawClient browser(l.port());
        browser.send(get("/callback?code=through", hostOf(l)));
        QVERIFY(browser.waitDone());
        QCOMPARE(browser.status(), 200);
        QCOMPARE(rec.callbacks.size(), 1);
        QTRY_VERIFY(idle.front()->closed); // the oldest idle one made room
        QCOMPARE(std::count_if(idle.begin(), idle.end(), [](const auto &c) { return c->closed; }), 1);
    }

    void fullOfBusyEvictsOldestIncomplete()
    {
        // Slots held by trickling clients must not lock the browser out either: the oldest
        // incomplete request is closed (and recorded) to make room.
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.maxConnections = 3;
        QVERIFY(l.start(cfg));
        Recorder rec(l);
        std::vector<std::unique_ptr<RawClient>> busy;
        for (int i = 0; i < 3; ++i) {
            busy.push_back(std::make_unique<RawClient>(l.port()));
            busy.back()->send("GET /callback?code=b" + QByteArray::number(i) + " HTTP/1.1\r\n");
        }
        QTRY_VERIFY(std::all_of(busy.begin(), busy.end(),
                                [](const auto &c) { return c->socket.bytesToWrite() == 0; }));
        QTest::qWait(200); // the listener has read their first bytes: none of them is idle now

        RawClient newcomer(l.port());
        newcomer.send(get("/callback?code=newcomer", hostOf(l)));
        QVERIFY(newcomer.waitDone());
        QCOMPARE(newcomer.status(), 200);
        QTRY_VERIFY(busy.front()->closed); // the oldest incomplete one made room
        QVERIFY(std::none_of(busy.begin() + 1, busy.end(), [](const auto &c) { return c->closed; }));
        QCOMPARE(rec.callbacks.size(), 1);
        QCOMPARE(rec.callbacks.at(0).second.code, QStringLiteral("newcomer"));
        const auto evicted = std::find_if(rec.recorded.begin(), rec.recorded.end(), [](const Exchange &x) {
            return x.errorMessage.contains(QStringLiteral("to make room"));
        });
        QVERIFY(evicted != rec.recorded.end());
        QVERIFY(evicted->role == ExchangeRole::Stray);
        QVERIFY(evicted->transportError == TransportError::Timeout);

        // The others still complete normally.
        busy.back()->send("Host: " + hostOf(l) + "\r\n\r\n");
        QVERIFY(busy.back()->waitDone());
        QCOMPARE(busy.back()->status(), 200);
        QCOMPARE(rec.callbacks.size(), 2);
        QCOMPARE(rec.callbacks.at(1).second.code, QStringLiteral("b2"));
    }

    void stopClosesEverything()
    {
        LoopbackListener l;
        QVERIFY(l.start(config()));
        const quint16 port = l.port();
        RawClient open(port);
        QTRY_COMPARE(open.socket.state(), QAbstractSocket::ConnectedState);
        QTest::qWait(50); // let the listener accept it
        l.stop();
        QVERIFY(!l.isListening());
        QCOMPARE(l.port(), quint16(0));
        QVERIFY(l.redirectUri().isEmpty());
        QTRY_VERIFY(open.closed);
        RawClient after(port);
        QTRY_VERIFY(after.socket.state() == QAbstractSocket::UnconnectedState);
        QCOMPARE(after.socket.error(), QAbstractSocket::ConnectionRefusedError);

        QVERIFY(l.start(config())); // restartable
        QVERIFY(l.isListening());
    }

    void destructorClosesConnections()
    {
        auto l = std::make_unique<LoopbackListener>();
        QVERIFY(l->start(config()));
        RawClient open(l->port());
        RawClient half(l->port());
        half.send("GET /callback?code=x HTTP/1.1\r\n");
        QTRY_COMPARE(open.socket.state(), QAbstractSocket::ConnectedState);
        QTest::qWait(50);
        l.reset();
        QTRY_VERIFY(open.closed);
        QTRY_VERIFY(half.closed);
    }

    void stopInsideCallbackStillDeliversPage()
    {
        // The flow stops the listener from its callbackReceived slot; the browser must still get
        // the page that was already written.
        LoopbackListener l;
        QVERIFY(l.start(config()));
        connect(&l, &LoopbackListener::callbackReceived, &l, [&l] { l.stop(); });
        RawClient c(l.port());
        c.send(get("/callback?error=access_denied&error_description=nope", hostOf(l)));
        QVERIFY(c.waitDone());
        QCOMPARE(c.status(), 200);
        QCOMPARE(c.body().size(), c.contentLength());
        QVERIFY(c.body().contains("nope"));
        QVERIFY(!l.isListening());
    }

    void hostileCrowdWhileWaiting()
    {
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.maxConnections = 32;
        cfg.readTimeoutMs = 300;
        QVERIFY(l.start(cfg));
        Recorder rec(l);
        int handlerCalls = 0;
        l.setCallbackHandler([&](const Exchange &, const CallbackParams &p) {
            ++handlerCalls;
            return CallbackReply{p.hasCode, QString(), QStringLiteral("handled")};
        });
        const quint16 port = l.port();
        const QByteArray host = hostOf(l);

        // 1. A flood of idle connections: never more than 32 at a time (the oldest silent ones are
        //    closed to make room), and since they send nothing, none is recorded.
        //    Opened in batches that fit the kernel's listen backlog: a client whose handshake the
        //    kernel dropped believes it is connected and, sending nothing, never learns otherwise.
        std::vector<std::unique_ptr<RawClient>> idle;
        for (int batch = 0; batch < 8; ++batch) {
            for (int i = 0; i < 25; ++i)
                idle.push_back(std::make_unique<RawClient>(port));
            QTRY_VERIFY(std::all_of(idle.begin(), idle.end(), [](const auto &c) {
                return c->closed || c->socket.state() == QAbstractSocket::ConnectedState;
            }));
        }
        auto idleClosed = [&] {
            return std::count_if(idle.begin(), idle.end(), [](const auto &c) { return c->closed; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(idleClosed() >= 200 - 32, 30000);

        // 2. Hostile requests, all at once, with a slow client trickling a callback.
        struct Hostile {
            QByteArray request;
            int status;
            TransportError error;
        };
        const QList<Hostile> hostile = {
            {"HELLO WORLD\r\n\r\n", 400, TransportError::Malformed},
            {"GET /callback?code=x HTTP/1.1 junk\r\nHost: " + host + "\r\n\r\n", 400,
             TransportError::Malformed},
            {QByteArray("\x00\xff\xfe\x01garbage", 11), 400, TransportError::Malformed},
            {"GET /callback HTTP/1.1\r\nHost: " + host + "\r\nX-Big: " + QByteArray(100 * 1024, 'a') +
                 "\r\n\r\n",
             431, TransportError::TooLarge},
            {"POST /callback HTTP/1.1\r\nHost: " + host +
                 "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                 "10485760\r\n\r\ncode=big&" +
                 QByteArray(10 * 1024 * 1024 - 9, 'b'),
             413, TransportError::TooLarge},
            {"GET /callback?code=\xc3\x28\xff&state=s HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 400,
             TransportError::Malformed},
            {get("/callback?code=rebound&state=s", "attacker.example:" + QByteArray::number(port)), 421,
             TransportError::None},
        };
        std::vector<std::unique_ptr<RawClient>> clients;
        for (const Hostile &h : hostile) {
            clients.push_back(std::make_unique<RawClient>(port));
            clients.back()->send(h.request);
        }
        RawClient slow(port);
        const QByteArray slowRequest = get("/callback?code=slowloris&state=s", host);
        qsizetype slowSent = 0;
        QTimer trickle;
        connect(&trickle, &QTimer::timeout, &trickle, [&] {
            if (slow.closed || slowSent >= slowRequest.size() - 1) // never completes
                return trickle.stop();
            slow.send(slowRequest.mid(slowSent++, 1));
        });
        trickle.start(20);

        // 3. Meanwhile the real redirect arrives.
        RawClient real(port);
        real.send(get("/callback?code=the-real-code&state=s", host));
        QVERIFY(real.waitDone());
        QCOMPARE(real.status(), 200);
        QVERIFY(real.body().contains("Authorization code received") || real.body().contains("Signed in"));
        QVERIFY(real.body().contains("handled"));

        for (std::size_t i = 0; i < clients.size(); ++i) {
            QVERIFY2(clients[i]->waitDone(15000), qPrintable(QString::number(i)));
            QCOMPARE(clients[i]->status(), hostile[qsizetype(i)].status);
        }
        QVERIFY(slow.waitDone(5000));
        QCOMPARE(slow.status(), 408);

        // Exactly one callback, the right one; every hostile request is on record as a stray.
        QCOMPARE(rec.callbacks.size(), 1);
        QCOMPARE(handlerCalls, 1);
        QCOMPARE(rec.callbacks.at(0).second.code, QStringLiteral("the-real-code"));
        QTRY_COMPARE(rec.recorded.size(), hostile.size() + 2);
        int strays = 0;
        for (const Exchange &x : std::as_const(rec.recorded)) {
            if (x.role == ExchangeRole::Callback) {
                QCOMPARE(x.url,
                         QStringLiteral("http://127.0.0.1:%1/callback?code=the-real-code&state=s").arg(port));
                continue;
            }
            ++strays;
            QCOMPARE(toString(x.role), toString(ExchangeRole::Stray));
            QVERIFY(x.status >= 400);
            if (x.status == 408)
                QCOMPARE(toString(x.transportError), toString(TransportError::Timeout));
            const auto match = std::find_if(hostile.begin(), hostile.end(),
                                            [&](const Hostile &h) { return h.status == x.status; });
            if (match != hostile.end() && x.status != 400)
                QCOMPARE(toString(x.transportError), toString(match->error));
        }
        QCOMPARE(strays, hostile.size() + 1);
        QTRY_COMPARE_WITH_TIMEOUT(idleClosed(), 200, 30000);
        QVERIFY(std::none_of(idle.begin(), idle.end(), [](const auto &c) { return !c->raw.isEmpty(); }));
        QCOMPARE(rec.recorded.size(), hostile.size() + 2); // the idle flood left no records
        QVERIFY(l.isListening());
        QTest::qWait(100);
        QCOMPARE(rec.callbacks.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestLoopbackListenerAbuse)
#include "tst_loopbacklistenerabuse.moc"
