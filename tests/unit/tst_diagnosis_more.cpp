// Diagnosis rules for causes no test server here produces on demand: ID token validation
// failures, prompt=none answers (consent_required, interaction_required), a PKCE method the
// server does not advertise, an already expired token, and a TLS failure at the token endpoint.
#include "diagnosis/Diagnosis.h"
#include "tst_diagnosis_support.h"

using namespace wb;
using namespace wbtest;

class TestDiagnosisMore : public QObject {
    Q_OBJECT
private slots:
    void idTokenInvalidNamesTheCheck();
    void nonceMismatchEvidenceFromTheCheckTable();
    void promptNoneErrors_data();
    void promptNoneErrors();
    void pkceNotSupported();
    void tokenExpiredOnArrival();
    void tlsErrorAtTokenEndpoint();
};

namespace {
Step validationStep(const QString &code, const nlohmann::json &checks)
{
    Step st;
    st.id = QStringLiteral("s9");
    st.kind = StepKind::IdTokenValidation;
    st.title = QStringLiteral("ID token validation");
    st.status = StepStatus::Failed;
    st.error = Error::make(ErrorKind::Validation, code,
                           QStringLiteral("The ID token failed its %1 check.").arg(code));
    st.details = {{"checks", checks}};
    return st;
}

nlohmann::json okBody(const nlohmann::json &body)
{
    return {{"status", 200}, {"content_type", "application/json"}, {"body", body.dump()}};
}
} // namespace

void TestDiagnosisMore::idTokenInvalidNamesTheCheck()
{
    SessionBuilder b;
    b.tokenStep(okBody({{"access_token", "at"}, {"token_type", "Bearer"}, {"expires_in", 3600}}));
    b.s.steps.append(validationStep(
        QStringLiteral("id_token_signature"),
        nlohmann::json::array({{{"name", "iss"}, {"result", "pass"}, {"expected", "a"}, {"actual", "a"}},
                               {{"name", "signature"},
                                {"result", "fail"},
                                {"expected", "RS256 with kid k1"},
                                {"actual", "does not verify"}}})));
    b.s.outcome = Outcome::Failed;
    b.s.error = b.s.steps.last().error;
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("id_token_invalid"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->stepId, QStringLiteral("s9"));
    QVERIFY(f->severity == Severity::Error);
    QCOMPARE(QString::fromStdString(f->evidence.value("check", "")), QStringLiteral("signature"));
    QCOMPARE(QString::fromStdString(f->evidence.value("error_code", "")),
             QStringLiteral("id_token_signature"));
    QCOMPARE(QString::fromStdString(f->evidence.value("actual", "")), QStringLiteral("does not verify"));
    QVERIFY(f->title.contains(QLatin1String("id_token_signature")));
    QVERIFY(!findCode(fs, QStringLiteral("flow_error")));
}

void TestDiagnosisMore::nonceMismatchEvidenceFromTheCheckTable()
{
    SessionBuilder b;
    b.tokenStep(okBody({{"access_token", "at"}, {"token_type", "Bearer"}}));
    b.s.steps.append(validationStep(
        QStringLiteral("nonce_mismatch"),
        nlohmann::json::array(
            {{{"name", "nonce"}, {"result", "fail"}, {"expected", "n-sent"}, {"actual", "n-other"}}})));
    b.s.outcome = Outcome::Failed;
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("nonce_mismatch"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(QString::fromStdString(f->evidence.value("sent", "")), QStringLiteral("n-sent"));
    QCOMPARE(QString::fromStdString(f->evidence.value("received", "")), QStringLiteral("n-other"));
    QVERIFY2(!findCode(fs, QStringLiteral("id_token_invalid")), "one finding for one cause");
}

void TestDiagnosisMore::promptNoneErrors_data()
{
    QTest::addColumn<QString>("error");
    QTest::newRow("consent_required") << QStringLiteral("consent_required");
    QTest::newRow("interaction_required") << QStringLiteral("interaction_required");
}

void TestDiagnosisMore::promptNoneErrors()
{
    QFETCH(QString, error);
    SessionBuilder b;
    Step cb;
    cb.id = QStringLiteral("s2");
    cb.kind = StepKind::Callback;
    cb.title = QStringLiteral("Callback");
    cb.status = StepStatus::Failed;
    ProtocolError pe;
    pe.error = error;
    pe.description = QStringLiteral("prompt=none was requested");
    cb.error = Error{ErrorKind::Protocol, error, QStringLiteral("The server answered %1.").arg(error), pe};
    b.s.steps.append(cb);
    b.s.outcome = Outcome::Failed;
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, error);
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->stepId, QStringLiteral("s2"));
    QVERIFY(!f->fixSteps.isEmpty());
}

void TestDiagnosisMore::pkceNotSupported()
{
    SessionBuilder b;
    Step d;
    d.id = QStringLiteral("s0");
    d.kind = StepKind::Discovery;
    d.title = QStringLiteral("Discovery");
    d.status = StepStatus::Succeeded;
    d.details = {
        {"metadata", {{"issuer", "https://idp.example"}, {"code_challenge_methods_supported", {"plain"}}}}};
    b.s.steps.prepend(d);
    b.s.profile.pkce = PkceMethod::S256;
    b.tokenStep(okBody({{"access_token", "at"}, {"token_type", "Bearer"}, {"expires_in", 3600}}));
    QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("pkce_not_supported"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(QString::fromStdString(f->evidence.value("method_used", "")), QStringLiteral("S256"));
    // Advertised: no finding.
    b.s.steps[0].details["metadata"]["code_challenge_methods_supported"] = {"S256"};
    fs = diagnose(b.s);
    QVERIFY2(!findCode(fs, QStringLiteral("pkce_not_supported")), qPrintable(codes(fs)));
}

void TestDiagnosisMore::tokenExpiredOnArrival()
{
    SessionBuilder b;
    b.tokenStep(okBody({{"access_token", "at"}, {"token_type", "Bearer"}, {"expires_in", 0}}));
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("token_expired"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence.value("expires_in", -1), 0);
    QVERIFY(f->explanation.contains(QLatin1String("expires_in is 0")));
}

void TestDiagnosisMore::tlsErrorAtTokenEndpoint()
{
    SessionBuilder b;
    b.failedTokenStep(TransportError::Tls, QStringLiteral("tls_error"),
                      QStringLiteral("TLS handshake with idp.example failed."),
                      {QStringLiteral("The certificate is self-signed, and untrusted")});
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("tls_error"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->exchangeId, QStringLiteral("x2"));
    QCOMPARE(QString::fromStdString(f->evidence["tls_errors"][0].get<std::string>()),
             QStringLiteral("The certificate is self-signed, and untrusted"));
}

QTEST_GUILESS_MAIN(TestDiagnosisMore)
#include "tst_diagnosis_more.moc"
