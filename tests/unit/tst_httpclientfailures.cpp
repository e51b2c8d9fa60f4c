// Tests for HttpClient when things go wrong: refusal, closed connection, timeout, size limit,
// TLS, cancel and destruction. Every request ends in exactly one callback, never a synchronous one.

#include "http/HttpClient.h"
#include "support/ExchangeSink.h"
#include "support/RawHttpServer.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace wb;
using namespace wbtest;

// Drives HttpClient into each failure path against in-process servers.
class TestHttpClientFailures : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { m_nam.setProxy(QNetworkProxy::NoProxy); }
    void connectionRefused();
    void remoteClosedWithoutAnswer();
    void timeoutWithoutAnswer();
    void timeoutKeepsPartialResponse();
    void oversizedBodyIsCut_data();
    void oversizedBodyIsCut();
    void cancelEndsOnceWithCancelled();
    void cancelAll();
    void destroyedClientNeverCallsBack();
    void destroyedManagerEndsRequest();
    void untrustedTlsCertificate();

private:
    QNetworkAccessManager m_nam;
};

void TestHttpClientFailures::connectionRefused()
{
    const quint16 port = RawHttpServer::unusedPort();
    HttpClient client(&m_nam);
    Sink sink;
    client.send(get(QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(port))), ExchangeRole::Discovery,
                sink.callback());
    QVERIFY(sink.wait());
    QCOMPARE(toString(sink.ex.transportError), toString(TransportError::Network));
    QCOMPARE(sink.ex.status, 0);
    QVERIFY2(sink.ex.errorMessage.contains(QStringLiteral("refused the connection")),
             qPrintable(sink.ex.errorMessage));
    QCOMPARE(toString(sink.ex.role), toString(ExchangeRole::Discovery));
    QVERIFY(!sink.ex.requestHeaders.isEmpty()); // what we tried to send stays on record
}

void TestHttpClientFailures::remoteClosedWithoutAnswer()
{
    RawHttpServer server([](const wbtest::ReceivedRequest &) { return QByteArray(); });
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    Sink sink;
    client.send(get(server.url(QStringLiteral("/"))), ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait());
    QCOMPARE(toString(sink.ex.transportError), toString(TransportError::Network));
    QCOMPARE(sink.ex.status, 0);
    QVERIFY2(sink.ex.errorMessage.contains(QStringLiteral("closed the connection")),
             qPrintable(sink.ex.errorMessage));
}

void TestHttpClientFailures::timeoutWithoutAnswer()
{
    RawHttpServer server([](const wbtest::ReceivedRequest &) { return std::nullopt; });
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    HttpRequest req = get(server.url(QStringLiteral("/slow")));
    req.timeoutMs = 300;
    Sink sink;
    client.send(req, ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait());
    QCOMPARE(toString(sink.ex.transportError), toString(TransportError::Timeout));
    QCOMPARE(sink.ex.errorMessage,
             QStringLiteral("No response from 127.0.0.1:%1 within 0.3 s").arg(server.serverPort()));
    QCOMPARE(sink.ex.status, 0);
    QCOMPARE(server.requests.size(), 1);
    QTest::qWait(100);
    QCOMPARE(sink.calls, 1);
}

void TestHttpClientFailures::timeoutKeepsPartialResponse()
{
    RawHttpServer server([](const wbtest::ReceivedRequest &) {
        return QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst part");
    });
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    HttpRequest req = get(server.url(QStringLiteral("/stall")));
    req.timeoutMs = 300;
    Sink sink;
    client.send(req, ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait());
    QCOMPARE(toString(sink.ex.transportError), toString(TransportError::Timeout));
    QCOMPARE(sink.ex.status, 200);
    QCOMPARE(sink.ex.responseBody, QByteArray("first part"));
}

void TestHttpClientFailures::oversizedBodyIsCut_data()
{
    QTest::addColumn<int>("bodySize");
    QTest::addColumn<int>("limit");
    QTest::addColumn<bool>("cut");
    QTest::newRow("64 KiB over 1000") << 64 * 1024 << 1000 << true;
    QTest::newRow("exactly the limit") << 1000 << 1000 << false;
    QTest::newRow("one byte over") << 1001 << 1000 << true;
}

void TestHttpClientFailures::oversizedBodyIsCut()
{
    QFETCH(int, bodySize);
    QFETCH(int, limit);
    QFETCH(bool, cut);
    const QByteArray big(bodySize, 'x');
    RawHttpServer server(
        [&](const wbtest::ReceivedRequest &) { return RawHttpServer::response(200, "OK", {}, big); });
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    HttpRequest req = get(server.url(QStringLiteral("/big")));
    req.maxResponseBytes = limit;
    Sink sink;
    client.send(req, ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait());
    QCOMPARE(sink.ex.status, 200);
    QCOMPARE(sink.ex.responseTruncated, cut);
    QCOMPARE(toString(sink.ex.transportError),
             toString(cut ? TransportError::TooLarge : TransportError::None));
    QCOMPARE(sink.ex.responseBody, big.left(limit));
    QVERIFY(sink.ex.responseSize >= qMin(bodySize, limit + (cut ? 1 : 0)));
    QVERIFY(sink.ex.responseSize <= bodySize);
    if (cut)
        QVERIFY2(sink.ex.errorMessage.contains(QStringLiteral("1000-byte")),
                 qPrintable(sink.ex.errorMessage));
}

void TestHttpClientFailures::cancelEndsOnceWithCancelled()
{
    RawHttpServer server([](const wbtest::ReceivedRequest &) { return std::nullopt; });
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    Sink sink;
    const quint64 handle =
        client.send(get(server.url(QStringLiteral("/"))), ExchangeRole::BackChannel, sink.callback());
    QVERIFY(QTest::qWaitFor([&] { return server.requests.size() == 1; }, 5000));
    client.cancel(handle);
    QCOMPARE(sink.calls, 0); // never from inside cancel()
    client.cancel(handle);   // second cancel: no second callback
    client.cancel(handle + 100);
    QVERIFY(sink.wait());
    QCOMPARE(toString(sink.ex.transportError), toString(TransportError::Cancelled));
    QTest::qWait(100);
    QCOMPARE(sink.calls, 1);
}

void TestHttpClientFailures::cancelAll()
{
    RawHttpServer server([](const wbtest::ReceivedRequest &) { return std::nullopt; });
    QVERIFY(server.start());
    HttpClient client(&m_nam);
    Sink a, b;
    client.send(get(server.url(QStringLiteral("/a"))), ExchangeRole::BackChannel, a.callback());
    client.send(get(server.url(QStringLiteral("/b"))), ExchangeRole::BackChannel, b.callback());
    QCOMPARE(a.calls + b.calls, 0); // never from inside send()
    client.cancelAll();
    QVERIFY(a.wait());
    QVERIFY(b.wait());
    QTest::qWait(50);
    QCOMPARE(a.calls, 1);
    QCOMPARE(b.calls, 1);
    QCOMPARE(toString(a.ex.transportError), toString(TransportError::Cancelled));
    QCOMPARE(toString(b.ex.transportError), toString(TransportError::Cancelled));
}

void TestHttpClientFailures::destroyedClientNeverCallsBack()
{
    RawHttpServer server([](const wbtest::ReceivedRequest &) { return std::nullopt; });
    QVERIFY(server.start());
    Sink pending, queued;
    auto *client = new HttpClient(&m_nam);
    client->send(get(server.url(QStringLiteral("/"))), ExchangeRole::BackChannel, pending.callback());
    QVERIFY(QTest::qWaitFor([&] { return server.requests.size() == 1; }, 5000));
    client->send(get(QUrl(QStringLiteral("file:///x"))), ExchangeRole::BackChannel, queued.callback());
    delete client; // one request in flight, one callback already queued
    QTest::qWait(200);
    QCOMPARE(pending.calls, 0);
    QCOMPARE(queued.calls, 0);
}

void TestHttpClientFailures::destroyedManagerEndsRequest()
{
    RawHttpServer server([](const wbtest::ReceivedRequest &) { return std::nullopt; });
    QVERIFY(server.start());
    auto *nam = new QNetworkAccessManager;
    nam->setProxy(QNetworkProxy::NoProxy);
    HttpClient client(nam);
    Sink sink;
    client.send(get(server.url(QStringLiteral("/"))), ExchangeRole::BackChannel, sink.callback());
    QVERIFY(QTest::qWaitFor([&] { return server.requests.size() == 1; }, 5000));
    delete nam;
    QVERIFY(sink.wait());
    QCOMPARE(toString(sink.ex.transportError), toString(TransportError::Network));
    QTest::qWait(50);
    QCOMPARE(sink.calls, 1);
}

void TestHttpClientFailures::untrustedTlsCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("No TLS backend in this Qt build");
    QTemporaryDir dir;
    const QString key = dir.filePath(QStringLiteral("key.pem")),
                  cert = dir.filePath(QStringLiteral("cert.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                   "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"});
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit ||
        openssl.exitCode() != 0)
        QSKIP("openssl could not create a test certificate");
    QFile certFile(cert), keyFile(key);
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificate(QSslCertificate(&certFile));
    conf.setPrivateKey(QSslKey(&keyFile, QSsl::Ec));
    QVERIFY(!conf.localCertificate().isNull() && !conf.privateKey().isNull());
    QSslServer server;
    server.setSslConfiguration(conf);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    HttpClient client(&m_nam);
    Sink sink;
    client.send(get(QUrl(QStringLiteral("https://127.0.0.1:%1/token").arg(server.serverPort()))),
                ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait(10000));
    QCOMPARE(toString(sink.ex.transportError), toString(TransportError::Tls));
    QCOMPARE(sink.ex.status, 0);
    QVERIFY(!sink.ex.tlsErrors.isEmpty()); // e.g. "The certificate is self-signed, and untrusted"
    QVERIFY2(sink.ex.errorMessage.contains(sink.ex.tlsErrors.first()), qPrintable(sink.ex.errorMessage));
}

QTEST_GUILESS_MAIN(TestHttpClientFailures)
#include "tst_httpclientfailures.moc"
