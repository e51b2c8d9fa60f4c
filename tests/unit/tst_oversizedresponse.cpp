// An answer cut at the size limit ends the same way in every SessionProducer: the shared transport
// error mapping gives response_too_large (ErrorKind::Http, so the CLI exits 1 like `run`), and a
// refresh whose token endpoint answers 2 MiB of JSON is cut at the 1 MiB token response limit, as
// the code exchange is, and fails with that error, its step, and finding.
#include "flow/RefreshOperation.h"
#include "flow/SessionProducer.h"
#include "support/RawHttpServer.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>

using namespace wb;
using namespace wbtest;

namespace {
// Exposes the protected mapping so the table below can call it directly.
class MappingProbe : public SessionProducer {
public:
    MappingProbe() : SessionProducer(systemClock()) {}
    using SessionProducer::transportError;

protected:
    QString cancelMessage() const override { return {}; }
};

const Finding *findCode(const QList<Finding> &fs, const QString &code)
{
    for (const Finding &f : fs)
        if (f.code == code)
            return &f;
    return nullptr;
}

// {"access_token":"...","token_type":"Bearer","padding":"xxx…"} of `size` bytes.
QByteArray paddedTokenJson(int size)
{
    const QByteArray head = R"({"access_token":"new-access","token_type":"Bearer","padding":")";
    const QByteArray tail = "\"}";
    return head + QByteArray(qMax(0, size - int(head.size() + tail.size())), 'x') + tail;
}
} // namespace

class TestOversizedResponse : public QObject {
    Q_OBJECT
private slots:
    void mapping_data();
    void mapping();
    void refreshOfOversizedAnswer_data();
    void refreshOfOversizedAnswer();
};

void TestOversizedResponse::mapping_data()
{
    QTest::addColumn<int>("transport");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("kind");
    QTest::newRow("too large") << int(TransportError::TooLarge) << "response_too_large"
                               << int(ErrorKind::Http);
    QTest::newRow("timeout") << int(TransportError::Timeout) << "timeout" << int(ErrorKind::Timeout);
    QTest::newRow("tls") << int(TransportError::Tls) << "tls_error" << int(ErrorKind::Network);
    QTest::newRow("network") << int(TransportError::Network) << "network_error" << int(ErrorKind::Network);
    QTest::newRow("malformed") << int(TransportError::Malformed) << "network_error"
                               << int(ErrorKind::Network);
    QTest::newRow("cancelled") << int(TransportError::Cancelled) << "cancelled" << int(ErrorKind::Cancelled);
}

void TestOversizedResponse::mapping()
{
    QFETCH(int, transport);
    QFETCH(QString, code);
    QFETCH(int, kind);
    Exchange x;
    x.transportError = TransportError(transport);
    x.errorMessage = QStringLiteral("what the client said");
    const Error e = MappingProbe::transportError(x, QStringLiteral("The token request to X"));
    QCOMPARE(e.code, code);
    QCOMPARE(toString(e.kind), toString(ErrorKind(kind)));
    QVERIFY2(e.message.startsWith(QStringLiteral("The token request to X")), qPrintable(e.message));
    if (x.transportError != TransportError::Cancelled)
        QVERIFY2(e.message.contains(x.errorMessage), qPrintable(e.message));
}

void TestOversizedResponse::refreshOfOversizedAnswer_data()
{
    QTest::addColumn<int>("bodySize");
    QTest::addColumn<bool>("tooLarge");
    QTest::newRow("2 MiB: cut at 1 MiB") << 2 * 1024 * 1024 << true;
    QTest::newRow("control: 4 KiB") << 4 * 1024 << false;
}

void TestOversizedResponse::refreshOfOversizedAnswer()
{
    QFETCH(int, bodySize);
    QFETCH(bool, tooLarge);
    const QByteArray body = paddedTokenJson(bodySize);
    RawHttpServer server([&](const ReceivedRequest &) {
        return RawHttpServer::response(200, "OK", {{"Content-Type", "application/json"}}, body);
    });
    QVERIFY(server.start());
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);

    Profile p;
    p.name = QStringLiteral("oversized");
    p.clientId = QStringLiteral("client");
    p.authMethod = ClientAuthMethod::None;
    p.tokenEndpoint = server.url(QStringLiteral("/token")).toString();
    TokenSet stored;
    stored.accessToken = QStringLiteral("old-access");
    stored.refreshToken = QStringLiteral("the-refresh-token");
    RefreshOperation op(p, stored, &nam);
    QSignalSpy done(&op, &TokenOperation::finished);
    op.start();
    if (!op.isFinished())
        QVERIFY(done.wait(60000));

    const Session &s = op.session();
    QCOMPARE(server.requests.size(), 1);
    QVERIFY(server.requests.first().body.contains("grant_type=refresh_token"));
    if (!tooLarge) {
        QVERIFY2(s.outcome == Outcome::Succeeded, qPrintable(s.error.message));
        QCOMPARE(s.tokens.accessToken, QStringLiteral("new-access"));
        return;
    }
    QVERIFY(s.outcome == Outcome::Failed);
    QCOMPARE(s.error.code, QStringLiteral("response_too_large"));
    QVERIFY(s.error.kind == ErrorKind::Http); // the CLI's exit 1, as `run` gives
    QVERIFY2(s.error.message.contains(QStringLiteral("limit")), qPrintable(s.error.message));
    QCOMPARE(s.steps.size(), 1);
    QVERIFY(s.steps.first().status == StepStatus::Failed);
    QCOMPARE(s.steps.first().error.code, QStringLiteral("response_too_large"));
    QCOMPARE(s.exchanges.size(), 1);
    const Exchange &x = s.exchanges.first();
    QVERIFY(x.transportError == TransportError::TooLarge);
    QVERIFY(x.responseTruncated);
    QCOMPARE(x.responseBody.size(), 1024 * 1024);
    const Finding *f = findCode(s.findings, QStringLiteral("response_too_large"));
    QVERIFY2(f, "finding response_too_large");
    QVERIFY(f->severity == Severity::Error);
    QVERIFY(!findCode(s.findings, QStringLiteral("network_error")));
}

QTEST_GUILESS_MAIN(TestOversizedResponse)
#include "tst_oversizedresponse.moc"
