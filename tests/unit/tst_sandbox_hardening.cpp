// Hostile and malformed input against the sandbox's HTTP serving, over raw sockets: it must answer
// with a 4xx (or just close), keep Connection: close, enforce limits, time out slow clients, bound
// connections, refuse foreign Host headers, and keep serving afterwards.

#include "tst_sandbox_support.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>

using namespace sbxtest;

namespace {

struct Raw {
    QByteArray response;
    bool closedByServer = false;
};

// Sends `bytes`, then reads until the server closes or `waitMs` passes. The server lives in this
// thread, so waiting must spin the event loop (qWaitFor) rather than block in waitFor*().
Raw rawExchange(quint16 port, const QByteArray &bytes, int waitMs = 5000)
{
    Raw out;
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return s.state() == QAbstractSocket::ConnectedState; }, 3000))
        return out;
    if (!bytes.isEmpty())
        s.write(bytes);
    out.closedByServer = QTest::qWaitFor(
        [&] {
            out.response += s.readAll();
            return s.state() == QAbstractSocket::UnconnectedState;
        },
        waitMs);
    out.response += s.readAll();
    return out;
}

int statusOf(const QByteArray &response)
{
    if (!response.startsWith("HTTP/1.1 "))
        return 0;
    return response.mid(9, 3).toInt();
}

} // namespace

class TestSandboxHardening : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void wellFormedRequestClosesConnection();
    void malformedRequests_data();
    void malformedRequests();
    void sizeLimits_data();
    void sizeLimits();
    void readTimeout();
    void idleConnectionClosedWithoutAnswer();
    void boundedConnections();
    void foreignHostRefused();
    void hostileFormBodies();
    void clientLeavesDuringSlowToken();
    void randomBytesDoNotCrash();
    void portInUse();

private:
    void assertStillServing();
    std::unique_ptr<Harness> h;
};

void TestSandboxHardening::init()
{
    h = std::make_unique<Harness>();
    wb::SandboxConfig cfg;
    cfg.autoApprove = true;
    cfg.readTimeoutMs = 400;
    cfg.maxConnections = 4;
    cfg.slowTokenDelayMs = 500;
    QVERIFY(h->start(cfg));
}

void TestSandboxHardening::cleanup()
{
    h.reset();
}

void TestSandboxHardening::assertStillServing()
{
    const Raw r = rawExchange(h->server.port(), "GET /jwks HTTP/1.1\r\nHost: 127.0.0.1:" +
                                                    QByteArray::number(h->server.port()) + "\r\n\r\n");
    QCOMPARE(statusOf(r.response), 200);
}

void TestSandboxHardening::wellFormedRequestClosesConnection()
{
    const QByteArray host = "127.0.0.1:" + QByteArray::number(h->server.port());
    const Raw r =
        rawExchange(h->server.port(), "GET /.well-known/openid-configuration HTTP/1.1\r\nHost: " + host +
                                          "\r\nConnection: keep-alive\r\n\r\n");
    QCOMPARE(statusOf(r.response), 200);
    QVERIFY(r.response.contains("\r\nConnection: close\r\n"));
    QVERIFY(r.response.contains("\r\nDate: "));
    QVERIFY(r.closedByServer);
    const qsizetype bodyAt = r.response.indexOf("\r\n\r\n") + 4;
    const QByteArray body = r.response.mid(bodyAt);
    QVERIFY(r.response.contains("Content-Length: " + QByteArray::number(body.size()) + "\r\n"));
    QVERIFY(body.startsWith("{"));
}

void TestSandboxHardening::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff\r\n\r\n", 8);
    QTest::newRow("no version") << QByteArray("GET /\r\n\r\n");
    QTest::newRow("bad version") << QByteArray("GET / HTTP/9.9\r\nHost: a\r\n\r\n");
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nHost a\r\n\r\n");
    QTest::newRow("bad content-length")
        << QByteArray("POST /token HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n");
    QTest::newRow("two content-lengths")
        << QByteArray("POST /token HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
    QTest::newRow("chunked") << QByteArray(
        "POST /token HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n");
    QTest::newRow("control char") << QByteArray("GET /\x01 HTTP/1.1\r\nHost: a\r\n\r\n");
}

void TestSandboxHardening::malformedRequests()
{
    QFETCH(QByteArray, request);
    const Raw r = rawExchange(h->server.port(), request);
    const int status = statusOf(r.response);
    QVERIFY2(status >= 400 && status < 600, r.response.left(200).constData());
    QVERIFY(r.response.contains("\r\nConnection: close\r\n"));
    QVERIFY(r.closedByServer);
    assertStillServing();
}

void TestSandboxHardening::sizeLimits_data()
{
    const QByteArray host = "Host: 127.0.0.1\r\n";
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("request line") << "GET /" + QByteArray(10 * 1024, 'a') + " HTTP/1.1\r\n" + host + "\r\n"
                                  << 414;
    QTest::newRow("headers") << "GET / HTTP/1.1\r\n" + host + "X-Big: " + QByteArray(40 * 1024, 'b') +
                                    "\r\n\r\n"
                             << 431;
    QByteArray many = "GET / HTTP/1.1\r\n" + host;
    for (int i = 0; i < 150; ++i)
        many += "X-" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("header count") << many + "\r\n" << 431;
    QTest::newRow("body") << "POST /token HTTP/1.1\r\n" + host + "Content-Length: 5000000\r\n\r\n" << 413;
}

void TestSandboxHardening::sizeLimits()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const Raw r = rawExchange(h->server.port(), request);
    QCOMPARE(statusOf(r.response), status);
    QVERIFY(r.closedByServer);
    assertStillServing();
}

void TestSandboxHardening::readTimeout()
{
    QElapsedTimer t;
    t.start();
    const Raw r = rawExchange(h->server.port(),
                              "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nab");
    QCOMPARE(statusOf(r.response), 408);
    QVERIFY(r.closedByServer);
    QVERIFY(t.elapsed() >= 400);
}

void TestSandboxHardening::idleConnectionClosedWithoutAnswer()
{
    const Raw r = rawExchange(h->server.port(), {}, 5000);
    QVERIFY(r.closedByServer);
    QVERIFY(r.response.isEmpty());
}

void TestSandboxHardening::boundedConnections()
{
    QList<QTcpSocket *> idle;
    for (int i = 0; i < 4; ++i) {
        auto *s = new QTcpSocket(this);
        s->connectToHost(QHostAddress::LocalHost, h->server.port());
        QTRY_VERIFY_WITH_TIMEOUT(s->state() == QAbstractSocket::ConnectedState, 3000);
        idle << s;
    }
    QTest::qWait(50); // let the server accept them
    // The fifth makes room by closing the oldest idle one, and is served.
    QTcpSocket extra;
    QByteArray received;
    connect(&extra, &QTcpSocket::readyRead, this, [&] { received += extra.readAll(); });
    connect(&extra, &QTcpSocket::connected, this, [&] {
        extra.write("GET /jwks HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(h->server.port()) +
                    "\r\n\r\n");
    });
    extra.connectToHost(QHostAddress::LocalHost, h->server.port());
    QTRY_VERIFY_WITH_TIMEOUT(received.contains("\"keys\""), 5000);
    QCOMPARE(statusOf(received), 200);
    QTRY_VERIFY_WITH_TIMEOUT(idle.front()->state() == QAbstractSocket::UnconnectedState, 3000);
    for (int i = 1; i < idle.size(); ++i)
        QVERIFY(idle[i]->state() == QAbstractSocket::ConnectedState);
    qDeleteAll(idle);
    QTest::qWait(50);
    assertStillServing();
}

void TestSandboxHardening::foreignHostRefused()
{
    Raw r = rawExchange(h->server.port(), "GET /jwks HTTP/1.1\r\nHost: evil.example\r\n\r\n");
    QCOMPARE(statusOf(r.response), 421);
    QVERIFY(!r.response.contains("\"keys\""));
    r = rawExchange(h->server.port(), "GET /jwks HTTP/1.1\r\n\r\n");
    QCOMPARE(statusOf(r.response), 400);
    const QByteArray port = QByteArray::number(h->server.port());
    for (const QByteArray &host : {"localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port}) {
        r = rawExchange(h->server.port(), "GET /jwks HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        QCOMPARE(statusOf(r.response), 200);
    }
}

void TestSandboxHardening::hostileFormBodies()
{
    QRandomGenerator rng(7);
    QByteArray junk(4096, '\0');
    for (auto &c : junk)
        c = char(rng.bounded(256));
    const QList<QByteArray> bodies = {
        junk, "grant_type=%ZZ&code=%&=&&&=x", "grant_type=authorization_code&code=" + QByteArray(100000, 'a'),
        QByteArray(2000, '&'), "client_id=%00sandbox-public&grant_type=client_credentials"};
    for (const QByteArray &body : bodies) {
        const HttpResult r =
            h->send("POST", "/token", body, {{"Content-Type", "application/x-www-form-urlencoded"}});
        QVERIFY2(r.status >= 400 && r.status < 500, qPrintable(QString::number(r.status)));
        QVERIFY(!r.toJson().is_discarded());
    }
    // Junk in the authorize query and consent form.
    QCOMPARE(h->get("/authorize?%%%&client_id=%FF%FE&redirect_uri=%00").status, 400);
    QCOMPARE(h->postForm("/authorize/consent", {{"interaction", QString(5000, 'x')}, {"decision", "allow"}})
                 .status,
             400);
    assertStillServing();
}

void TestSandboxHardening::clientLeavesDuringSlowToken()
{
    h->server.setFaultEnabled(wb::SandboxFault::SlowToken, true);
    QSignalSpy served(&h->server, &wb::SandboxServer::requestServed);
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, h->server.port());
        QTRY_VERIFY_WITH_TIMEOUT(s.state() == QAbstractSocket::ConnectedState, 3000);
        const QByteArray body = "grant_type=client_credentials";
        s.write("POST /token HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(h->server.port()) +
                "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QTest::qWait(100);
    } // gone before the 500 ms delay ends
    QTRY_COMPARE_WITH_TIMEOUT(served.count(), 1, 3000);
    QCOMPARE(served.at(0).at(2).toInt(), 0);
    QTest::qWait(600); // the cancelled answer must not fire on a dead socket
    assertStillServing();
}

void TestSandboxHardening::randomBytesDoNotCrash()
{
    QRandomGenerator rng(42);
    const QByteArray valid =
        "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        "application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\ngrant_type=client_credentials";
    int answered = 0;
    for (int i = 0; i < 30; ++i) {
        QByteArray bytes = valid;
        const int flips = 1 + int(rng.bounded(8));
        for (int f = 0; f < flips; ++f)
            bytes[int(rng.bounded(int(bytes.size())))] = char(rng.bounded(256));
        const Raw r = rawExchange(h->server.port(), bytes, 2000);
        if (!r.response.isEmpty()) {
            ++answered;
            QVERIFY2(statusOf(r.response) > 0, r.response.left(100).constData());
        }
    }
    QVERIFY(answered > 0);
    assertStillServing();
}

void TestSandboxHardening::portInUse()
{
    wb::SandboxServer second;
    wb::SandboxConfig cfg;
    cfg.port = h->server.port();
    QString error;
    QVERIFY(!second.start(cfg, &error));
    QVERIFY2(error.contains(QString::number(cfg.port)), qPrintable(error));
    QVERIFY(!second.isListening());
    QVERIFY(second.issuer().isEmpty());
}

QTEST_GUILESS_MAIN(TestSandboxHardening)
#include "tst_sandbox_hardening.moc"
