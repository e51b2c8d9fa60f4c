// Tests for HttpClient recording: the Exchange must be what crossed the socket, headers in wire
// order, and HTTP error statuses are answers, not transport failures.

#include "http/HttpClient.h"
#include "support/ExchangeSink.h"
#include "support/RawHttpServer.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QtTest>

using namespace wb;
using namespace wbtest;

Q_DECLARE_METATYPE(wb::HttpHeader)

// Compares HttpClient's records with the bytes an in-process raw server received.
class TestHttpClient : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { m_nam.setProxy(QNetworkProxy::NoProxy); }
    void recordedHeadersEqualWire_data();
    void recordedHeadersEqualWire();
    void responseRecordedAsReceived();
    void httpErrorStatusIsNotTransportError_data();
    void httpErrorStatusIsNotTransportError();
    void invalidRequestsAreNotSent_data();
    void invalidRequestsAreNotSent();
    void timingAndUrl();

private:
    QNetworkAccessManager m_nam;
};

void TestHttpClient::recordedHeadersEqualWire_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<HttpHeaders>("headers");
    const QByteArray json = R"({"a":1})";
    QTest::newRow("GET bare") << "GET" << QByteArray() << HttpHeaders{};
    QTest::newRow("GET caller headers, repeated Cookie")
        << "GET" << QByteArray()
        << HttpHeaders{
               {"Accept", "application/json"}, {"X-Trace", "abc"}, {"Cookie", "a=1"}, {"cookie", "b=2"}};
    QTest::newRow("GET caller UA, language, encoding")
        << "GET" << QByteArray()
        << HttpHeaders{{"User-Agent", "probe/1"}, {"Accept-Language", "de-DE"}, {"Accept-Encoding", "gzip"}};
    QTest::newRow("GET wrong Content-Length dropped")
        << "GET" << QByteArray() << HttpHeaders{{"Content-Length", "99"}};
    QTest::newRow("GET empty User-Agent")
        << "GET" << QByteArray() << HttpHeaders{{"User-Agent", ""}, {"X-Empty", ""}};
    QTest::newRow("GET caller Host") << "GET" << QByteArray() << HttpHeaders{{"Host", "idp.example.test"}};
    QTest::newRow("GET Connection close") << "GET" << QByteArray() << HttpHeaders{{"Connection", "close"}};
    QTest::newRow("POST form without type") << "POST" << QByteArray("a=b&c=d") << HttpHeaders{};
    QTest::newRow("POST json with auth")
        << "POST" << json
        << HttpHeaders{{"Content-Type", "application/json"}, {"Authorization", "Basic eDp5"}};
    QTest::newRow("POST empty") << "POST" << QByteArray() << HttpHeaders{};
    QTest::newRow("PUT") << "PUT" << QByteArray("x") << HttpHeaders{};
    QTest::newRow("DELETE") << "DELETE" << QByteArray() << HttpHeaders{{"Authorization", "Bearer t"}};
    QTest::newRow("PATCH with body") << "PATCH" << json << HttpHeaders{{"Content-Type", "application/json"}};
    QTest::newRow("OPTIONS without body") << "OPTIONS" << QByteArray() << HttpHeaders{};
    QTest::newRow("HEAD") << "HEAD" << QByteArray() << HttpHeaders{};
}

void TestHttpClient::recordedHeadersEqualWire()
{
    QFETCH(QString, method);
    QFETCH(QByteArray, body);
    QFETCH(HttpHeaders, headers);
    RawHttpServer server([](const wbtest::ReceivedRequest &r) {
        return RawHttpServer::response(200, "OK", {}, r.method == "HEAD" ? QByteArray() : QByteArray("hi"));
    });
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    HttpRequest req = get(server.url(QStringLiteral("/p/a th?q=1&r=%2F")));
    req.method = method;
    req.body = body;
    req.headers = headers;
    Sink sink;
    client.send(req, ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait());
    QCOMPARE(toString(sink.ex.transportError), toString(TransportError::None));
    QCOMPARE(server.requests.size(), 1);
    const wbtest::ReceivedRequest &wire = server.requests.first();

    // Exact order and spelling: Qt writes the header list it was given, and the client sets
    // every header Qt would otherwise add itself, so nothing is left for Qt to reorder.
    QCOMPARE(text(sink.ex.requestHeaders), text(wire.headers));
    QCOMPARE(sink.ex.requestHeaders, wire.headers);
    QCOMPARE(sink.ex.requestHeaders, HttpClient::wireHeaders(req));
    QCOMPARE(sink.ex.method.toLatin1(), wire.method);
    QCOMPARE(QUrl(sink.ex.url).path(QUrl::FullyEncoded) + '?' + QUrl(sink.ex.url).query(QUrl::FullyEncoded),
             QString::fromLatin1(wire.target));
    QCOMPARE(sink.ex.httpVersion.toLatin1(), wire.version);
    QCOMPARE(sink.ex.requestBody, wire.body);

    if (!hasHeader(headers, "User-Agent") || headerValue(headers, "User-Agent").isEmpty())
        QCOMPARE(headerValue(wire.headers, "User-Agent"), HttpClient::userAgent());
    if (!hasHeader(headers, "Accept-Encoding"))
        QCOMPARE(headerValue(wire.headers, "Accept-Encoding"), QByteArray("identity"));
    if (!hasHeader(headers, "Host"))
        QCOMPARE(headerValue(wire.headers, "Host"), "127.0.0.1:" + QByteArray::number(server.serverPort()));
    QVERIFY(!hasHeader(wire.headers, "Cookie") || headerValue(wire.headers, "Cookie") == "a=1; b=2");
}

void TestHttpClient::responseRecordedAsReceived()
{
    const QByteArray payload("bin\0ary \xc3\xa9 body", 16);
    RawHttpServer server([](const wbtest::ReceivedRequest &r) {
        return RawHttpServer::response(201, "Created Here",
                                       {{"Content-Type", "application/octet-stream"},
                                        {"Set-Cookie", "a=1; Path=/"},
                                        {"X-Custom", "one"},
                                        {"Set-Cookie", "b=2; HttpOnly"},
                                        {"Cache-Control", "no-store"}},
                                       r.body);
    });
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    HttpRequest req = get(server.url(QStringLiteral("/echo")));
    req.method = QStringLiteral("POST");
    req.body = payload;
    req.headers = {{"Content-Type", "application/octet-stream"}};
    Sink sink;
    client.send(req, ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait());
    QCOMPARE(server.requests.value(0).body, payload);
    QCOMPARE(sink.ex.status, 201);
    QCOMPARE(sink.ex.reason, QStringLiteral("Created Here"));
    QCOMPARE(sink.ex.responseBody, payload);
    QCOMPARE(sink.ex.responseSize, qint64(payload.size()));
    QVERIFY(!sink.ex.responseTruncated);
    // Qt moves a repeated header to its last occurrence; Set-Cookie lines stay separate.
    const HttpHeaders expected{{"Content-Type", "application/octet-stream"},
                               {"X-Custom", "one"},
                               {"Set-Cookie", "a=1; Path=/"},
                               {"Set-Cookie", "b=2; HttpOnly"},
                               {"Cache-Control", "no-store"},
                               {"Content-Length", QByteArray::number(payload.size())}};
    QCOMPARE(text(sink.ex.responseHeaders), text(expected));
}

void TestHttpClient::httpErrorStatusIsNotTransportError_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("400 json") << 400 << QByteArray("Bad Request")
                              << HttpHeaders{{"Content-Type", "application/json"}}
                              << QByteArray(R"({"error":"invalid_grant"})");
    QTest::newRow("401 challenge") << 401 << QByteArray("Unauthorized")
                                   << HttpHeaders{{"WWW-Authenticate", "Basic realm=\"token\""}}
                                   << QByteArray(R"({"error":"invalid_client"})");
    QTest::newRow("405") << 405 << QByteArray("Method Not Allowed") << HttpHeaders{{"Allow", "POST"}}
                         << QByteArray("use POST");
    QTest::newRow("418 unknown to Qt")
        << 418 << QByteArray("I'm a teapot") << HttpHeaders{} << QByteArray("tea");
    QTest::newRow("429") << 429 << QByteArray("Too Many Requests") << HttpHeaders{{"Retry-After", "3"}}
                         << QByteArray("slow down");
    QTest::newRow("404") << 404 << QByteArray("Not Found") << HttpHeaders{} << QByteArray("no such page");
    QTest::newRow("500") << 500 << QByteArray("Internal Server Error") << HttpHeaders{} << QByteArray("boom");
    QTest::newRow("503 empty") << 503 << QByteArray("Service Unavailable") << HttpHeaders{} << QByteArray();
}

void TestHttpClient::httpErrorStatusIsNotTransportError()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(HttpHeaders, headers);
    QFETCH(QByteArray, body);
    RawHttpServer server([&](const wbtest::ReceivedRequest &) {
        return RawHttpServer::response(status, reason, headers, body);
    });
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    Sink sink;
    client.send(get(server.url(QStringLiteral("/token"))), ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait());
    QCOMPARE(toString(sink.ex.transportError), toString(TransportError::None));
    QCOMPARE(sink.ex.errorMessage, QString());
    QCOMPARE(sink.ex.status, status);
    QCOMPARE(sink.ex.reason.toLatin1(), reason);
    QCOMPARE(sink.ex.responseBody, body);
    for (const auto &h : headers)
        QCOMPARE(headerValue(sink.ex.responseHeaders, h.name), h.value);
}

void TestHttpClient::invalidRequestsAreNotSent_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("method");
    QTest::addColumn<HttpHeaders>("headers");
    QTest::newRow("file scheme") << "file:///etc/passwd"
                                 << "GET" << HttpHeaders{};
    QTest::newRow("relative URL") << "/only/a/path"
                                  << "GET" << HttpHeaders{};
    QTest::newRow("CRLF in value") << "SERVER"
                                   << "GET" << HttpHeaders{{"X-A", "a\r\nInjected: 1"}};
    QTest::newRow("space in name") << "SERVER"
                                   << "GET" << HttpHeaders{{"Bad Name", "x"}};
    QTest::newRow("bad method") << "SERVER"
                                << "GE T" << HttpHeaders{};
}

void TestHttpClient::invalidRequestsAreNotSent()
{
    QFETCH(QString, url);
    QFETCH(QString, method);
    QFETCH(HttpHeaders, headers);
    RawHttpServer server;
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    HttpRequest req = get(url == u"SERVER" ? server.url(QStringLiteral("/")) : QUrl(url));
    req.method = method;
    req.headers = headers;
    Sink sink;
    client.send(req, ExchangeRole::BackChannel, sink.callback());
    QCOMPARE(sink.calls, 0); // queued even when nothing is sent
    QVERIFY(sink.wait());
    QCOMPARE(toString(sink.ex.transportError), toString(TransportError::Malformed));
    QVERIFY(sink.ex.errorMessage.startsWith(QStringLiteral("Request not sent")));
    QVERIFY(sink.ex.responseBody.isEmpty());
    QTest::qWait(50);
    QCOMPARE(server.requests.size(), 0);
    QCOMPARE(sink.calls, 1);
}

void TestHttpClient::timingAndUrl()
{
    RawHttpServer server;
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    Sink sink;
    const QDateTime before = QDateTime::currentDateTimeUtc();
    client.send(get(server.url(QStringLiteral("/cb?code=1#frag"))), ExchangeRole::FrontChannel,
                sink.callback());
    QVERIFY(sink.wait());
    QCOMPARE(toString(sink.ex.role), toString(ExchangeRole::FrontChannel));
    QVERIFY(sink.ex.id.isEmpty());
    QCOMPARE(sink.ex.url, server.url(QStringLiteral("/cb?code=1")).toString()); // a fragment is never sent
    QCOMPARE(server.requests.value(0).target, QByteArray("/cb?code=1"));
    QCOMPARE(sink.ex.startedAt.timeSpec(), Qt::UTC);
    QVERIFY(sink.ex.startedAt >= before.addMSecs(-1));
    QVERIFY(sink.ex.startedAt <= QDateTime::currentDateTimeUtc());
    QVERIFY(sink.ex.durationMs >= 0);
    QCOMPARE(sink.ex.httpVersion, QStringLiteral("HTTP/1.1"));
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
