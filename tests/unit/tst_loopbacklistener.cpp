// Tests for LoopbackListener with real sockets: binding, callbacks in every response mode,
// strays and DNS-rebinding Hosts. The abuse half is in tst_loopbacklistenerabuse.cpp.
#include "tst_loopback_support.h"

#include <QNetworkInterface>
#include <QSignalSpy>

using namespace wb;
using namespace lbtest;

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
};

QTEST_GUILESS_MAIN(TestLoopbackListener)
#include "tst_loopbacklistener.moc"
