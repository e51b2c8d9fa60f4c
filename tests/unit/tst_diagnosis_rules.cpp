// Diagnosis rules outside the token endpoint (callback, redirect_uri differences, refresh token,
// clock), the data catalogues (findings, providers, presets) and findings in session files.
#include "diagnosis/Diagnosis.h"
#include "diagnosis/FindingCatalog.h"
#include "diagnosis/ProviderCatalog.h"
#include "diagnosis/ProviderPreset.h"
#include "diagnosis/RedirectUriDiff.h"
#include "report/SessionJson.h"
#include "tst_diagnosis_support.h"

using namespace wb;
using namespace wbtest;

class TestDiagnosisRules : public QObject {
    Q_OBJECT
private slots:
    void redirectUriDifferences_data();
    void redirectUriDifferences();
    void accessDeniedCallback();
    void entraRedirectMismatchOnCallback();
    void capturedErrorPageIsQuoted();
    void capturedPolicyBlockPage();
    void stateMismatch();
    void callbackNeverArrived();
    void noRefreshTokenWithGoogleAdvice();
    void clockSkew();
    void successHasNoErrorFinding();
    void everyCodeDocumented();
    void providerKnowledge();
    void providerDetection();
    void presets();
    void findingsRoundTripInSessionJson();
};

void TestDiagnosisRules::redirectUriDifferences_data()
{
    QTest::addColumn<QString>("sent");
    QTest::addColumn<QString>("registered");
    QTest::addColumn<QString>("difference");
    QTest::newRow("trailing slash") << "http://127.0.0.1:8765/callback"
                                    << "http://127.0.0.1:8765/callback/"
                                    << "trailing_slash";
    QTest::newRow("scheme") << "http://app.example/cb"
                            << "https://app.example/cb"
                            << "scheme";
    QTest::newRow("loopback spelling") << "http://127.0.0.1:8765/callback"
                                       << "http://localhost:8765/callback"
                                       << "loopback_host";
    QTest::newRow("ipv6 loopback") << "http://[::1]:8765/callback"
                                   << "http://localhost:8765/callback"
                                   << "loopback_host";
    QTest::newRow("port") << "http://127.0.0.1:40001/callback"
                          << "http://127.0.0.1:8765/callback"
                          << "port";
    QTest::newRow("case") << "http://127.0.0.1:8765/Callback"
                          << "http://127.0.0.1:8765/callback"
                          << "case";
    QTest::newRow("path") << "http://127.0.0.1:8765/cb"
                          << "http://127.0.0.1:8765/callback"
                          << "path";
}

void TestDiagnosisRules::redirectUriDifferences()
{
    QFETCH(QString, sent);
    QFETCH(QString, registered);
    QFETCH(QString, difference);
    const RedirectUriDiff d = compareRedirectUris(sent, registered);
    QVERIFY(!d.identical);
    QVERIFY2(d.differences.contains(difference), qPrintable(d.differences.join(',')));
    QVERIFY(!d.sentence.isEmpty());
    QVERIFY(compareRedirectUris(sent, sent).identical);
}

static Step failedCallback(const QString &error, const QString &description)
{
    Step cb;
    cb.id = QStringLiteral("s2");
    cb.kind = StepKind::Callback;
    cb.title = QStringLiteral("Callback");
    cb.status = StepStatus::Failed;
    ProtocolError pe;
    pe.error = error;
    pe.description = description;
    cb.error = Error{ErrorKind::Protocol, error, QStringLiteral("error"), pe};
    return cb;
}

void TestDiagnosisRules::accessDeniedCallback()
{
    SessionBuilder b;
    b.s.steps.append(
        failedCallback(QStringLiteral("access_denied"), QStringLiteral("End-User aborted interaction")));
    b.s.outcome = Outcome::Failed;
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("access_denied"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->stepId, QStringLiteral("s2"));
    QVERIFY(f->explanation.contains(QLatin1String("End-User aborted interaction")));
}

void TestDiagnosisRules::entraRedirectMismatchOnCallback()
{
    SessionBuilder b;
    b.s.profile.issuer = QStringLiteral("https://login.microsoftonline.com/common/v2.0");
    b.s.profile.registeredRedirectUri = QStringLiteral("http://localhost/callback");
    b.s.steps.append(failedCallback(
        QStringLiteral("invalid_request"),
        QStringLiteral(
            "AADSTS50011: The redirect URI 'http://127.0.0.1:8765/callback' specified in the request does "
            "not match the redirect URIs configured for the application '0000'. Trace ID: 1 Correlation "
            "ID: 2 Timestamp: 2024-05-02 10:11:12Z")));
    b.s.outcome = Outcome::Failed;
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("redirect_uri_mismatch"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence["registered"].get<std::string>(), std::string("http://localhost/callback"));
    QVERIFY(f->evidence["differences"].size() >= 1);
    QCOMPARE(f->evidence["differences"][0].get<std::string>(), std::string("loopback_host"));
    QVERIFY(f->explanation.contains(QLatin1String("AADSTS50011")));
}

// A captured (or followed) browser stopped at the provider's error page before any redirect to the
// loopback: the finding points at that page and quotes what it said (its body was kept).
void TestDiagnosisRules::capturedErrorPageIsQuoted()
{
    SessionBuilder b;
    Exchange page;
    page.id = QStringLiteral("x1");
    page.role = ExchangeRole::FrontChannel;
    page.method = QStringLiteral("GET");
    page.url = QStringLiteral("https://idp.example/authorize?client_id=client-1");
    page.status = 400;
    page.responseBody = "<html><head><title>oops! something went wrong</title><style>.redirect_uri{}</style>"
                        "</head><body><script>var redirect_uri = 1;</script><h1>oops!</h1><pre>"
                        "<strong>error</strong>: invalid_redirect_uri\n<strong>error_description</strong>: "
                        "redirect_uri did not match any of the client&#39;s registered redirect_uris (100%1)"
                        "</pre></body></html>";
    b.s.exchanges.append(page);
    Step browser;
    browser.id = QStringLiteral("s2");
    browser.kind = StepKind::Browser;
    browser.status = StepStatus::Failed;
    browser.exchangeIds = {page.id};
    browser.error = Error::make(ErrorKind::Http, QStringLiteral("error_page"), QStringLiteral("error page"));
    b.s.steps.append(browser);
    b.s.outcome = Outcome::Failed;
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("redirect_uri_mismatch"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->exchangeId, page.id);
    const QString excerpt = QString::fromStdString(f->evidence.value("page_excerpt", std::string()));
    QCOMPARE(excerpt,
             QStringLiteral("oops! error : invalid_redirect_uri error_description : redirect_uri did "
                            "not match any of the client's registered redirect_uris (100%1)"));
    QVERIFY2(!excerpt.contains(QStringLiteral("var ")), qPrintable(excerpt)); // scripts are not text
    QCOMPARE(QString::fromStdString(f->evidence.value("page_title", std::string())),
             QStringLiteral("oops! something went wrong"));
    QVERIFY2(f->explanation.contains(QStringLiteral("The page says: \"")) &&
                 f->explanation.contains(QStringLiteral("(100%1)")),
             qPrintable(f->explanation));
}

// An error page that is not about the redirect_uri (here Entra's conditional access block) is a
// refusal of its own, quoted; a 5xx page is worth a retry.
void TestDiagnosisRules::capturedPolicyBlockPage()
{
    for (const int status : {403, 503}) {
        SessionBuilder b;
        Exchange page;
        page.id = QStringLiteral("x1");
        page.role = ExchangeRole::FrontChannel;
        page.method = QStringLiteral("POST");
        page.url = QStringLiteral("https://login.microsoftonline.com/common/login");
        page.status = status;
        page.responseBody =
            "<html><head><title>Sign in to your account</title></head><body><div>Help us keep "
            "your device secure</div><div id=\"e\">AADSTS53003: Access has been blocked by "
            "Conditional Access policies.</div></body></html>";
        b.s.exchanges.append(page);
        Step browser;
        browser.id = QStringLiteral("s2");
        browser.kind = StepKind::Browser;
        browser.status = StepStatus::Failed;
        browser.exchangeIds = {page.id};
        browser.error =
            Error::make(ErrorKind::Http, QStringLiteral("error_page"), QStringLiteral("error page"));
        b.s.steps.append(browser);
        b.s.outcome = Outcome::Failed;
        const QList<Finding> fs = diagnose(b.s);
        const Finding *f = findCode(fs, QStringLiteral("error_page_at_provider"));
        QVERIFY2(f, qPrintable(codes(fs)));
        QVERIFY(!findCode(fs, QStringLiteral("redirect_uri_mismatch")));
        QVERIFY(!findCode(fs, QStringLiteral("flow_error"))); // the specific finding replaces the generic one
        QCOMPARE(f->exchangeId, page.id);
        const QString excerpt = QString::fromStdString(f->evidence.value("page_excerpt", std::string()));
        QVERIFY2(
            excerpt.contains(QStringLiteral("AADSTS53003: Access has been blocked by Conditional Access")),
            qPrintable(excerpt));
        QVERIFY2(f->explanation.contains(QStringLiteral("login.microsoftonline.com")) &&
                     f->explanation.contains(QStringLiteral("The page says")),
                 qPrintable(f->explanation));
        QVERIFY(f->triage == (status >= 500 ? TriageClass::Retry : TriageClass::FixConfig));
    }
}

void TestDiagnosisRules::stateMismatch()
{
    SessionBuilder b;
    Step cb;
    cb.id = QStringLiteral("s2");
    cb.kind = StepKind::Callback;
    cb.status = StepStatus::Failed;
    cb.error =
        Error::make(ErrorKind::Validation, QStringLiteral("state_mismatch"), QStringLiteral("differs"));
    cb.details = {
        {"checks", {{{"check", "state"}, {"result", "fail"}, {"expected", "aaa"}, {"actual", "bbb"}}}}};
    b.s.steps.append(cb);
    b.s.outcome = Outcome::Failed;
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("state_mismatch"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence["sent"].get<std::string>(), std::string("aaa"));
    QCOMPARE(f->evidence["received"].get<std::string>(), std::string("bbb"));
}

void TestDiagnosisRules::callbackNeverArrived()
{
    SessionBuilder b;
    b.s.profile.timeoutSeconds = 5;
    Step cb;
    cb.id = QStringLiteral("s3");
    cb.kind = StepKind::Callback;
    cb.status = StepStatus::Failed;
    cb.error =
        Error::make(ErrorKind::Timeout, QStringLiteral("callback_never_arrived"), QStringLiteral("none"));
    b.s.steps.append(cb);
    Exchange stray;
    stray.id = QStringLiteral("x1");
    stray.role = ExchangeRole::Stray;
    stray.method = QStringLiteral("GET");
    stray.url = QStringLiteral("http://127.0.0.1:8765/favicon.ico");
    b.s.exchanges.append(stray);
    b.s.outcome = Outcome::Failed;
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("callback_never_arrived"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QCOMPARE(f->evidence["listening_on"].get<std::string>(), std::string("127.0.0.1:8765"));
    QVERIFY(f->explanation.contains(QLatin1String("/favicon.ico")));
}

void TestDiagnosisRules::noRefreshTokenWithGoogleAdvice()
{
    SessionBuilder b;
    b.s.profile.scope = QStringLiteral("openid email");
    b.s.profile.extraParams = {{QStringLiteral("access_type"), QStringLiteral("offline")}};
    nlohmann::json fx = {{"status", 200},
                         {"content_type", "application/json"},
                         {"issuer", "https://accounts.google.com"},
                         {"body", R"({"access_token":"ya29.a0Af","expires_in":3599,"token_type":"Bearer"})"}};
    b.tokenStep(fx);
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("no_refresh_token"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->severity == Severity::Warning);
    QVERIFY2(f->explanation.contains(QLatin1String("prompt=consent")), qPrintable(f->explanation));
    QVERIFY(f->fixSteps.first().contains(QLatin1String("prompt=consent")));
}

void TestDiagnosisRules::clockSkew()
{
    SessionBuilder b;
    b.tokenStep({{"status", 200},
                 {"content_type", "application/json"},
                 {"body", R"({"access_token":"at","token_type":"Bearer","expires_in":60})"}});
    b.s.steps.last().details["clock"] = {{"offset_seconds", 600}};
    const QList<Finding> fs = diagnose(b.s);
    const Finding *f = findCode(fs, QStringLiteral("clock_skew"));
    QVERIFY2(f, qPrintable(codes(fs)));
    QVERIFY(f->explanation.contains(QLatin1String("600 s ahead")));
}

void TestDiagnosisRules::successHasNoErrorFinding()
{
    SessionBuilder b;
    b.tokenStep({{"status", 200},
                 {"content_type", "application/json"},
                 {"body", R"({"access_token":"at","token_type":"Bearer","expires_in":60})"}});
    const QList<Finding> fs = diagnose(b.s);
    for (const Finding &f : fs)
        QVERIFY2(f.severity != Severity::Error, qPrintable(f.code));
}

void TestDiagnosisRules::everyCodeDocumented()
{
    QFile doc(QStringLiteral(WB_TEST_DATA_DIR "/../../docs/findings.md"));
    QVERIFY(doc.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(doc.readAll());
    const QStringList codes = FindingCatalog::instance().codes();
    QVERIFY(codes.size() >= 35);
    for (const QString &code : codes) {
        QVERIFY2(text.contains(QStringLiteral("`%1`").arg(code)), qPrintable(code));
        const Finding f = FindingCatalog::instance().make(code);
        QVERIFY2(!f.title.isEmpty() && !f.explanation.isEmpty() && !f.fixSteps.isEmpty(), qPrintable(code));
    }
}

void TestDiagnosisRules::providerKnowledge()
{
    const ProviderCatalog &c = ProviderCatalog::instance();
    for (const char *id : {"entra", "google", "github", "gitlab", "okta", "auth0", "keycloak", "salesforce",
                           "slack", "generic-oidc"}) {
        const ProviderInfo *p = c.byId(QString::fromLatin1(id));
        QVERIFY2(p, id);
        QVERIFY2(p->hasPreset(), id);
    }
    const nlohmann::json entra = c.byId(QStringLiteral("entra"))->raw["errors"];
    for (const char *code : {"50011", "50012", "54005", "65001", "70000", "70008", "700082", "700084",
                             "7000215", "7000218", "7000222", "9002327", "90014", "900144"}) {
        bool found = false;
        for (const auto &e : entra)
            found = found || e["match"].value("provider_code", "") == std::string("AADSTS") + code;
        QVERIFY2(found, code);
    }
    // Every mapped finding code exists in the findings catalogue.
    for (const ProviderInfo &p : c.providers())
        for (const auto &e : p.raw.value("errors", nlohmann::json::array()))
            QVERIFY2(FindingCatalog::instance().contains(QString::fromStdString(e.value("finding", ""))),
                     qPrintable(p.id));
}

void TestDiagnosisRules::providerDetection()
{
    const ProviderCatalog &c = ProviderCatalog::instance();
    QCOMPARE(c.detect({QStringLiteral("https://login.microsoftonline.com/x/v2.0")})->id,
             QStringLiteral("entra"));
    QCOMPARE(c.detect({QStringLiteral("https://dev-1.okta.com/oauth2/default")})->id, QStringLiteral("okta"));
    QCOMPARE(c.detect({QStringLiteral("https://me.eu.auth0.com/")})->id, QStringLiteral("auth0"));
    QCOMPARE(c.detect({QStringLiteral("https://sso.example/realms/demo")})->id, QStringLiteral("keycloak"));
    QCOMPARE(c.detect({QStringLiteral("https://oauth2.googleapis.com/token")})->id, QStringLiteral("google"));
    QVERIFY(!c.detect({QStringLiteral("https://idp.example")}));
}

void TestDiagnosisRules::presets()
{
    const ProviderCatalog &c = ProviderCatalog::instance();
    Profile p;
    QString error;
    QVERIFY(applyPreset(*c.byId(QStringLiteral("entra")),
                        {{QStringLiteral("tenant"), QStringLiteral("contoso")}}, p, &error));
    QCOMPARE(p.issuer, QStringLiteral("https://login.microsoftonline.com/contoso/v2.0"));
    QVERIFY(p.scope.contains(QLatin1String("offline_access")));
    QCOMPARE(p.redirectHost, QStringLiteral("localhost"));
    QVERIFY(unresolvedPlaceholders(p).isEmpty());

    Profile g;
    QVERIFY(applyPreset(*c.byId(QStringLiteral("google")), {}, g, &error));
    QCOMPARE(g.issuer, QStringLiteral("https://accounts.google.com"));
    QVERIFY(g.extraParams.contains(qMakePair(QStringLiteral("access_type"), QStringLiteral("offline"))));
    QVERIFY(g.authMethod == ClientAuthMethod::ClientSecretPost);

    Profile gh;
    QVERIFY(applyPreset(*c.byId(QStringLiteral("github")), {}, gh, &error));
    QVERIFY(gh.issuer.isEmpty());
    QCOMPARE(gh.tokenEndpoint, QStringLiteral("https://github.com/login/oauth/access_token"));

    Profile kc;
    QVERIFY(applyPreset(*c.byId(QStringLiteral("keycloak")),
                        {{QStringLiteral("host"), QStringLiteral("sso.example")}}, kc, &error));
    QCOMPARE(kc.issuer, QStringLiteral("https://sso.example/realms/master"));

    Profile a0;
    QVERIFY(applyPreset(*c.byId(QStringLiteral("auth0")), {}, a0, &error));
    QCOMPARE(unresolvedPlaceholders(a0), QStringList{QStringLiteral("audience")});
    QVERIFY(!applyPreset(*c.byId(QStringLiteral("oidc-provider")), {}, a0, &error));
    QVERIFY(!error.isEmpty());
}

void TestDiagnosisRules::findingsRoundTripInSessionJson()
{
    SessionBuilder b;
    b.tokenStep(loadFixture(QStringLiteral("entra_aadsts70008.json")));
    b.s.findings = diagnose(b.s);
    QVERIFY(!b.s.findings.isEmpty());
    const nlohmann::json j = sessionToJson(b.s, true);
    QVERIFY(j["findings"].is_array());
    Session back;
    QString error;
    QVERIFY(sessionFromJson(j, back, &error));
    QCOMPARE(back.findings.size(), b.s.findings.size());
    const Finding &a = b.s.findings.first(), &c = back.findings.first();
    QCOMPARE(c.code, a.code);
    QVERIFY(c.severity == a.severity && c.triage == a.triage);
    QCOMPARE(c.stepId, a.stepId);
    QCOMPARE(c.exchangeId, a.exchangeId);
    QCOMPARE(c.fixSteps, a.fixSteps);
    QCOMPARE(c.evidence["trace_id"], a.evidence["trace_id"]);
    // A file written before findings existed still reads, with none.
    nlohmann::json old = j;
    old.erase("findings");
    Session oldSession;
    QVERIFY(sessionFromJson(old, oldSession, &error));
    QVERIFY(oldSession.findings.isEmpty());
}

QTEST_GUILESS_MAIN(TestDiagnosisRules)
#include "tst_diagnosis_rules.moc"
