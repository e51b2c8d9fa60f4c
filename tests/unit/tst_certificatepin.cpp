// Tests for per-profile certificate pinning: fingerprint parsing and matching (certpin), the
// Profile field, and HttpClient trusting a self-signed TLS server only through a matching pin,
// without lending that trust to unpinned clients on the same network manager.

#include "http/CertificatePin.h"
#include "http/HttpClient.h"
#include "report/SessionJson.h"
#include "store/Profile.h"
#include "support/ExchangeSink.h"

#include <QFile>
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

namespace {
const QString kFixtureSha =
    QStringLiteral("dd5a78f65dc8f191b912a03470a303db99eaefc7bf2e9b0d882d4efeb5f07f45");

// Generous: the TLS handshake shares two cores with other builds; not a timing assertion.
HttpRequest slowGet(const QUrl &url)
{
    HttpRequest r = get(url);
    r.timeoutMs = 30000;
    return r;
}

QSslCertificate fixtureCertificate()
{
    QFile f(QStringLiteral(WB_TEST_DATA_DIR "/tls/selfsigned-cert.pem"));
    if (!f.open(QIODevice::ReadOnly))
        return QSslCertificate();
    return QSslCertificate(&f);
}
} // namespace

// Covers certpin and the pinned-trust path of HttpClient.
class TestCertificatePin : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void normalizeSpellings_data();
    void normalizeSpellings();
    void normalizeRejects_data();
    void normalizeRejects();
    void normalizeAllDeduplicates();
    void fingerprintAndDescribe();
    void matchingPin();
    void profileJsonRoundTrip();
    void exchangeJsonRoundTrip();
    void tlsWithoutPinShowsCertificate();
    void tlsWithRightPinSucceeds();
    void tlsWithWrongPinFails();
    void pinnedTrustDoesNotLeakToUnpinnedClient();

private:
    bool startServer();
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;
    QSslServer m_server;
    QString m_serverSha;
    bool m_haveServer = false;
    int m_accepted = 0; // TLS connections the server completed
};

void TestCertificatePin::initTestCase()
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_haveServer = startServer();
}

bool TestCertificatePin::startServer()
{
    if (!QSslSocket::supportsSsl())
        return false;
    const QString key = m_dir.filePath(QStringLiteral("key.pem")),
                  cert = m_dir.filePath(QStringLiteral("cert.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                   "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=pinned.test", "-addext",
                   "subjectAltName=IP:127.0.0.1"});
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit ||
        openssl.exitCode() != 0)
        return false;
    QFile certFile(cert), keyFile(key);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return false;
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificate(QSslCertificate(&certFile));
    conf.setPrivateKey(QSslKey(&keyFile, QSsl::Ec));
    m_serverSha = certpin::fingerprintOf(conf.localCertificate());
    m_server.setSslConfiguration(conf);
    // Answers every request on a connection with a small JSON document, keeping it alive.
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            ++m_accepted;
            auto buffer = std::make_shared<QByteArray>();
            connect(s, &QIODevice::readyRead, s, [s, buffer] {
                *buffer += s->readAll();
                while (buffer->contains("\r\n\r\n")) {
                    buffer->remove(0, buffer->indexOf("\r\n\r\n") + 4);
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                             "{\"ok\":true}");
                }
            });
            connect(s, &QAbstractSocket::disconnected, s, &QObject::deleteLater);
        }
    });
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void TestCertificatePin::normalizeSpellings_data()
{
    QTest::addColumn<QString>("input");
    const QString upper = certpin::display(kFixtureSha);
    QTest::newRow("colons upper") << upper;
    QTest::newRow("plain lower") << kFixtureSha;
    QTest::newRow("spaces") << QString(upper).replace(u':', u' ');
    QTest::newRow("openssl prefix") << QStringLiteral("sha256:") + upper;
    QTest::newRow("padded") << QStringLiteral("  %1\n").arg(upper.toLower());
}

void TestCertificatePin::normalizeSpellings()
{
    QFETCH(QString, input);
    QString error;
    QCOMPARE(certpin::normalize(input, &error), kFixtureSha);
    QVERIFY(error.isEmpty());
}

void TestCertificatePin::normalizeRejects_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("why");
    QTest::newRow("empty") << QString() << QStringLiteral("0 hex digits");
    QTest::newRow("sha1 length") << QStringLiteral(
                                        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")
                                 << QStringLiteral("40 hex digits");
    QTest::newRow("not hex") << QString(kFixtureSha).replace(0, 1, u'g') << QStringLiteral("'g'");
    QTest::newRow("one too many") << kFixtureSha + u'0' << QStringLiteral("65 hex digits");
}

void TestCertificatePin::normalizeRejects()
{
    QFETCH(QString, input);
    QFETCH(QString, why);
    QString error;
    QVERIFY(certpin::normalize(input, &error).isEmpty());
    QVERIFY2(error.contains(why), qPrintable(error));
}

void TestCertificatePin::normalizeAllDeduplicates()
{
    QStringList out;
    QString error;
    QVERIFY(certpin::normalizeAll({certpin::display(kFixtureSha), kFixtureSha, QString()}, out, &error));
    QCOMPARE(out, QStringList{kFixtureSha});
    QVERIFY(!certpin::normalizeAll({kFixtureSha, QStringLiteral("nope")}, out, &error));
    QVERIFY2(error.contains(QStringLiteral("nope")), qPrintable(error));
    QCOMPARE(out, QStringList{kFixtureSha}); // unchanged on failure
}

void TestCertificatePin::fingerprintAndDescribe()
{
    const QSslCertificate cert = fixtureCertificate();
    QVERIFY(!cert.isNull());
    QCOMPARE(certpin::fingerprintOf(cert), kFixtureSha);
    const QStringList lines = certpin::describe(cert);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines[0].startsWith(QStringLiteral("Subject: ")) &&
                 lines[0].contains(QStringLiteral("CN=pin.test")),
             qPrintable(lines[0]));
    QVERIFY2(lines[1].contains(QStringLiteral("CN=pin.test")), qPrintable(lines[1])); // self-signed
    QVERIFY2(lines[2].startsWith(QStringLiteral("Valid: 2026-11-22")), qPrintable(lines[2]));
    QCOMPARE(lines[3], QStringLiteral("SHA-256: ") + certpin::display(kFixtureSha));
    QVERIFY(certpin::describe(QSslCertificate()).isEmpty());
    QVERIFY(certpin::fingerprintOf(QSslCertificate()).isEmpty());
}

void TestCertificatePin::matchingPin()
{
    const QSslCertificate cert = fixtureCertificate();
    QCOMPARE(certpin::matchingPin(cert, {QStringLiteral("junk"), certpin::display(kFixtureSha)}),
             kFixtureSha);
    QString other = kFixtureSha;
    other[63] = other[63] == u'0' ? u'1' : u'0';
    QVERIFY(certpin::matchingPin(cert, {other}).isEmpty());
    QVERIFY(certpin::matchingPin(cert, {}).isEmpty());
    QVERIFY(certpin::matchingPin(QSslCertificate(), {kFixtureSha}).isEmpty());
}

void TestCertificatePin::profileJsonRoundTrip()
{
    Profile p;
    QVERIFY(!p.toJson().contains("pinned_cert_sha256")); // absent unless opted in
    p.pinnedCertSha256 = {kFixtureSha};
    const nlohmann::json j = p.toJson();
    QVERIFY(j.contains("pinned_cert_sha256"));
    QCOMPARE(Profile::fromJson(j).pinnedCertSha256, QStringList{kFixtureSha});
}

void TestCertificatePin::exchangeJsonRoundTrip()
{
    Session s;
    Exchange x;
    x.id = QStringLiteral("x1");
    x.url = QStringLiteral("https://127.0.0.1/token");
    x.tlsCertificate = {QStringLiteral("Subject: CN=a"), QStringLiteral("SHA-256: AB")};
    x.tlsTrustedByPin = QStringLiteral("AB:CD");
    s.exchanges.append(x);
    Session back;
    QString error;
    QVERIFY2(sessionFromJson(sessionToJson(s, false), back, &error), qPrintable(error));
    QCOMPARE(back.exchanges.size(), 1);
    QCOMPARE(back.exchanges[0].tlsCertificate, x.tlsCertificate);
    QCOMPARE(back.exchanges[0].tlsTrustedByPin, x.tlsTrustedByPin);
}

void TestCertificatePin::tlsWithoutPinShowsCertificate()
{
    if (!m_haveServer)
        QSKIP("no TLS backend or openssl");
    HttpClient client(&m_nam);
    Sink sink;
    client.send(slowGet(QUrl(QStringLiteral("https://127.0.0.1:%1/a").arg(m_server.serverPort()))),
                ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait(40000));
    QVERIFY(sink.ex.transportError == TransportError::Tls);
    QVERIFY(sink.ex.tlsTrustedByPin.isEmpty());
    const QString sha = QStringLiteral("SHA-256: ") + certpin::display(m_serverSha);
    QVERIFY2(sink.ex.tlsCertificate.contains(sha), qPrintable(sink.ex.tlsCertificate.join(u'|')));
    QVERIFY2(sink.ex.errorMessage.contains(certpin::display(m_serverSha)), qPrintable(sink.ex.errorMessage));
}

void TestCertificatePin::tlsWithRightPinSucceeds()
{
    if (!m_haveServer)
        QSKIP("no TLS backend or openssl");
    HttpClient client(&m_nam);
    client.setPinnedCertificates({QStringLiteral("junk"), certpin::display(m_serverSha)});
    QCOMPARE(client.pinnedCertificates(), QStringList{m_serverSha}); // junk dropped
    Sink sink;
    client.send(slowGet(QUrl(QStringLiteral("https://127.0.0.1:%1/b").arg(m_server.serverPort()))),
                ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait(40000));
    QVERIFY2(sink.ex.transportError == TransportError::None, qPrintable(sink.ex.errorMessage));
    QCOMPARE(sink.ex.status, 200);
    QCOMPARE(sink.ex.responseBody, QByteArray("{\"ok\":true}"));
    QCOMPARE(sink.ex.tlsTrustedByPin, certpin::display(m_serverSha));
    QVERIFY(sink.ex.tlsErrors.isEmpty());
    QVERIFY2(sink.ex.tlsCertificate.join(u'|').contains(QStringLiteral("Overridden by the pin")),
             qPrintable(sink.ex.tlsCertificate.join(u'|')));

    // A second request rides the pooled connection (no new handshake, no TLS errors reported):
    // the trust by pin is established and recorded again.
    Sink again;
    client.send(slowGet(QUrl(QStringLiteral("https://127.0.0.1:%1/b2").arg(m_server.serverPort()))),
                ExchangeRole::BackChannel, again.callback());
    QVERIFY(again.wait(40000));
    QVERIFY2(again.ex.transportError == TransportError::None, qPrintable(again.ex.errorMessage));
    QCOMPARE(again.ex.tlsTrustedByPin, certpin::display(m_serverSha));
}

void TestCertificatePin::tlsWithWrongPinFails()
{
    if (!m_haveServer)
        QSKIP("no TLS backend or openssl");
    HttpClient client(&m_nam);
    client.setPinnedCertificates({kFixtureSha}); // a real fingerprint, of another certificate
    Sink sink;
    const int acceptedBefore = m_accepted;
    client.send(slowGet(QUrl(QStringLiteral("https://127.0.0.1:%1/c").arg(m_server.serverPort()))),
                ExchangeRole::BackChannel, sink.callback());
    QVERIFY(sink.wait(40000));
    QVERIFY2(sink.ex.transportError == TransportError::Tls,
             qPrintable(QStringLiteral("status %1, accepted %2 -> %3, certificate: %4")
                            .arg(sink.ex.status)
                            .arg(acceptedBefore)
                            .arg(m_accepted)
                            .arg(sink.ex.tlsCertificate.join(u'|'))));
    QVERIFY(sink.ex.tlsTrustedByPin.isEmpty());
    QVERIFY2(sink.ex.tlsErrors.join(u'|').contains(QStringLiteral("matches none of the 1 pinned")),
             qPrintable(sink.ex.tlsErrors.join(u'|')));
}

void TestCertificatePin::pinnedTrustDoesNotLeakToUnpinnedClient()
{
    if (!m_haveServer)
        QSKIP("no TLS backend or openssl");
    const QUrl url(QStringLiteral("https://127.0.0.1:%1/d").arg(m_server.serverPort()));
    HttpClient pinned(&m_nam);
    pinned.setPinnedCertificates({m_serverSha});
    Sink first;
    pinned.send(slowGet(url), ExchangeRole::BackChannel, first.callback());
    QVERIFY(first.wait(40000));
    QCOMPARE(first.ex.status, 200);
    // The pinned connection is now idle in the manager's pool; an unpinned client must not use it.
    HttpClient plain(&m_nam);
    Sink second;
    plain.send(slowGet(url), ExchangeRole::BackChannel, second.callback());
    QVERIFY(second.wait(40000));
    QVERIFY2(second.ex.transportError == TransportError::Tls,
             qPrintable(QStringLiteral("status %1, %2").arg(second.ex.status).arg(second.ex.errorMessage)));
}

QTEST_GUILESS_MAIN(TestCertificatePin)
#include "tst_certificatepin.moc"
