// The window stays usable after bad token endpoints: two flows in a row against a server whose
// token endpoint answers 5 MB of JSON, then resets the connection, each ending with its finding,
// and then a flow against the sandbox in the same window succeeds. Also the profile editor's
// "Trusted certificate" field: a pasted fingerprint is saved normalized, junk is flagged,
// and Fetch discovery from a self-signed HTTPS issuer fails (naming the SHA-256) until it is pinned.
#include "support/GuiTestSupport.h"

#include "http/CertificatePin.h"
#include "sandbox/SandboxServer.h"

#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

namespace {

// A real HTTP/1.1 server on 127.0.0.1 with sane discovery and an auto-approving authorize
// endpoint per case (/<case>/...), whose token endpoint misbehaves: "huge" answers 5 MB of JSON,
// "reset" aborts the connection. One request per connection.
class BadTokenServer : public QObject {
public:
    bool start()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    *buffer += s->readAll();
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const qsizetype cl = buffer->toLower().indexOf("content-length:");
                    const qsizetype length = cl < 0 || cl > end
                                                 ? 0
                                                 : buffer->mid(cl + 15, buffer->indexOf('\r', cl) - cl - 15)
                                                       .trimmed()
                                                       .toLongLong();
                    if (buffer->size() < end + 4 + length)
                        return;
                    const QList<QByteArray> line = buffer->left(buffer->indexOf("\r\n")).split(' ');
                    answer(s, line.value(0), line.value(1));
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString base() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }

private:
    static void reply(QTcpSocket *s, int status, const QByteArray &type, const QByteArray &body,
                      const QByteArray &extra = {})
    {
        s->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + type +
                 "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n" +
                 extra + "\r\n" + body);
        s->disconnectFromHost();
    }
    void answer(QTcpSocket *s, const QByteArray &method, const QByteArray &target)
    {
        const QUrl url(base() + QString::fromLatin1(target));
        const QString path = url.path();
        const QString name = path.section(u'/', 1, 1);
        const QString issuer = base() + u'/' + name;
        if (path.endsWith(u"/.well-known/openid-configuration")) {
            const QByteArray doc =
                QStringLiteral("{\"issuer\":\"%1\",\"authorization_endpoint\":\"%1/authorize\","
                               "\"token_endpoint\":\"%1/token\",\"response_types_supported\":"
                               "[\"code\"],\"code_challenge_methods_supported\":[\"S256\"]}")
                    .arg(issuer)
                    .toUtf8();
            return reply(s, 200, "application/json", doc);
        }
        if (path.endsWith(u"/authorize")) {
            const QUrlQuery q(url);
            QUrl back(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
            QUrlQuery b;
            b.addQueryItem(QStringLiteral("code"), QStringLiteral("c0de"));
            b.addQueryItem(QStringLiteral("state"),
                           q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded));
            back.setQuery(b);
            return reply(s, 302, "text/plain", {}, "Location: " + back.toEncoded() + "\r\n");
        }
        if (method == "POST" && path.endsWith(u"/token")) {
            if (name == u"reset") {
                s->abort();
                s->deleteLater();
                return;
            }
            QByteArray body = "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"padding\":\"";
            body += QByteArray(5 * 1024 * 1024, 'x') + "\"}";
            return reply(s, 200, "application/json", body);
        }
        reply(s, 404, "text/plain", "not found");
    }
    QTcpServer m_server;
};

const Session *runFlow(MainWindow &w)
{
    w.startFlow();
    if (!QTest::qWaitFor([&] { return w.runner()->session() && !w.runner()->isRunning(); }, 90000))
        return nullptr;
    return w.runner()->session();
}

bool hasFinding(const Session *s, const QString &code)
{
    return std::any_of(s->findings.begin(), s->findings.end(),
                       [&](const Finding &f) { return f.code == code; });
}

} // namespace

class TestBadServers : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void badServersThenGoodFlow();
    void pinnedCertificateField();
    void fetchDiscoveryUsesThePin();
};

void TestBadServers::badServersThenGoodFlow()
{
    BadTokenServer bad;
    QVERIFY(bad.start());
    SandboxServer sandbox;
    SandboxConfig config;
    config.autoApprove = true;
    QString error;
    QVERIFY2(sandbox.start(config, &error), qPrintable(error));

    WindowFixture f;
    showActive(*f.window);
    const struct {
        const char *name;
        const char *finding;
    } cases[] = {{"huge", "response_too_large"}, {"reset", "network_error"}};
    for (const auto &c : cases) {
        ProfileInput in;
        in.name = QString::fromLatin1(c.name);
        in.issuer = bad.base() + u'/' + QString::fromLatin1(c.name);
        in.clientId = QStringLiteral("wb-bad");
        in.scope = QStringLiteral("profile");
        createProfileThroughEditor(*f.window, in);
        const Session *s = runFlow(*f.window);
        QVERIFY2(s, c.name);
        QVERIFY2(s->outcome == Outcome::Failed, c.name);
        QVERIFY2(hasFinding(s, QString::fromLatin1(c.finding)),
                 qPrintable(QStringLiteral("%1: %2").arg(QString::fromLatin1(c.name), s->error.message)));
        if (QByteArray(c.name) == "huge") {
            const auto big = std::find_if(s->exchanges.begin(), s->exchanges.end(),
                                          [](const Exchange &x) { return x.responseTruncated; });
            QVERIFY(big != s->exchanges.end());
            QCOMPARE(big->responseBody.size(), qsizetype(1024 * 1024)); // kept up to the limit only
        }
    }

    ProfileInput good;
    good.name = QStringLiteral("Sandbox after bad servers");
    good.issuer = sandbox.issuer();
    good.clientId = QStringLiteral("sandbox-public");
    good.scope = QStringLiteral("openid profile");
    createProfileThroughEditor(*f.window, good);
    const Session *s = runFlow(*f.window);
    QVERIFY(s);
    QVERIFY2(s->outcome == Outcome::Succeeded, qPrintable(s->error.message));
    QCOMPARE(f.window->profiles()->count(), 3);
}

void TestBadServers::pinnedCertificateField()
{
    WindowFixture f;
    showActive(*f.window);
    ProfileInput in;
    in.name = QStringLiteral("Pinned");
    in.issuer = QStringLiteral("https://127.0.0.1:1");
    in.clientId = QStringLiteral("c");
    createProfileThroughEditor(*f.window, in);
    ProfileEditor *editor = f.window->profileEditor();
    auto *pin = child<QLineEdit>(editor, "pinnedCertEdit");
    QVERIFY(pin && pin->isVisible());
    const QString sha = QStringLiteral("dd5a78f65dc8f191b912a03470a303db99eaefc7bf2e9b0d882d4efeb5f07f45");
    typeInto(pin, certpin::display(sha));
    QCOMPARE(editor->profile().pinnedCertSha256, QStringList{sha});
    QVERIFY(pin->styleSheet().isEmpty());
    typeInto(pin, certpin::display(sha) + QStringLiteral(", AB:CD"));
    QCOMPARE(editor->profile().pinnedCertSha256, QStringList{sha}); // the bad entry is not saved
    QVERIFY(!pin->styleSheet().isEmpty());
    QVERIFY2(pin->toolTip().contains(QStringLiteral("4 hex digits instead of 64")),
             qPrintable(pin->toolTip()));
}

void TestBadServers::fetchDiscoveryUsesThePin()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("No TLS backend in this Qt build");
    // A self-signed HTTPS server (key made here, never stored) serving a discovery document.
    QTemporaryDir dir;
    const QString key = dir.filePath(QStringLiteral("key.pem")),
                  cert = dir.filePath(QStringLiteral("cert.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                   "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=lab.test"});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        QSKIP("openssl could not create a test certificate");
    QFile certFile(cert), keyFile(key);
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificate(QSslCertificate(&certFile));
    conf.setPrivateKey(QSslKey(&keyFile, QSsl::Ec));
    QSslServer server;
    server.setSslConfiguration(conf);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QString issuer = QStringLiteral("https://127.0.0.1:%1/lab").arg(server.serverPort());
    connect(&server, &QTcpServer::pendingConnectionAvailable, this, [&] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            connect(s, &QIODevice::readyRead, s, [s, issuer] {
                if (!s->readAll().contains("\r\n\r\n"))
                    return;
                const QByteArray doc =
                    QStringLiteral("{\"issuer\":\"%1\",\"authorization_endpoint\":\"%1/auth\","
                                   "\"token_endpoint\":\"%1/token\"}")
                        .arg(issuer)
                        .toUtf8();
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                         "Content-Length: " +
                         QByteArray::number(doc.size()) + "\r\n\r\n" + doc);
                s->disconnectFromHost();
            });
            connect(s, &QAbstractSocket::disconnected, s, &QObject::deleteLater);
        }
    });

    WindowFixture f;
    showActive(*f.window);
    ProfileInput in;
    in.name = QStringLiteral("Lab");
    in.issuer = issuer;
    in.clientId = QStringLiteral("c");
    createProfileThroughEditor(*f.window, in);
    ProfileEditor *editor = f.window->profileEditor();
    auto *fetch = child<QPushButton>(editor, "fetchDiscoveryButton");
    auto *label = child<QLabel>(editor, "discoveryLabel");
    auto *tokenEndpoint = child<QLineEdit>(editor, "tokenEndpointEdit");
    QSignalSpy done(editor, &ProfileEditor::discoveryFinished);

    QTRY_VERIFY(fetch->isEnabled());
    QTest::mouseClick(fetch, Qt::LeftButton);
    QVERIFY(done.wait(60000));
    QVERIFY2(label->text().contains(QStringLiteral("Discovery failed")), qPrintable(label->text()));
    QVERIFY2(label->text().contains(QStringLiteral("SHA-256")), qPrintable(label->text())); // what to pin
    QVERIFY(tokenEndpoint->text().isEmpty());

    typeInto(child<QLineEdit>(editor, "pinnedCertEdit"),
             certpin::display(certpin::fingerprintOf(conf.localCertificate())));
    QTRY_VERIFY(fetch->isEnabled());
    QTest::mouseClick(fetch, Qt::LeftButton);
    QVERIFY(done.wait(60000));
    QCOMPARE(tokenEndpoint->text(), issuer + QStringLiteral("/token"));
}

QTEST_MAIN(TestBadServers)
#include "tst_badservers.moc"
