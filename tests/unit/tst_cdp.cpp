// Captured browser mode without a browser: NetworkCapture builds exchanges from recorded DevTools
// events (tests/data/cdp: a real Chromium's events for the redirect-hops peer and a DNS failure,
// plus a hand-written form post / TLS failure / blocked request), CdpClient dispatches results
// and events over a real local WebSocket and survives malformed messages, ChromiumLocator and
// ChromiumProcess's port file parsing.

#include "browser/CdpClient.h"
#include "browser/ChromiumLocator.h"
#include "browser/ChromiumProcess.h"
#include "browser/NetworkCapture.h"
#include "util/JsonDepth.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace wb;
using json = nlohmann::json;

namespace {
json loadFixture(const char *name)
{
    QFile f(QStringLiteral(WB_TEST_DATA_DIR "/cdp/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        return json();
    const QByteArray data = f.readAll();
    return json::parse(data.constBegin(), data.constEnd(), nullptr, false);
}

NetworkCapture replay(const char *fixture, const QString &redirectUri, const QString &mainFrame = {})
{
    NetworkCapture c(redirectUri);
    c.setMainFrameId(mainFrame);
    const json events = loadFixture(fixture);
    for (const json &e : events)
        c.handleEvent(QString::fromStdString(e.value("method", std::string())),
                      e.value("params", json::object()));
    return c;
}

QByteArray header(const HttpHeaders &h, const char *name)
{
    return headerValue(h, name);
}
} // namespace

class TestCdp : public QObject {
    Q_OBJECT
private slots:
    void fixturesLoad();
    void redirectChainFromRealChromium();
    void dnsFailureIsATransportError();
    void formPostRedactsPasswordsAndMatchesExtraInfo();
    void malformedEventsAreIgnored();
    void deeplyNestedMessagesAreRefused();
    void errorPageKeepsItsBody();
    void clientDispatchesOverWebSocket();
    void childSessionEventsCarryTheirSession();
    void pageTargetFromList();
    void locatorExplicitPathAndSearch();
    void activePortFile();
};

void TestCdp::fixturesLoad()
{
    for (const char *name : {"hops-chain.json", "dns-failure.json", "form-post.json"})
        QVERIFY2(loadFixture(name).is_array(), name);
}

void TestCdp::redirectChainFromRealChromium()
{
    const NetworkCapture c = replay("hops-chain.json", QStringLiteral("http://127.0.0.1:46557/callback"));
    const QList<CapturedHop> docs = c.documentHops();
    QCOMPARE(docs.size(), 4);
    const QStringList paths = {QStringLiteral("/authorize"), QStringLiteral("/hop1"), QStringLiteral("/hop2"),
                               QStringLiteral("/callback")};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(QUrl(docs[i].exchange.url).path(), paths[i]);
        QVERIFY(docs[i].exchange.role == ExchangeRole::FrontChannel);
        QVERIFY(docs[i].exchange.startedAt.isValid());
        QVERIFY(docs[i].finished);
    }
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(docs[i].exchange.status, 302);
        QVERIFY2(!header(docs[i].exchange.responseHeaders, "Location").isEmpty(), qPrintable(paths[i]));
        QVERIFY(docs[i].rawResponseHeaders);
        QVERIFY(!docs[i].toRedirectUri);
    }
    // Raw headers from the ExtraInfo events: the cookie set at /hop1 and sent to /hop2.
    QVERIFY(header(docs[1].exchange.responseHeaders, "Set-Cookie").startsWith("wb_hop="));
    QVERIFY(header(docs[2].exchange.requestHeaders, "Cookie").startsWith("wb_hop="));
    QVERIFY(
        header(docs[2].exchange.responseHeaders, "Location").startsWith("http://127.0.0.1:46557/callback?"));
    QVERIFY(docs[3].toRedirectUri);
    QCOMPARE(docs[3].exchange.status, 200);
    QVERIFY(c.reachedRedirectUri());
    QVERIFY(c.chainSettled());
    // Cut before the callback's request, the chain has not settled.
    NetworkCapture partial(QStringLiteral("http://127.0.0.1:46557/callback"));
    const json events = loadFixture("hops-chain.json");
    for (const json &e : events) {
        if (e["params"].value("request", json::object()).value("url", std::string()).find("/callback") !=
            std::string::npos)
            break;
        partial.handleEvent(QString::fromStdString(e.value("method", std::string())), e["params"]);
    }
    QCOMPARE(partial.documentHops().size(), 3);
    QVERIFY(!partial.reachedRedirectUri());
    QVERIFY(!partial.chainSettled());
    // The favicon is a sub-resource, kept apart from the chain.
    const QList<CapturedHop> subs = c.subResourceHops();
    QCOMPARE(subs.size(), 1);
    QVERIFY(subs[0].exchange.url.endsWith(QLatin1String("/favicon.ico")));
}

void TestCdp::dnsFailureIsATransportError()
{
    const NetworkCapture c = replay("dns-failure.json", QStringLiteral("http://127.0.0.1:1/callback"));
    const QList<CapturedHop> docs = c.documentHops();
    QCOMPARE(docs.size(), 1);
    QCOMPARE(docs[0].exchange.status, 0);
    QVERIFY(docs[0].exchange.transportError == TransportError::Network);
    QVERIFY(docs[0].exchange.errorMessage.contains(QLatin1String("ERR_NAME_NOT_RESOLVED")));
    QVERIFY(!c.reachedRedirectUri());
    QVERIFY(!c.chainSettled());
    QVERIFY(c.subResourceHops().size() >= 1); // the error page's images
}

void TestCdp::formPostRedactsPasswordsAndMatchesExtraInfo()
{
    const NetworkCapture c =
        replay("form-post.json", QStringLiteral("http://127.0.0.1:5000/callback"), QStringLiteral("MAIN"));
    const QList<CapturedHop> docs = c.documentHops();
    QCOMPARE(docs.size(), 3); // the CHILD frame's document is not part of the chain
    const CapturedHop &post = docs[0];
    QCOMPARE(post.exchange.method, QStringLiteral("POST"));
    QCOMPARE(post.formFields, (QStringList{"login", "password", "user_pin", "remember"}));
    QCOMPARE(post.redactedFields, (QStringList{"password", "user_pin"}));
    QCOMPARE(post.exchange.requestBody,
             QByteArray("login=alice&password=%5Bredacted%5D&user_pin=%5Bredacted%5D&remember=on"));
    QVERIFY(!post.exchange.requestBody.contains("hunter2"));
    // requestWillBeSentExtraInfo arrived before requestWillBeSent: still matched.
    QVERIFY(post.rawRequestHeaders);
    QCOMPARE(header(post.exchange.requestHeaders, "Cookie"), QByteArray("_interaction=abc"));
    QCOMPARE(post.exchange.status, 303);
    QCOMPARE(post.exchange.httpVersion, QStringLiteral("HTTP/2"));
    QCOMPARE(post.exchange.peer, QStringLiteral("[2001:db8::1]:443"));
    QCOMPARE(post.exchange.durationMs, qint64(250));
    int setCookies = 0;
    for (const HttpHeader &h : post.exchange.responseHeaders)
        setCookies += h.name.compare("Set-Cookie", Qt::CaseInsensitive) == 0;
    QCOMPARE(setCookies, 2);
    QCOMPARE(docs[1].exchange.status, 200);
    QCOMPARE(docs[1].exchange.responseSize, qint64(2048));
    // A JSON body is never recorded (it may hold credentials in any shape).
    QVERIFY(!docs[2].exchange.requestBody.contains("hunter2"));
    QVERIFY(docs[2].exchange.requestBody.contains("not recorded"));
    QVERIFY(docs[2].exchange.transportError == TransportError::Tls);
    const QList<CapturedHop> subs = c.subResourceHops();
    QCOMPARE(subs.size(), 1);
    QVERIFY(subs[0].exchange.errorMessage.startsWith(QLatin1String("blocked (inspector)")));
    // The CHILD frame's navigation is a hop of its own frame, neither chain nor sub-resource.
    const QList<CapturedHop> frames = c.frameHops();
    QCOMPARE(frames.size(), 1);
    QCOMPARE(frames[0].frameId, QStringLiteral("CHILD"));
    QCOMPARE(frames[0].exchange.url, QStringLiteral("https://idp.example/frame"));
    QVERIFY(!frames[0].document);
}

void TestCdp::malformedEventsAreIgnored()
{
    NetworkCapture c(QStringLiteral("http://127.0.0.1:1/cb"));
    c.handleEvent(QStringLiteral("Network.requestWillBeSent"), json::array());
    c.handleEvent(QStringLiteral("Network.requestWillBeSent"), json{{"requestId", 5}});
    c.handleEvent(QStringLiteral("Network.requestWillBeSent"), json{{"requestId", "A"}, {"request", "x"}});
    c.handleEvent(QStringLiteral("Network.responseReceived"),
                  json{{"requestId", "nobody"}, {"response", {}}});
    c.handleEvent(
        QStringLiteral("Network.requestWillBeSent"),
        json{{"requestId", "B"}, {"type", "Document"}, {"request", {{"url", 7}, {"headers", {{"a", 1}}}}}});
    c.handleEvent(QStringLiteral("Network.responseReceived"),
                  json{{"requestId", "B"}, {"response", {{"status", "200"}, {"headers", json::array()}}}});
    c.handleEvent(QStringLiteral("Page.frameNavigated"), json{{"requestId", "B"}});
    QCOMPARE(c.hops().size(), 1);
    QCOMPARE(c.hops()[0].exchange.status, 0);
    QVERIFY(c.ignoredEvents() >= 5);
}

// The nesting limit of all JSON from outside (kMaxJsonDepth) holds for Chromium's messages too.
void TestCdp::deeplyNestedMessagesAreRefused()
{
    const auto nested = [](int levels) { return QByteArray(levels, '[') + QByteArray(levels, ']'); };
    // The message is two levels deep before the array: object, params object.
    const auto event = [&](int levels) {
        return "{\"method\":\"Network.dataReceived\",\"params\":{\"requestId\":\"A\",\"deep\":" +
               nested(levels) + "}}";
    };
    CdpClient client;
    QSignalSpy events(&client, &CdpClient::event);
    QSignalSpy malformed(&client, &CdpClient::malformedMessage);
    client.handleMessage(event(kMaxJsonDepth - 2)); // exactly at the limit: accepted
    QCOMPARE(events.size(), 1);
    QCOMPARE(malformed.size(), 0);
    client.handleMessage(event(kMaxJsonDepth - 1));
    client.handleMessage(event(100000));
    client.handleMessage("{\"id\":1,\"result\":" + nested(5000) + "}");
    QCOMPARE(events.size(), 1);
    QCOMPARE(malformed.size(), 3);
    QCOMPARE(client.malformedCount(), 3);
    QVERIFY(malformed.at(0).at(0).toString().contains(QStringLiteral("deeper than %1").arg(kMaxJsonDepth)));

    QString error;
    const QByteArray page =
        "{\"type\":\"page\",\"webSocketDebuggerUrl\":\"ws://127.0.0.1:9/devtools/page/D\","
        "\"deep\":";
    QCOMPARE(CdpClient::pageTargetUrl("[" + page + nested(kMaxJsonDepth - 2) + "}]", &error),
             QUrl(QStringLiteral("ws://127.0.0.1:9/devtools/page/D")));
    QVERIFY(!CdpClient::pageTargetUrl("[" + page + nested(100000) + "}]", &error).isValid());
    QVERIFY2(error.contains(QStringLiteral("deeper than %1 levels").arg(kMaxJsonDepth)), qPrintable(error));
}

void TestCdp::errorPageKeepsItsBody()
{
    NetworkCapture c(QStringLiteral("http://127.0.0.1:1/cb"));
    c.handleEvent(QStringLiteral("Network.requestWillBeSent"),
                  json{{"requestId", "E"},
                       {"type", "Document"},
                       {"request", {{"url", "https://idp.example/authorize"}, {"method", "GET"}}}});
    QVERIFY(!c.wantsBody(QStringLiteral("E"))); // no answer yet
    c.handleEvent(QStringLiteral("Network.responseReceived"),
                  json{{"requestId", "E"}, {"response", {{"status", 400}, {"statusText", "Bad Request"}}}});
    QVERIFY(c.wantsBody(QStringLiteral("E")));
    QVERIFY(!c.wantsBody(QStringLiteral("unknown")));
    c.setResponseBody(QStringLiteral("E"), QByteArray(NetworkCapture::kMaxBody + 10, 'x'));
    QCOMPARE(c.hops()[0].exchange.responseBody.size(), NetworkCapture::kMaxBody);
    QVERIFY(c.hops()[0].exchange.responseTruncated);
    QVERIFY(!c.wantsBody(QStringLiteral("E"))); // fetched once
}

void TestCdp::clientDispatchesOverWebSocket()
{
    QWebSocketServer server(QStringLiteral("fake-devtools"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QWebSocket *peer = nullptr;
    QList<json> received;
    connect(&server, &QWebSocketServer::newConnection, this, [&] {
        peer = server.nextPendingConnection();
        connect(peer, &QWebSocket::textMessageReceived, this, [&](const QString &m) {
            const json cmd = json::parse(m.toStdString(), nullptr, false);
            received.append(cmd);
            // Garbage first, then the answer to the command, then an event.
            QFile f(QStringLiteral(WB_TEST_DATA_DIR "/cdp/malformed.txt"));
            if (f.open(QIODevice::ReadOnly)) {
                for (const QByteArray &line : f.readAll().split('\n'))
                    peer->sendTextMessage(QString::fromUtf8(line));
            }
            if (cmd.value("method", std::string()) == "Broken.command")
                peer->sendTextMessage(
                    QStringLiteral("{\"id\":%1,\"error\":{\"code\":-32601,\"message\":\"nope\"}}")
                        .arg(cmd.value("id", 0)));
            else
                peer->sendTextMessage(
                    QStringLiteral("{\"id\":%1,\"result\":{\"ok\":true}}").arg(cmd.value("id", 0)));
            peer->sendTextMessage(
                QStringLiteral("{\"method\":\"Network.dataReceived\",\"params\":{\"requestId\":\"Z\"}}"));
        });
    });
    CdpClient client;
    QSignalSpy connected(&client, &CdpClient::connected);
    QSignalSpy events(&client, &CdpClient::event);
    client.connectToTarget(
        QUrl(QStringLiteral("ws://127.0.0.1:%1/devtools/page/X").arg(server.serverPort())));
    QVERIFY(connected.wait(10000));
    json result;
    QString error = QStringLiteral("unset");
    client.send(QStringLiteral("Network.enable"), json::object(), [&](const json &r, const QString &e) {
        result = r;
        error = e;
    });
    QTRY_VERIFY_WITH_TIMEOUT(error != QLatin1String("unset"), 10000);
    QVERIFY(error.isEmpty());
    QVERIFY(result.value("ok", false));
    const auto sawEvent = [&events](const QString &method) {
        for (const QList<QVariant> &e : events)
            if (e.at(0).toString() == method)
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sawEvent(QStringLiteral("Network.dataReceived")), 10000);
    // Well-formed events with odd params still reach the listeners (NetworkCapture ignores them).
    QVERIFY(sawEvent(QStringLiteral("Network.loadingFailed")));
    QString brokenError;
    client.send(QStringLiteral("Broken.command"), json::object(),
                [&](const json &, const QString &e) { brokenError = e; });
    QTRY_VERIFY_WITH_TIMEOUT(!brokenError.isEmpty(), 10000);
    QCOMPARE(brokenError, QStringLiteral("nope"));
    QCOMPARE(received.size(), 2);
    QCOMPARE(received[0].value("method", std::string()), std::string("Network.enable"));
    QVERIFY(client.malformedCount() >= 10); // both rounds of garbage counted, none fatal
}

// Out-of-process iframes are flat child sessions on the same connection: their events say which.
void TestCdp::childSessionEventsCarryTheirSession()
{
    CdpClient client;
    QSignalSpy events(&client, &CdpClient::event);
    client.handleMessage(
        R"({"method":"Network.requestWillBeSent","params":{"requestId":"A"},"sessionId":"S1"})");
    client.handleMessage(R"({"method":"Network.loadingFinished","params":{"requestId":"B"}})");
    client.handleMessage(R"({"method":"Network.loadingFinished","params":{"requestId":"C"},"sessionId":7})");
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).at(2).toString(), QStringLiteral("S1"));
    QVERIFY(events.at(1).at(2).toString().isEmpty());
    QVERIFY(events.at(2).at(2).toString().isEmpty()); // a malformed session id is no session
}

void TestCdp::pageTargetFromList()
{
    QString error;
    const QByteArray list =
        "[{\"type\":\"service_worker\",\"webSocketDebuggerUrl\":\"ws://127.0.0.1:9/devtools/"
        "sw\"},{\"type\":\"page\",\"url\":\"about:blank\",\"webSocketDebuggerUrl\":\"ws://127.0.0.1:9/"
        "devtools/page/ABC\"}]";
    QCOMPARE(CdpClient::pageTargetUrl(list, &error),
             QUrl(QStringLiteral("ws://127.0.0.1:9/devtools/page/ABC")));
    QVERIFY(!CdpClient::pageTargetUrl("{}", &error).isValid());
    QVERIFY(error.contains(QLatin1String("not a JSON array")));
    QVERIFY(
        !CdpClient::pageTargetUrl("[{\"type\":\"page\",\"webSocketDebuggerUrl\":\"http://x\"}, 3]", &error)
             .isValid());
    QVERIFY(error.contains(QLatin1String("no page target")));
    QVERIFY(!CdpClient::pageTargetUrl("\xff\xfe", &error).isValid());
}

void TestCdp::locatorExplicitPathAndSearch()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Nothing on the search path: the message names what was searched and the fallbacks.
    ChromiumLocation none = ChromiumLocator::locate({}, {dir.path()});
    QVERIFY(!none.found());
    QVERIFY(none.error.contains(QLatin1String("google-chrome")));
    QVERIFY(none.error.contains(QLatin1String("brave-browser")));
    QVERIFY(none.error.contains(QLatin1String("--browser system")));
    QVERIFY(none.error.contains(QLatin1String("--browser command")));
    // An executable named like a candidate is found.
    const QString fake = dir.filePath(QStringLiteral("google-chrome"));
    QFile f(fake);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\n");
    f.close();
    QVERIFY(f.setPermissions(f.permissions() | QFileDevice::ExeOwner));
    QCOMPARE(ChromiumLocator::locate({}, {dir.path()}).executable, fake);
    QCOMPARE(ChromiumLocator::locate(fake).executable, fake);
    // An explicit path that is not an executable file.
    const ChromiumLocation bad = ChromiumLocator::locate(dir.filePath(QStringLiteral("nope")));
    QVERIFY(!bad.found());
    QVERIFY(bad.error.contains(QLatin1String("not an executable")));
}

void TestCdp::activePortFile()
{
    QCOMPARE(ChromiumProcess::parseActivePortFile("41234\n/devtools/browser/abc\n"), 41234);
    QCOMPARE(ChromiumProcess::parseActivePortFile("41234"), 0); // still being written
    QCOMPARE(ChromiumProcess::parseActivePortFile("x\n/devtools\n"), 0);
    QCOMPARE(ChromiumProcess::parseActivePortFile("99999\n/devtools\n"), 0);
    QCOMPARE(ChromiumProcess::parseActivePortFile(""), 0);
}

QTEST_GUILESS_MAIN(TestCdp)
#include "tst_cdp.moc"
