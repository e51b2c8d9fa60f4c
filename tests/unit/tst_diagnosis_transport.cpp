// Diagnosis of bad servers at the token endpoint: a response cut at the size limit
// (response_too_large), JSON under a non-JSON Content-Type (token_response_content_type), and a
// TLS failure whose finding carries the presented certificate and the profile's pins.

#include "diagnosis/Diagnosis.h"
#include "tst_diagnosis_support.h"

using namespace wb;
using namespace wbtest;

namespace {
nlohmann::json tokenFixture(const char *contentType, const std::string &body, int status = 200)
{
    return {{"status", status}, {"content_type", contentType}, {"body", body}};
}
} // namespace

// Covers the transport rules added for bad servers.
class TestDiagnosisTransport : public QObject {
    Q_OBJECT
private slots:
    void responseTooLarge();
    void jsonUnderTextPlainWarns();
    void jsonContentTypesAccepted_data();
    void jsonContentTypesAccepted();
    void tlsErrorShowsCertificateAndPins();
};

void TestDiagnosisTransport::responseTooLarge()
{
    SessionBuilder b;
    b.failedTokenStep(TransportError::TooLarge, QStringLiteral("response_too_large"),
                      QStringLiteral("larger than the 1048576-byte limit"));
    Exchange &x = b.s.exchanges.last();
    x.status = 200;
    x.responseHeaders = {{"Content-Type", "application/json"}};
    x.responseBody = QByteArray(1024 * 1024, 'x');
    x.responseTruncated = true;
    x.responseSize = 5 * 1024 * 1024;
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("response_too_large"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->severity == Severity::Error);
    QCOMPARE(f->exchangeId, QStringLiteral("x2"));
    QCOMPARE(f->evidence.value("limit_bytes", 0), 1024 * 1024);
    QCOMPARE(f->evidence.value("received_bytes", 0), 5 * 1024 * 1024);
    QVERIFY(f->explanation.contains(QLatin1String("1048576-byte limit")));
    QVERIFY(!findCode(fs, QStringLiteral("invalid_json"))); // a cut body is not "invalid JSON"
}

void TestDiagnosisTransport::jsonUnderTextPlainWarns()
{
    SessionBuilder b;
    b.tokenStep(tokenFixture("text/plain; charset=utf-8", R"({"access_token":"at","token_type":"Bearer"})"));
    QVERIFY(b.s.outcome == Outcome::Succeeded); // lenient: the tokens are used
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("token_response_content_type"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->severity == Severity::Warning);
    QCOMPARE(QString::fromStdString(f->evidence.value("content_type", std::string())),
             QStringLiteral("text/plain; charset=utf-8"));
    QVERIFY(f->explanation.contains(QLatin1String("text/plain")));
}

void TestDiagnosisTransport::jsonContentTypesAccepted_data()
{
    QTest::addColumn<QByteArray>("type");
    QTest::newRow("plain") << QByteArray("application/json");
    QTest::newRow("charset") << QByteArray("application/json;charset=UTF-8");
    QTest::newRow("upper") << QByteArray("Application/JSON");
    QTest::newRow("suffix") << QByteArray("application/problem+json");
}

void TestDiagnosisTransport::jsonContentTypesAccepted()
{
    QFETCH(QByteArray, type);
    SessionBuilder b;
    b.tokenStep(tokenFixture(type.constData(), R"({"access_token":"at","token_type":"Bearer"})"));
    const QList<Finding> fs = diagnose(b.s);
    QVERIFY2(!findCode(fs, QStringLiteral("token_response_content_type")), qPrintable(codes(fs)));
}

void TestDiagnosisTransport::tlsErrorShowsCertificateAndPins()
{
    SessionBuilder b;
    b.s.profile.pinnedCertSha256 = {QString(64, u'a')};
    b.failedTokenStep(TransportError::Tls, QStringLiteral("tls_error"), QStringLiteral("not trusted"));
    Exchange &x = b.s.exchanges.last();
    x.tlsErrors = {QStringLiteral("The certificate is self-signed, and untrusted")};
    x.tlsCertificate = {QStringLiteral("Subject: CN=lab"), QStringLiteral("Issuer: CN=lab"),
                        QStringLiteral("Valid: 2026-01-01 00:00:00 to 2027-01-01 00:00:00 (UTC)"),
                        QStringLiteral("SHA-256: AB:CD")};
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("tls_error"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(QString::fromStdString(f->evidence.value("certificate_sha256", std::string())),
             QStringLiteral("AB:CD"));
    QCOMPARE(f->evidence["certificate"].size(), std::size_t(4));
    QCOMPARE(f->evidence["pinned_cert_sha256"].size(), std::size_t(1));
    QVERIFY(std::any_of(f->fixSteps.begin(), f->fixSteps.end(),
                        [](const QString &s) { return s.contains(QLatin1String("--pin-cert")); }));
}

QTEST_GUILESS_MAIN(TestDiagnosisTransport)
#include "tst_diagnosis_transport.moc"
