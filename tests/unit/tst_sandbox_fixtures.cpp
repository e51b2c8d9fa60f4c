// Keeps tests/data/sandbox/*.json honest: each file is what the sandbox answers in one fault
// scenario (status, headers, body, decoded ID token), with random values normalised. Diagnosis
// tests can use these files without running a server; this test fails when the sandbox's answers
// drift from them. Regenerate with WB_UPDATE_FIXTURES=1.

#include "tst_sandbox_support.h"

#include "sandbox/SandboxFaults.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

using namespace sbxtest;
using wb::SandboxFault;

namespace {

const QString kDir = QStringLiteral(WB_TEST_DATA_DIR "/sandbox");

QString normalise(QString s)
{
    static const QList<QPair<QRegularExpression, QString>> rules = {
        {QRegularExpression("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "<jwt>"},
        {QRegularExpression("sbx_(ac|at|rt)_[A-Za-z0-9_-]+"), "sbx_\\1_<random>"},
        {QRegularExpression("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"},
        {QRegularExpression("(127\\.0\\.0\\.1|localhost)(:|%3A)[0-9]+"), "\\1\\2<port>"},
    };
    for (const auto &[re, replacement] : rules)
        s.replace(re, replacement);
    return s;
}

json record(const HttpResult &r, const QString &fault, const QString &request)
{
    json headers = json::object();
    for (const char *name : {"Content-Type", "Cache-Control", "Pragma", "Retry-After", "WWW-Authenticate",
                             "Server", "Date", "Location"}) {
        const QByteArray v = r.header(name);
        if (!v.isEmpty())
            headers[name] = normalise(QString::fromUtf8(v)).toStdString();
    }
    json out = {{"fault", fault.toStdString()},
                {"request", request.toStdString()},
                {"status", r.status},
                {"headers", headers},
                {"body", normalise(QString::fromUtf8(r.body)).toStdString()}};
    const json body = r.toJson();
    const QString idToken = body.is_object() ? str(body, "id_token") : QString();
    if (!idToken.isEmpty()) {
        json claims = payloadOf(idToken);
        claims["at_hash"] = "<at_hash>";
        claims["iss"] = normalise(str(claims, "iss")).toStdString();
        out["id_token_payload"] = claims;
    }
    return out;
}

} // namespace

class TestSandboxFixtures : public QObject {
    Q_OBJECT
private slots:
    void scenarios_data();
    void scenarios();
};

void TestSandboxFixtures::scenarios_data()
{
    QTest::addColumn<QStringList>("faults");
    QTest::addColumn<QString>("action"); // code | refresh | authorize
    const auto row = [](const char *file, QStringList faults, const char *action) {
        QTest::newRow(file) << faults << QString(action);
    };
    row("token-ok", {}, "code");
    for (const char *f : {"invalid_client", "expired_code", "code_replay", "pkce_mismatch",
                          "missing_refresh_token", "clock_skew", "server_error", "html_error_page",
                          "nonstandard_200_error", "form_encoded_response", "aadsts_errors"})
        row(qPrintable(QStringLiteral("token-%1").arg(f)), {f}, "code");
    row("token-aadsts_errors+code_replay", {"aadsts_errors", "code_replay"}, "code");
    row("token-form_encoded_response+code_replay", {"form_encoded_response", "code_replay"}, "code");
    row("refresh-refresh_rotation_reuse", {"refresh_rotation_reuse"}, "refresh");
    row("refresh-refresh_expired", {"refresh_expired"}, "refresh");
    row("refresh-aadsts_errors+refresh_expired", {"aadsts_errors", "refresh_expired"}, "refresh");
    row("authorize-ok", {}, "authorize");
    for (const char *f : {"deny_consent", "wrong_iss", "redirect_uri_mismatch", "aadsts_errors+deny_consent"})
        row(qPrintable(QStringLiteral("authorize-%1").arg(f)), QString(f).split('+'), "authorize");
}

void TestSandboxFixtures::scenarios()
{
    QFETCH(QStringList, faults);
    QFETCH(QString, action);
    Harness h;
    wb::SandboxConfig cfg;
    cfg.autoApprove = true;
    QVERIFY(h.start(cfg));
    QStringList unknown;
    const auto set = wb::SandboxFaultSet::fromNames(faults, &unknown);
    QVERIFY(unknown.isEmpty());

    HttpResult r;
    QString request;
    if (action == "authorize") {
        h.server.setFaults(set);
        r = h.authorize();
        request = "GET /authorize (sandbox-public, PKCE S256, state=st-123, nonce=n-456, auto-approve)";
    } else if (action == "code") {
        const QString code = h.code();
        h.server.setFaults(set);
        r = h.exchange(code);
        request = "POST /token grant_type=authorization_code (sandbox-public, PKCE S256)";
    } else {
        const QString refreshToken = str(h.exchange(h.code()).toJson(), "refresh_token");
        h.server.setFaults(set);
        r = h.refresh(refreshToken);
        request = "POST /token grant_type=refresh_token (sandbox-public)";
    }
    const json actual = record(r, faults.join('+'), request);
    const QString path = kDir + QLatin1Char('/') + QString::fromLatin1(QTest::currentDataTag()) + ".json";

    if (qEnvironmentVariableIsSet("WB_UPDATE_FIXTURES")) {
        QDir().mkpath(kDir);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromStdString(actual.dump(2)) + '\n');
        return;
    }
    QFile f(path);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path + " is missing; run with WB_UPDATE_FIXTURES=1"));
    const json expected = json::parse(f.readAll().toStdString(), nullptr, false);
    COMPARE_JSON(actual, expected);
}

QTEST_GUILESS_MAIN(TestSandboxFixtures)
#include "tst_sandbox_fixtures.moc"
