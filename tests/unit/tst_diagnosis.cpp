// Diagnosis of token endpoint failures from real provider payload shapes (tests/data/diagnosis/):
// normalization of non-standard errors, provider knowledge from data, and invalid_grant causes
// found by comparing what the flow sent.
#include "diagnosis/Diagnosis.h"
#include "diagnosis/ErrorNormalizer.h"
#include "tst_diagnosis_support.h"

using namespace wb;
using namespace wbtest;

class TestDiagnosis : public QObject {
    Q_OBJECT
private slots:
    void entraCodeExpired();
    void entraInvalidClientSecretId();
    void githubFormErrorWith200();
    void githubJsonErrorWith200();
    void slackOkFalse();
    void slackNestedUserToken();
    void oktaErrorCode();
    void googleRefreshRevoked();
    void googleBadRequestIsGenericChecklist();
    void keycloakStaleRefreshIsRotation();
    void redirectUriChangedAtTokenEndpoint();
    void pkceVerifierMismatch();
    void codeReplayedFromAnotherAuthorization();
    void slowExchangeBecomesCodeExpired();
    void invalidClientHints();
    void htmlProxyPage();
    void temporarilyUnavailableIsRetry();
    void sortedMostSevereFirst();
};

void TestDiagnosis::entraCodeExpired()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("entra_aadsts70008.json")), 3);
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_grant_code_expired"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->severity == Severity::Error);
    QVERIFY(f->triage == TriageClass::Reauth);
    QCOMPARE(f->stepId, QStringLiteral("s3"));
    QCOMPARE(f->exchangeId, QStringLiteral("x2"));
    QCOMPARE(f->evidence["provider_codes"][0].get<std::string>(), std::string("AADSTS70008"));
    QCOMPARE(f->evidence["trace_id"].get<std::string>(), std::string("0b3b9b4e-2f5a-4c1e-9d2a-1c6f5e0a7b00"));
    QCOMPARE(f->evidence["correlation_id"].get<std::string>(),
             std::string("7d1f2c3a-8e4b-4a6d-b5c9-2e3f4a5b6c7d"));
    QCOMPARE(f->evidence["seconds_between_callback_and_exchange"].get<int>(), 3);
    QCOMPARE(f->evidence["provider"].get<std::string>(), std::string("entra"));
    QVERIFY2(f->explanation.contains(QLatin1String("Microsoft Entra ID")), qPrintable(f->explanation));
}

void TestDiagnosis::entraInvalidClientSecretId()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("entra_aadsts7000215.json")));
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_client"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->triage == TriageClass::FixConfig);
    QVERIFY2(f->fixSteps.join(' ').contains(QLatin1String("Secret ID")), qPrintable(f->fixSteps.join('|')));
}

void TestDiagnosis::githubFormErrorWith200()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("github_form_error.json")));
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_grant"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence["error"].get<std::string>(), std::string("bad_verification_code"));
    QCOMPARE(f->evidence["provider"].get<std::string>(), std::string("github"));
    const Finding *enc = findCode(fs, QStringLiteral("nonstandard_error_encoding"));
    QVERIFY2(enc, qPrintable(codes(fs)));
    QCOMPARE(enc->evidence["http_status"].get<int>(), 200);
    QVERIFY(enc->severity == Severity::Warning);
    QVERIFY(enc->explanation.contains(QLatin1String("GitHub style")));
    const Finding *form = findCode(fs, QStringLiteral("form_encoded_token_response"));
    QVERIFY2(form, qPrintable(codes(fs)));
    QVERIFY(form->severity == Severity::Warning);
}

void TestDiagnosis::githubJsonErrorWith200()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("github_json_200_error.json")));
    const QList<Finding> fs = diagnose(b.s);
    QVERIFY2(findCode(fs, QStringLiteral("invalid_client")), qPrintable(codes(fs)));
    QVERIFY(findCode(fs, QStringLiteral("nonstandard_error_encoding")));
}

void TestDiagnosis::slackOkFalse()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("slack_ok_false.json")));
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_grant"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence["provider"].get<std::string>(), std::string("slack"));
    const Finding *enc = findCode(fs, QStringLiteral("nonstandard_error_encoding"));
    QVERIFY2(enc, qPrintable(codes(fs)));
    QVERIFY2(enc->explanation.contains(QLatin1String("\"ok\": false")), qPrintable(enc->explanation));
    // The raw evidence stays as received.
    QVERIFY(b.s.exchange(f->exchangeId)->responseBody.contains("\"ok\": false"));
}

void TestDiagnosis::slackNestedUserToken()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("slack_nested_authed_user.json")));
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("missing_access_token"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence["nested_token"].get<std::string>(), std::string("authed_user.access_token"));
}

void TestDiagnosis::oktaErrorCode()
{
    SessionBuilder b;
    const Step &st = b.tokenStep(loadFixture(QStringLiteral("okta_errorcode.json")));
    const NormalizedError n = normalizeError(st, b.s.exchange(QStringLiteral("x2")));
    QVERIFY(n.present);
    QCOMPARE(n.error, QStringLiteral("E0000011"));
    QCOMPARE(n.description, QStringLiteral("Invalid token provided"));
    QCOMPARE(n.encoding, QStringLiteral("okta_error_code"));
    const QList<Finding> fs = diagnose(b.s);
    QVERIFY2(findCode(fs, QStringLiteral("invalid_client")), qPrintable(codes(fs)));
    QVERIFY(findCode(fs, QStringLiteral("nonstandard_error_encoding")));
}

void TestDiagnosis::googleRefreshRevoked()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("google_refresh_revoked.json")));
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_grant_refresh_revoked_or_expired"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->triage == TriageClass::Reauth);
    QVERIFY2(f->explanation.contains(QLatin1String("7-day")), qPrintable(f->explanation));
}

void TestDiagnosis::googleBadRequestIsGenericChecklist()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("google_bad_request.json")));
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_grant"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->fixSteps.join(' ').contains(QLatin1String("Checklist")));
}

void TestDiagnosis::keycloakStaleRefreshIsRotation()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("keycloak_stale_refresh.json")));
    const QList<Finding> fs = diagnose(b.s);
    QVERIFY2(findCode(fs, QStringLiteral("invalid_grant_refresh_rotated")), qPrintable(codes(fs)));
}

void TestDiagnosis::redirectUriChangedAtTokenEndpoint()
{
    SessionBuilder b;
    const QString other = QStringLiteral("http://127.0.0.1:8765/callback/");
    b.tokenStep(loadFixture(QStringLiteral("oidc_provider_invalid_grant.json")), 1,
                {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                 {QStringLiteral("code"), b.code},
                 {QStringLiteral("redirect_uri"), other},
                 {QStringLiteral("code_verifier"), QString::fromLatin1(b.verifier)}});
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_grant_redirect_uri_changed"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence["token_request_redirect_uri"].get<std::string>(), other.toStdString());
    QCOMPARE(f->evidence["authorization_request_redirect_uri"].get<std::string>(),
             b.redirectUri.toStdString());
    QVERIFY2(f->explanation.contains(QLatin1String("slash")), qPrintable(f->explanation));
}

void TestDiagnosis::pkceVerifierMismatch()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("oidc_provider_invalid_grant.json")), 1,
                {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                 {QStringLiteral("code"), b.code},
                 {QStringLiteral("redirect_uri"), b.redirectUri},
                 {QStringLiteral("code_verifier"), QString(60, u'w')}});
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_grant_pkce_mismatch"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->evidence["challenge_sent"] != f->evidence["challenge_of_verifier_sent"]);
}

void TestDiagnosis::codeReplayedFromAnotherAuthorization()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("oidc_provider_invalid_grant.json")), 1,
                {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                 {QStringLiteral("code"), QStringLiteral("an-older-code")},
                 {QStringLiteral("redirect_uri"), b.redirectUri},
                 {QStringLiteral("code_verifier"), QString::fromLatin1(b.verifier)}});
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_grant_code_reused"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->evidence["code_matches_callback"] == false);
}

void TestDiagnosis::slowExchangeBecomesCodeExpired()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("oidc_provider_invalid_grant.json")), 900);
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_grant_code_expired"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence["seconds_between_callback_and_exchange"].get<int>(), 900);

    SessionBuilder quick;
    quick.tokenStep(loadFixture(QStringLiteral("oidc_provider_invalid_grant.json")), 2);
    const QList<Finding> generic = diagnose(quick.s);
    QVERIFY2(findCode(generic, QStringLiteral("invalid_grant")), qPrintable(codes(generic)));
    QVERIFY(!findCode(generic, QStringLiteral("invalid_grant_code_expired")));
}

void TestDiagnosis::invalidClientHints()
{
    SessionBuilder b;
    b.s.profile.clientSecret = QStringLiteral("s3cr:t/+%pass");
    b.s.profile.authMethod = ClientAuthMethod::ClientSecretBasic;
    Step discovery;
    discovery.id = QStringLiteral("s0");
    discovery.kind = StepKind::Discovery;
    discovery.details["metadata"] = {{"token_endpoint_auth_methods_supported", {"client_secret_post"}}};
    b.s.steps.prepend(discovery);
    Step &st = b.tokenStep(loadFixture(QStringLiteral("oidc_provider_invalid_client.json")), 1,
                           {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                            {QStringLiteral("code"), b.code},
                            {QStringLiteral("client_secret"), QString()}});
    b.s.exchanges.last().requestHeaders.append(HttpHeader{"Authorization", "Basic Y2xpZW50LTE6czNjciUzQXQ="});
    Q_UNUSED(st);
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("invalid_client"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence["credentials_sent_as"].get<std::string>(),
             std::string("client_secret_basic and client_secret_post"));
    QVERIFY2(f->explanation.contains(QLatin1String("sent twice")), qPrintable(f->explanation));
    QVERIFY(f->explanation.contains(QLatin1String("empty client_secret")));
    QVERIFY(f->evidence["secret_has_special_characters"] == true);
    QVERIFY(f->evidence["server_auth_methods"][0] == "client_secret_post");
}

void TestDiagnosis::htmlProxyPage()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("nginx_502.json")));
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("html_instead_of_json"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence["page_title"].get<std::string>(), std::string("502 Bad Gateway"));
    QVERIFY(f->triage == TriageClass::Retry);
}

void TestDiagnosis::temporarilyUnavailableIsRetry()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("temporarily_unavailable_503.json")));
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("server_error"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->triage == TriageClass::Retry);
    QCOMPARE(f->evidence["retry_after"].get<std::string>(), std::string("30"));
}

void TestDiagnosis::sortedMostSevereFirst()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("github_form_error.json")));
    const QList<Finding> fs = diagnose(b.s);
    QVERIFY(fs.size() >= 3);
    for (int i = 1; i < fs.size(); ++i)
        QVERIFY(int(fs[i - 1].severity) <= int(fs[i].severity));
    QVERIFY(fs.first().severity == Severity::Error);
}

QTEST_GUILESS_MAIN(TestDiagnosis)
#include "tst_diagnosis.moc"
