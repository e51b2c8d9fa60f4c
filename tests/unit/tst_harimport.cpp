// HAR import: our own export read back (HarExport -> HarImport keeps exchanges, roles, steps and
// transport errors), a browser devtools HAR of an SPA login (roles and steps inferred, the
// callback checked against the state sent, the token error diagnosed), and bad input refused
// with a plain message.
#include "report/HarExport.h"
#include "report/HarImport.h"
#include "report/ReportWriter.h"
#include "support/ReportSample.h"

#include <QFile>
#include <QtTest>

using namespace wb;
using namespace wb::test;
using json = nlohmann::json;

namespace {
QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(WB_TEST_DATA_DIR "/har/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const Step *stepOf(const Session &s, StepKind kind)
{
    for (const Step &st : s.steps)
        if (st.kind == kind)
            return &st;
    return nullptr;
}

bool hasFinding(const Session &s, const QString &prefix)
{
    for (const Finding &f : s.findings)
        if (f.code.startsWith(prefix))
            return true;
    return false;
}

QString refusal(const QByteArray &bytes)
{
    Session s;
    QString error;
    if (sessionFromHar(bytes, s, &error))
        return QStringLiteral("accepted");
    return error;
}
} // namespace

class TestHarImport : public QObject {
    Q_OBJECT
private slots:
    void roundTripOfOurExport()
    {
        const Session original = reportSample();
        ReportOptions unredacted;
        unredacted.redaction = RedactionMode::None;
        Session back;
        QString error;
        QVERIFY2(sessionFromHar(harExport(original, unredacted), back, &error), qPrintable(error));

        QCOMPARE(back.id, original.id);
        QCOMPARE(back.appVersion, original.appVersion);
        QVERIFY(back.outcome == Outcome::Failed);
        QCOMPARE(back.exchanges.size(), original.exchanges.size());
        for (int i = 0; i < original.exchanges.size(); ++i) {
            const Exchange &a = original.exchanges[i];
            const Exchange &b = back.exchanges[i];
            QCOMPARE(b.id, a.id);
            QVERIFY(b.role == a.role);
            QCOMPARE(b.method, a.method);
            QCOMPARE(QUrl(b.url), QUrl(a.url));
            QCOMPARE(b.status, a.status);
            QCOMPARE(b.reason, a.reason);
            QCOMPARE(b.requestHeaders, a.requestHeaders);
            QCOMPARE(b.requestBody, a.requestBody);
            QCOMPARE(b.responseHeaders, a.responseHeaders);
            QCOMPARE(b.responseBody, a.responseBody);
            QCOMPARE(b.startedAt, a.startedAt);
            QCOMPARE(b.durationMs, a.durationMs);
            QVERIFY(b.transportError == a.transportError);
        }
        // Steps that owned exchanges come back with their ids and titles, kinds from the evidence.
        QStringList ids;
        for (const Step &st : back.steps)
            ids << st.id + QLatin1Char(' ') + st.title;
        QCOMPARE(ids, QStringList({QStringLiteral("s1 Discovery"), QStringLiteral("s4 Callback"),
                                   QStringLiteral("s5 Token exchange"), QStringLiteral("s6 Refresh")}));
        QVERIFY(back.steps[0].kind == StepKind::Discovery);
        QVERIFY(back.steps[1].kind == StepKind::Callback);
        QVERIFY(back.steps[2].kind == StepKind::TokenExchange);
        QVERIFY(back.steps[3].kind == StepKind::Refresh);
        QVERIFY(back.steps[3].status == StepStatus::Failed);
        QCOMPARE(back.steps[3].error.code, QStringLiteral("invalid_grant"));
        QCOMPARE(back.tokens.accessToken, ReportSecrets().accessToken);
        // Diagnosed like a live session: the refresh's invalid_grant is a finding.
        QVERIFY(hasFinding(back, QStringLiteral("invalid_grant")));
        // Live values the HAR carried are known secrets again: a redacted report hides them.
        const QByteArray md = renderReport(back, ReportFormat::Markdown);
        for (const QString &secret : {ReportSecrets().code, ReportSecrets().refreshToken})
            QVERIFY2(!md.contains(secret.toUtf8()), qPrintable(secret));
    }

    void redactedExportStillImports()
    {
        Session back;
        QString error;
        QVERIFY2(sessionFromHar(harExport(reportSample()), back, &error), qPrintable(error));
        QCOMPARE(back.exchanges.size(), 4);
        QVERIFY(back.exchanges[2].requestBody.contains("[redacted"));
        QVERIFY(!back.exchanges[2].requestBody.contains(ReportSecrets().code.toUtf8()));
    }

    void transportErrorAndBinaryBody()
    {
        Session s = reportSample();
        s.exchanges[0].status = 0;
        s.exchanges[0].reason.clear();
        s.exchanges[0].responseHeaders.clear();
        s.exchanges[0].responseBody.clear();
        s.exchanges[0].transportError = TransportError::Timeout;
        s.exchanges[0].errorMessage = QStringLiteral("no answer within 30 s");
        s.exchanges[1].responseBody = QByteArray("\xff\xfe\x00binary", 9);
        ReportOptions unredacted;
        unredacted.redaction = RedactionMode::None;
        Session back;
        QString error;
        QVERIFY2(sessionFromHar(harExport(s, unredacted), back, &error), qPrintable(error));
        QVERIFY(back.exchanges[0].transportError == TransportError::Timeout);
        QCOMPARE(back.exchanges[0].errorMessage, QStringLiteral("no answer within 30 s"));
        QVERIFY(!back.exchanges[0].hasResponse());
        QVERIFY(back.steps[0].status == StepStatus::Failed);
        QVERIFY(back.steps[0].error.kind == ErrorKind::Timeout);
        QCOMPARE(back.exchanges[1].responseBody, QByteArray("\xff\xfe\x00binary", 9));
    }

    void browserHarOfAnSpaLogin()
    {
        const QByteArray har = fixture(QStringLiteral("browser_spa_login.har"));
        QVERIFY(!har.isEmpty());
        Session s;
        QString error;
        QVERIFY2(sessionFromHar(har, s, &error), qPrintable(error));
        QCOMPARE(s.exchanges.size(), 10);
        QCOMPARE(s.profile.clientId, QStringLiteral("spa-client"));
        QCOMPARE(s.profile.issuer, QStringLiteral("http://localhost:3000"));
        QCOMPARE(s.redirectUri, QStringLiteral("http://localhost:8080/callback"));

        // Roles: discovery, the provider's pages in the front channel, the callback, the token call.
        QVERIFY(s.exchanges[2].role == ExchangeRole::Discovery);
        QVERIFY(s.exchanges[3].role == ExchangeRole::FrontChannel);
        QVERIFY(s.exchanges[6].role == ExchangeRole::FrontChannel);
        QVERIFY(s.exchanges[8].role == ExchangeRole::Callback);
        QVERIFY(s.exchanges[9].role == ExchangeRole::BackChannel);

        QList<StepKind> kinds;
        for (const Step &st : s.steps)
            kinds << st.kind;
        QVERIFY(kinds ==
                QList<StepKind>({StepKind::Discovery, StepKind::AuthorizationRequest, StepKind::Browser,
                                 StepKind::Callback, StepKind::TokenExchange, StepKind::Other}));
        QCOMPARE(s.steps[2].exchangeIds.size(), 4); // login page, favicon, login POST, redirect
        QCOMPARE(s.steps[5].exchangeIds, QStringList({QStringLiteral("h1"), QStringLiteral("h2")}));

        // The callback is checked against the state the authorization request sent.
        const Step *cb = stepOf(s, StepKind::Callback);
        QVERIFY(cb);
        QVERIFY2(cb->status == StepStatus::Succeeded, qPrintable(cb->error.message + cb->warnings.join(';')));
        const std::string checks = cb->details["checks"].dump();
        QVERIFY2(checks.find("\"state\"") != std::string::npos, checks.c_str());

        // The token call failed; the token form's redirect_uri has a trailing slash the
        // authorization request did not: the diagnosis says so.
        const Step *token = stepOf(s, StepKind::TokenExchange);
        QVERIFY(token && token->status == StepStatus::Failed);
        QCOMPARE(token->error.code, QStringLiteral("invalid_grant"));
        QVERIFY(s.outcome == Outcome::Failed);
        QStringList codes;
        for (const Finding &f : s.findings)
            codes << f.code;
        QVERIFY2(codes.contains(QStringLiteral("invalid_grant_redirect_uri_changed")),
                 qPrintable(codes.join(',')));

        // The code and verifier from the file are secrets: redacted in reports.
        const QByteArray md = renderReport(s, ReportFormat::Markdown);
        QVERIFY(!md.contains("pY4x7r0B8kq2HqPZ9dYJm3wV1cS6tN5uL0aE7fG2hI4"));
        QVERIFY(!md.contains("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    void callbackWithWrongState()
    {
        QByteArray har = fixture(QStringLiteral("browser_spa_login.har"));
        // Only the callback's copy of the state changes (the redirect's Location keeps it).
        const QByteArray callbackUrl = "\"url\": \"http://localhost:8080/callback?code=";
        const qsizetype at = har.indexOf(callbackUrl);
        QVERIFY(at > 0);
        const qsizetype state = har.indexOf("state=Zq3mT0b1Xk9vR2", at);
        har.replace(state, 20, "state=forged-by-else");
        Session s;
        QString error;
        QVERIFY2(sessionFromHar(har, s, &error), qPrintable(error));
        const Step *cb = stepOf(s, StepKind::Callback);
        QVERIFY(cb && cb->status == StepStatus::Failed);
        QCOMPARE(cb->error.code, QStringLiteral("state_mismatch"));
        QVERIFY(hasFinding(s, QStringLiteral("state_mismatch")));
    }

    void callbackThatDidNotLoadStillCounts()
    {
        // A native app's callback (custom scheme) or one the app took over: Chrome records the
        // request with status 0 and net::ERR_ABORTED; its parameters were still delivered.
        json har = json::parse(fixture(QStringLiteral("browser_spa_login.har")).toStdString());
        json &response = har["log"]["entries"][8]["response"];
        response["status"] = 0;
        response["_error"] = "net::ERR_ABORTED";
        Session s;
        QString error;
        QVERIFY2(sessionFromHarJson(har, s, &error), qPrintable(error));
        QVERIFY(s.exchanges[8].transportError == TransportError::Network);
        const Step *cb = stepOf(s, StepKind::Callback);
        QVERIFY(cb && cb->status == StepStatus::Succeeded);
    }

    void unparsableUrlSurvivesTheRoundTrip()
    {
        // Found by fuzz_har_import: a URL QUrl cannot parse (bad port) was exported as "", and
        // the HAR could not be read back.
        Session s = reportSample();
        s.exchanges[1].url = QStringLiteral("http://127.0.0.1:50+0/callback?code=x&state=st-1");
        ReportOptions unredacted;
        unredacted.redaction = RedactionMode::None;
        Session back;
        QString error;
        QVERIFY2(sessionFromHar(harExport(s, unredacted), back, &error), qPrintable(error));
        QCOMPARE(back.exchanges.size(), s.exchanges.size());
        QCOMPARE(back.exchanges[1].url, s.exchanges[1].url);
    }

    void looksLikeHarByContent()
    {
        QVERIFY(looksLikeHar(json::parse(R"({"log":{"entries":[]}})")));
        QVERIFY(!looksLikeHar(json::parse(R"({"format":"oauth-workbench-session","version":1})")));
        QVERIFY(!looksLikeHar(json::parse(R"([1,2])")));
        QVERIFY(!looksLikeHar(json::parse(R"({"log":{"entries":{}}})")));
    }

    void badInputIsRefusedPlainly_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("<html>") << QStringLiteral("not valid JSON");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
        QTest::newRow("session file")
            << QByteArray(R"({"format":"oauth-workbench-session"})") << QStringLiteral("no log.entries");
        QTest::newRow("no entries") << QByteArray(R"({"log":{"version":"1.2","entries":[]}})")
                                    << QStringLiteral("no entries");
        QTest::newRow("entry not object")
            << QByteArray(R"({"log":{"entries":[{"request":{"url":"http:\/\/a/"}},7]}})")
            << QStringLiteral("entry 2");
        QTest::newRow("no request") << QByteArray(R"({"log":{"entries":[{"response":{}}]}})")
                                    << QStringLiteral("entry 1 has no request");
        QTest::newRow("no url") << QByteArray(R"({"log":{"entries":[{"request":{"method":"GET"}}]}})")
                                << QStringLiteral("without a url");
    }
    void badInputIsRefusedPlainly()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const QString error = refusal(bytes);
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void oddTypesAreTolerated()
    {
        // Members of unexpected types (a browser extension's or a hand-edited file) are skipped.
        const QByteArray har =
            R"({"log":{"entries":[{"request":{"method":5,"url":"http:\/\/a/b?x=1","headers":{"a":1},
            "postData":[]},"response":{"status":"200","headers":[1,{"name":"X"}],"content":{"text":7,
            "encoding":"base64"}},"time":1e300,"startedDateTime":"yesterday","_tlsErrors":"none"},
            {"request":{"url":"http:\/\/a/c"},"response":{"status":-1,"content":{"size":-5}},"time":-3}]}})";
        Session s;
        QString error;
        QVERIFY2(sessionFromHar(har, s, &error), qPrintable(error));
        QCOMPARE(s.exchanges.size(), 2);
        QCOMPARE(s.exchanges[0].method, QStringLiteral("GET"));
        QCOMPARE(s.exchanges[0].status, 0);
        QCOMPARE(s.exchanges[0].responseHeaders.size(), 1);
        QCOMPARE(s.exchanges[1].durationMs, 0);
        QVERIFY(!s.exchanges[0].startedAt.isValid());
    }
};

QTEST_GUILESS_MAIN(TestHarImport)
#include "tst_harimport.moc"
