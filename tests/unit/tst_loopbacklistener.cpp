// Tests for LoopbackListener with real sockets: callbacks in every response mode, strays,
// DNS-rebinding Hosts, limits, timeouts, and a hostile crowd while a flow waits for its callback.
#include "http/LoopbackListener.h"

#include <QNetworkInterface>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>
#include <memory>

using namespace wb;

namespace {

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

QByteArray get(const QByteArray &target, const QByteArray &host)
{
    return "GET " + target + " HTTP/1.1\r\nHost: " + host +
           "\r\nUser-Agent: tst\r\nAccept: text/html\r\n\r\n";
}

QByteArray postForm(const QByteArray &target, const QByteArray &host, const QByteArray &body)
{
    return "POST " + target + " HTTP/1.1\r\nHost: " + host +
           "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

bool ipv6LoopbackAvailable()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHostIPv6, 0);
}

} // namespace

class TestLoopbackListener : public QObject {
    Q_OBJECT

    LoopbackConfig config() { return LoopbackConfig(); }
    QByteArray hostOf(const LoopbackListener &l) { return "127.0.0.1:" + QByteArray::number(l.port()); }

private slots:
    void bindsOnlyLoopback()
    {
        LoopbackListener l;
        QString error;
        QVERIFY2(l.start(config(), &error), qPrintable(error));
        QVERIFY(l.isListening());
        QVERIFY(l.port() != 0); // ephemeral
        auto *server = l.findChild<QTcpServer *>();
        QVERIFY(server);
        QCOMPARE(server->serverAddress(), QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(l.listenAddress(), QStringLiteral("127.0.0.1:%1").arg(l.port()));
        QCOMPARE(l.redirectUri(), QStringLiteral("http://127.0.0.1:%1/callback").arg(l.port()));

        // The port must not answer on any other address of this machine.
        const auto addresses = QNetworkInterface::allAddresses();
        for (const QHostAddress &a : addresses) {
            if (a.isLoopback() || a.protocol() != QAbstractSocket::IPv4Protocol)
                continue;
            RawClient c(l.port(), a);
            QTRY_VERIFY_WITH_TIMEOUT(c.socket.state() == QAbstractSocket::UnconnectedState, 5000);
            QVERIFY2(c.socket.error() == QAbstractSocket::ConnectionRefusedError, qPrintable(a.toString()));
        }
    }

    void localhostSpellingBindsIpv4()
    {
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.redirectHost = QStringLiteral("localhost");
        QVERIFY(l.start(cfg));
        QCOMPARE(l.findChild<QTcpServer *>()->serverAddress(), QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(l.redirectUri(), QStringLiteral("http://localhost:%1/callback").arg(l.port()));
        Recorder rec(l);
        // Both the redirect spelling and the bound address are accepted as Host.
        for (const QByteArray &host : {"localhost:" + QByteArray::number(l.port()), hostOf(l)}) {
            RawClient c(l.port());
            c.send(get("/callback?code=c1", host));
            QVERIFY(c.waitDone());
            QCOMPARE(c.status(), 200);
        }
        QCOMPARE(rec.callbacks.size(), 2);
        QCOMPARE(rec.recorded.at(0).url,
                 QStringLiteral("http://localhost:%1/callback?code=c1").arg(l.port()));
    }

    void refusesNonLoopbackConfig_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("ipv6");
        QTest::addColumn<QString>("path");
        QTest::newRow("wildcard") << QStringLiteral("0.0.0.0") << false << QStringLiteral("/callback");
        QTest::newRow("routable") << QStringLiteral("192.168.1.10") << false << QStringLiteral("/callback");
        QTest::newRow("dns name") << QStringLiteral("example.com") << false << QStringLiteral("/callback");
        QTest::newRow("ipv6 wildcard") << QStringLiteral("[::]") << false << QStringLiteral("/callback");
        QTest::newRow("v4 spelling on v6")
            << QStringLiteral("127.0.0.1") << true << QStringLiteral("/callback");
        QTest::newRow("relative path") << QStringLiteral("127.0.0.1") << false << QStringLiteral("callback");
        QTest::newRow("query in path") << QStringLiteral("127.0.0.1") << false << QStringLiteral("/cb?x=1");
    }
    void refusesNonLoopbackConfig()
    {
        QFETCH(QString, host);
        QFETCH(bool, ipv6);
        QFETCH(QString, path);
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.redirectHost = host;
        cfg.bindIpv6 = ipv6;
        cfg.path = path;
        QString error;
        QVERIFY(!l.start(cfg, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!l.isListening());
        QVERIFY(!l.findChild<QTcpServer *>() || !l.findChild<QTcpServer *>()->isListening());
    }

    void portInUseReported()
    {
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.port = blocker.serverPort();
        QString error;
        QVERIFY(!l.start(cfg, &error));
        QVERIFY2(error.contains(QString::number(cfg.port)), qPrintable(error));
    }

    void ipv6Bind()
    {
        if (!ipv6LoopbackAvailable())
            QSKIP("::1 is not available on this machine");
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.redirectHost = QStringLiteral("[::1]");
        QVERIFY(l.start(cfg));
        QCOMPARE(l.findChild<QTcpServer *>()->serverAddress(), QHostAddress(QHostAddress::LocalHostIPv6));
        QCOMPARE(l.redirectUri(), QStringLiteral("http://[::1]:%1/callback").arg(l.port()));
        QCOMPARE(l.listenAddress(), QStringLiteral("[::1]:%1").arg(l.port()));
        Recorder rec(l);

        const QByteArray port = QByteArray::number(l.port());
        RawClient ok(l.port(), QHostAddress::LocalHostIPv6);
        ok.send(get("/callback?code=six", "[::1]:" + port));
        QVERIFY(ok.waitDone());
        QCOMPARE(ok.status(), 200);
        QCOMPARE(rec.callbacks.size(), 1);
        QCOMPARE(rec.callbacks.at(0).second.code, QStringLiteral("six"));
        QVERIFY(rec.recorded.at(0).peer.startsWith(QStringLiteral("[::1]:")));

        RawClient wrongSpelling(l.port(), QHostAddress::LocalHostIPv6);
        wrongSpelling.send(get("/callback?code=x", "127.0.0.1:" + port));
        QVERIFY(wrongSpelling.waitDone());
        QCOMPARE(wrongSpelling.status(), 421);
        QCOMPARE(rec.callbacks.size(), 1);

        // Nothing listens on 127.0.0.1 for this port.
        RawClient v4(l.port());
        QTRY_VERIFY(v4.socket.state() == QAbstractSocket::UnconnectedState);
        QCOMPARE(v4.socket.error(), QAbstractSocket::ConnectionRefusedError);
    }

    void queryCallback()
    {
        LoopbackListener l;
        QVERIFY(l.start(config()));
        Recorder rec(l);
        QSignalSpy recordedSpy(&l, &LoopbackListener::requestRecorded);
        QSignalSpy callbackSpy(&l, &LoopbackListener::callbackReceived);
        const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);

        RawClient c(l.port());
        c.send(get("/callback?code=abc123&state=st%20ate&iss=https%3A%2F%2Fidp", hostOf(l)));
        QVERIFY(c.waitDone());
        QCOMPARE(c.status(), 200);
        QCOMPARE(c.header("Connection"), QByteArray("close"));
        QCOMPARE(c.header("Content-Type"), QByteArray("text/html; charset=utf-8"));
        QCOMPARE(c.header("Cache-Control"), QByteArray("no-store"));
        QVERIFY(c.header("Content-Security-Policy").contains("default-src 'none'"));
        QVERIFY(!c.header("Content-Security-Policy").contains("script-src"));
        QCOMPARE(c.body().size(), c.contentLength());
        QVERIFY(c.body().contains("<title>OAuth Workbench</title>"));
        QVERIFY(c.body().contains("Authorization code received"));
        QVERIFY(c.body().contains("You can close this tab and return to OAuth Workbench"));
        QVERIFY(!c.body().contains("http://") && !c.body().contains("https://")); // nothing fetched
        QTRY_VERIFY(c.closed); // one request per connection

        QCOMPARE(recordedSpy.count(), 1);
        QCOMPARE(callbackSpy.count(), 1);
        QCOMPARE(rec.order, QStringList({QStringLiteral("recorded"), QStringLiteral("callback")}));
        const Exchange &x = rec.recorded.at(0);
        QCOMPARE(toString(x.role), toString(ExchangeRole::Callback));
        QCOMPARE(x.method, QStringLiteral("GET"));
        QCOMPARE(x.url, QStringLiteral(
                            "http://127.0.0.1:%1/callback?code=abc123&state=st%20ate&iss=https%3A%2F%2Fidp")
                            .arg(l.port()));
        QCOMPARE(x.httpVersion, QStringLiteral("HTTP/1.1"));
        QCOMPARE(headerValue(x.requestHeaders, "Host"), hostOf(l));
        QCOMPARE(headerValue(x.requestHeaders, "User-Agent"), QByteArray("tst"));
        QCOMPARE(x.status, 200);
        QCOMPARE(x.reason, QStringLiteral("OK"));
        QCOMPARE(x.responseBody, c.body());
        QCOMPARE(headerValue(x.responseHeaders, "Connection"), QByteArray("close"));
        QCOMPARE(toString(x.transportError), toString(TransportError::None));
        QCOMPARE(x.peer, QStringLiteral("127.0.0.1:%1").arg(c.localPort));
        QVERIFY(x.startedAt.isValid());
        QCOMPARE(x.startedAt.timeSpec(), Qt::UTC);
        QVERIFY(x.startedAt >= before && x.startedAt <= QDateTime::currentDateTimeUtc());
        QVERIFY(x.durationMs >= 0);

        const CallbackParams &p = rec.callbacks.at(0).second;
        QCOMPARE(p.source, QStringLiteral("query"));
        QCOMPARE(p.code, QStringLiteral("abc123"));
        QCOMPARE(p.state, QStringLiteral("st ate"));
        QCOMPARE(p.iss, QStringLiteral("https://idp"));
        QCOMPARE(rec.callbacks.at(0).first.url, x.url);
    }

    void formPostCallback()
    {
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.responseMode = ResponseMode::FormPost;
        QVERIFY(l.start(cfg));
        Recorder rec(l);
        RawClient c(l.port());
        const QByteArray body = "code=fp%2Bcode&state=s1";
        c.send(postForm("/callback", hostOf(l), body));
        QVERIFY(c.waitDone());
        QCOMPARE(c.status(), 200);
        QCOMPARE(rec.callbacks.size(), 1);
        QCOMPARE(rec.callbacks.at(0).second.source, QStringLiteral("form_post"));
        QCOMPARE(rec.callbacks.at(0).second.code, QStringLiteral("fp+code"));
        QCOMPARE(rec.recorded.at(0).method, QStringLiteral("POST"));
        QCOMPARE(rec.recorded.at(0).requestBody, body);
        QCOMPARE(toString(rec.recorded.at(0).role), toString(ExchangeRole::Callback));
    }

    void fragmentRoundTrip()
    {
        LoopbackListener l;
        LoopbackConfig cfg;
        cfg.responseMode = ResponseMode::Fragment;
        QVERIFY(l.start(cfg));
        Recorder rec(l);

        // 1. The browser drops "#code=..." and sends a bare GET: we answer the recovery page.
        RawClient first(l.port());
        first.send(get("/callback", hostOf(l)));
        QVERIFY(first.waitDone());
        QCOMPARE(first.status(), 200);
        const QByteArray page = first.body();
        QVERIFY(page.contains("<title>OAuth Workbench</title>"));
        QVERIFY(page.contains("location.hash"));
        QVERIFY(page.contains("'wb_fragment'"));
        QVERIFY(page.contains("form.method = 'post'"));
        QVERIFY(page.contains("<noscript>"));
        QVERIFY(first.header("Content-Security-Policy").contains("script-src 'unsafe-inline'"));
        QCOMPARE(rec.recorded.size(), 1);
        QCOMPARE(toString(rec.recorded.at(0).role), toString(ExchangeRole::Stray));
        QVERIFY(rec.callbacks.isEmpty());

        // 2. What that page's form submits.
        RawClient second(l.port());
        second.send(postForm("/callback", hostOf(l), "wb_fragment=code%3Dfr4g%26state%3Dabc%2Bdef"));
        QVERIFY(second.waitDone());
        QCOMPARE(second.status(), 200);
        QVERIFY(second.body().contains("Authorization code received"));
        QCOMPARE(rec.callbacks.size(), 1);
        const CallbackParams &p = rec.callbacks.at(0).second;
        QCOMPARE(p.source, QStringLiteral("fragment"));
        QCOMPARE(p.code, QStringLiteral("fr4g"));
        QCOMPARE(p.state, QStringLiteral("abc def"));
        QCOMPARE(toString(rec.recorded.at(1).role), toString(ExchangeRole::Callback));
    }

    void strayRequests_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("favicon") << QByteArray("GET /favicon.ico HTTP/1.1\r\nHost: %h\r\n\r\n") << 404;
        QTest::newRow("trailing slash")
            << QByteArray("GET /callback/?code=x HTTP/1.1\r\nHost: %h\r\n\r\n") << 404;
        QTest::newRow("other path") << QByteArray("GET /auth?code=x HTTP/1.1\r\nHost: %h\r\n\r\n") << 404;
        QTest::newRow("put on path") << QByteArray("PUT /callback?code=x HTTP/1.1\r\nHost: %h\r\n\r\n")
                                     << 405;
        QTest::newRow("head on path")
            << QByteArray("HEAD /callback?code=x HTTP/1.1\r\nHost: %h\r\n\r\n") << 405;
        QTest::newRow("post json") << QByteArray("POST /callback HTTP/1.1\r\nHost: %h\r\nContent-Type: "
                                                 "application/json\r\nContent-Length: 2\r\n\r\n{}")
                                   << 400;
    }
    void strayRequests()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        LoopbackListener l;
        QVERIFY(l.start(config()));
        Recorder rec(l);
        RawClient c(l.port());
        c.send(request.replace("%h", hostOf(l)));
        QVERIFY(c.waitDone());
        QCOMPARE(c.status(), status);
        QVERIFY(c.body().contains("You can close this tab and return to OAuth Workbench"));
        if (status == 405)
            QCOMPARE(c.header("Allow"), QByteArray("GET, POST"));
        QCOMPARE(rec.recorded.size(), 1);
        QCOMPARE(toString(rec.recorded.at(0).role), toString(ExchangeRole::Stray));
        QCOMPARE(rec.recorded.at(0).status, status);
        QVERIFY(rec.callbacks.isEmpty());
    }

    void foreignHostRejected_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("status");
        QTest::newRow("rebinding name") << QByteArray("evil.example:%p") << 421;
        QTest::newRow("no port") << QByteArray("127.0.0.1") << 421;
        QTest::newRow("other port") << QByteArray("127.0.0.1:1") << 421;
        QTest::newRow("localhost not configured") << QByteArray("localhost:%p") << 421;
        QTest::newRow("ipv6 spelling") << QByteArray("[::1]:%p") << 421;
        QTest::newRow("missing") << QByteArray() << 400;
    }
    void foreignHostRejected()
    {
        QFETCH(QByteArray, host);
        QFETCH(int, status);
        LoopbackListener l;
        QVERIFY(l.start(config()));
        Recorder rec(l);
        bool handlerCalled = false;
        l.setCallbackHandler([&](const Exchange &, const CallbackParams &) {
            handlerCalled = true;
            return CallbackReply{};
        });
        RawClient c(l.port());
        host.replace("%p", QByteArray::number(l.port()));
        c.send(host.isEmpty() ? QByteArray("GET /callback?code=evil HTTP/1.0\r\n\r\n")
                              : get("/callback?code=evil&state=s", host));
        QVERIFY(c.waitDone());
        QCOMPARE(c.status(), status);
        QVERIFY(!c.body().contains("evil"));
        QVERIFY(!handlerCalled);
        QVERIFY(rec.callbacks.isEmpty());
        QCOMPARE(rec.recorded.size(), 1);
        QCOMPARE(toString(rec.recorded.at(0).role), toString(ExchangeRole::Stray));
        QCOMPARE(rec.recorded.at(0).status, status);
        QVERIFY(!rec.recorded.at(0).errorMessage.isEmpty());
    }

    void errorCallbackEscaped()
    {
        LoopbackListener l;
        QVERIFY(l.start(config()));
        Recorder rec(l);
        RawClient c(l.port());
        c.send(get(
            "/callback?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E+%26+%22q%22"
            "&state=s",
            hostOf(l)));
        QVERIFY(c.waitDone());
        QCOMPARE(c.status(), 200);
        const QByteArray body = c.body();
        QVERIFY(body.contains("Authorization failed"));
        QVERIFY(body.contains("access_denied"));
        QVERIFY(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"));
        QVERIFY(!body.contains("<script>"));
        QCOMPARE(rec.callbacks.size(), 1);
        QVERIFY(rec.callbacks.at(0).second.hasError);
        QCOMPARE(rec.callbacks.at(0).second.errorDescription,
                 QStringLiteral("<script>alert(1)</script> & \"q\""));
    }

    void customHandlerDecidesPage()
    {
        LoopbackListener l;
        QVERIFY(l.start(config()));
        Recorder rec(l);
        QString seenCode;
        l.setCallbackHandler([&](const Exchange &x, const CallbackParams &p) {
            seenCode = p.code;
            [&] { QCOMPARE(toString(x.role), toString(ExchangeRole::Callback)); }();
            return CallbackReply{false, QStringLiteral("State mismatch <b>"),
                                 QStringLiteral("The state did not match.\n{{heading}} stays literal")};
        });
        RawClient c(l.port());
        c.send(get("/callback?code=good&state=wrong", hostOf(l)));
        QVERIFY(c.waitDone());
        QCOMPARE(seenCode, QStringLiteral("good"));
        QVERIFY(c.body().contains("State mismatch &lt;b&gt;"));
        QVERIFY(c.body().contains("The state did not match.<br>{{heading}} stays literal"));
        QVERIFY(c.body().contains("class=\"error\""));
        QCOMPARE(rec.callbacks.size(), 1); // the flow still gets to see and diagnose it
    }

    void callbackWithoutCodeOrError()
    {
        LoopbackListener l;
        QVERIFY(l.start(config()));
        Recorder rec(l);
        RawClient c(l.port());
        c.send(get("/callback?foo=%3Cx%3E", hostOf(l)));
        QVERIFY(c.waitDone());
        QVERIFY(c.body().contains("neither a code nor an error"));
        QVERIFY(c.body().contains("Parameters received: foo."));
        QCOMPARE(rec.callbacks.size(), 1);
    }

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

QTEST_GUILESS_MAIN(TestLoopbackListener)
#include "tst_loopbacklistener.moc"
