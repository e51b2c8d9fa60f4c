// Report redaction across all five formats: no secret survives Standard or Full redaction, also
// for a reopened session that carries no list of secret values; JWTs keep header and claims in
// Standard mode only; None is an explicit opt-in that shows everything; every report says
// which mode produced it.
#include "report/ReportSupport.h"
#include "report/ReportWriter.h"
#include "report/SessionJson.h"
#include "support/ReportSample.h"

#include <QUrl>
#include <QtTest>

using namespace wb;
using namespace wb::test;

namespace {
const QList<ReportFormat> kFormats = {ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Har,
                                      ReportFormat::Json, ReportFormat::Curl};

// Every spelling a secret may take in a report: raw, percent- and form-encoded, JSON-escaped
// ('/' as "\/" is not produced by nlohmann, but '+' and '%' must be caught raw).
QList<QByteArray> spellings(const QString &secret)
{
    return {secret.toUtf8(), QUrl::toPercentEncoding(secret), secret.toHtmlEscaped().toUtf8()};
}

QString leak(const QByteArray &report, const QStringList &secrets)
{
    for (const QString &secret : secrets)
        for (const QByteArray &form : spellings(secret))
            if (report.contains(form))
                return secret;
    return {};
}
} // namespace

class TestReportRedaction : public QObject {
    Q_OBJECT
private slots:
    void formats_data()
    {
        QTest::addColumn<int>("format");
        for (ReportFormat f : kFormats)
            QTest::newRow(qPrintable(toString(f))) << int(f);
    }

    void noSecretInAnyStandardReport_data() { formats_data(); }
    void noSecretInAnyStandardReport()
    {
        QFETCH(int, format);
        const ReportSecrets k;
        for (const Session &s : {reportSample(k), reopened(reportSample(k))}) {
            const QByteArray out = renderReport(s, ReportFormat(format), {RedactionMode::Standard});
            QVERIFY(!out.isEmpty());
            QCOMPARE(leak(out, k.all()), QString());
            // Basic credentials never show, not even their tail.
            const QByteArray basic = ("client-1:" + QUrl::toPercentEncoding(k.clientSecret)).toBase64();
            QVERIFY(!out.contains(basic));
            QVERIFY(!out.contains(basic.right(8)));
            QVERIFY2(out.contains("Redaction: standard") || out.contains("\"redaction\": \"standard\""),
                     "the report names its redaction mode");
        }
    }

    void fullRedactionHidesJwtContents_data() { formats_data(); }
    void fullRedactionHidesJwtContents()
    {
        QFETCH(int, format);
        const ReportSecrets k;
        const QString headerAndClaims = k.idToken.section(QLatin1Char('.'), 0, 1);
        const QByteArray standard =
            renderReport(reportSample(k), ReportFormat(format), {RedactionMode::Standard});
        const QByteArray full =
            renderReport(reopened(reportSample(k)), ReportFormat(format), {RedactionMode::Full});
        QCOMPARE(leak(full, k.all()), QString());
        QVERIFY(!full.contains(headerAndClaims.toUtf8()));
        QVERIFY(full.contains("Redaction: full") || full.contains("\"redaction\": \"full\""));
        if (ReportFormat(format) != ReportFormat::Curl) // cURL shows requests; the ID token is in a response
            QVERIFY2(standard.contains(headerAndClaims.toUtf8()), "standard keeps the JWT header and claims");
    }

    void noneShowsSecrets_data() { formats_data(); }
    void noneShowsSecrets()
    {
        QFETCH(int, format);
        const ReportSecrets k;
        const QByteArray out = renderReport(reportSample(k), ReportFormat(format), {RedactionMode::None});
        QVERIFY(out.contains(k.refreshToken.toUtf8()));
        QVERIFY(out.contains(k.code.toUtf8()));
        QVERIFY(out.contains("Redaction: NONE") || out.contains("\"redaction\": \"none\""));
    }

    void maskKeepsLengthAndTail()
    {
        const ReportSecrets k;
        const Session r = report::redactedSession(reopened(reportSample(k)), RedactionMode::Standard);
        const QString masked = Redactor::mask(k.code);
        QCOMPARE(masked, QStringLiteral("[redacted %1 chars …%2]").arg(k.code.size()).arg(k.code.right(4)));
        QVERIFY(r.exchanges[1].url.contains(QStringLiteral("code=") + masked));
        QVERIFY(r.exchanges[1].url.contains(QStringLiteral("state=st-1"))); // state is no secret
        QVERIFY(r.tokens.idToken.endsWith(Redactor::mask(k.idTokenSignature)));
        QVERIFY(r.secretValues.isEmpty());
        QVERIFY(r.profile.clientSecret.isEmpty());
        // Two reports of the same session mask the same value the same way, with or without
        // the runtime list of secret values.
        const Session live = report::redactedSession(reportSample(k), RedactionMode::Standard);
        QCOMPARE(live.exchanges[3].requestBody, r.exchanges[3].requestBody);
    }

    void knownSecretsFoundStructurally()
    {
        const ReportSecrets k;
        const QStringList found = report::knownSecrets(reopened(reportSample(k)));
        for (const QString &v :
             {k.clientSecret, k.code, k.verifier, k.accessToken, k.refreshToken, k.idToken})
            QVERIFY2(found.contains(v), qPrintable(v));
        QVERIFY(!found.contains(QStringLiteral("st-1")));
    }

    // Secrets in bodies are read without a document of each body, in the order the document
    // would give them: members by name, of duplicate names the last, {"name","value"} pairs.
    void bodySecretsInDocumentOrder()
    {
        Session s;
        Exchange x;
        x.id = QStringLiteral("x1");
        x.responseBody =
            R"({"z_token":"ZZZZ-last","b":{"access_token":"BBBB-nested"},)"
            R"("a":[{"value":"VVVV-pair","name":"client_secret"},{"name":"scope","value":"openid"}],)"
            R"("refresh_token":"RRRR-dropped","refresh_token":"RRRR-kept",)"
            R"("id_token":"IIII-dropped","id_token":{"password":"PPPP-inner"}})";
        s.exchanges.append(x);
        QCOMPARE(report::knownSecrets(s),
                 (QStringList{QStringLiteral("VVVV-pair"), QStringLiteral("BBBB-nested"),
                              QStringLiteral("PPPP-inner"), QStringLiteral("RRRR-kept"),
                              QStringLiteral("ZZZZ-last")}));

        // Not JSON: a one-line form body is read as a form instead.
        s.exchanges[0].responseBody = "access_token=FFFF-form&x={";
        QCOMPARE(report::knownSecrets(s), QStringList{QStringLiteral("FFFF-form")});

        // Nested deeper than parseJson accepts: not JSON, as before.
        const auto nested = [](int depth) {
            return QByteArray(depth - 1, '[') + R"({"access_token":"DDDD-deep"})" +
                   QByteArray(depth - 1, ']');
        };
        s.exchanges[0].responseBody = nested(512);
        QCOMPARE(report::knownSecrets(s), QStringList{QStringLiteral("DDDD-deep")});
        s.exchanges[0].responseBody = nested(513);
        QVERIFY(report::knownSecrets(s).isEmpty());
    }

    void jsonReportReopens()
    {
        const ReportSecrets k;
        const QByteArray out = renderReport(reportSample(k), ReportFormat::Json, {RedactionMode::Standard});
        Session back;
        QString error;
        QVERIFY2(sessionFromJson(nlohmann::json::parse(out.toStdString()), back, &error), qPrintable(error));
        QCOMPARE(back.exchanges.size(), 4);
        QCOMPARE(back.steps.size(), 6);
        QVERIFY(back.tokens.refreshToken.startsWith(QStringLiteral("[redacted")));
        const auto j = nlohmann::json::parse(out.toStdString());
        QVERIFY(j["redacted"].get<bool>());
        QCOMPARE(QString::fromStdString(j["redaction"].get<std::string>()), QStringLiteral("standard"));
    }

    void curlReportParsesInAShell()
    {
        const QByteArray out = renderReport(reportSample(), ReportFormat::Curl, {RedactionMode::Standard});
        QVERIFY(out.startsWith("#!/bin/sh\n"));
        QCOMPARE(out.count("\ncurl "), 3); // discovery, token, refresh; not the callback
        QVERIFY(out.contains("--compressed"));
        QProcess sh;
        sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-n")});
        QVERIFY(sh.waitForStarted());
        sh.write(out);
        sh.closeWriteChannel();
        QVERIFY(sh.waitForFinished(10000));
        QCOMPARE(sh.exitCode(), 0);
        QCOMPARE(sh.readAllStandardError(), QByteArray());
    }

    void fileNamesAndFormats()
    {
        const QDateTime when = QDateTime::fromString(QStringLiteral("2026-03-04T05:06:00Z"), Qt::ISODate);
        QCOMPARE(suggestedReportFileName(reportSample(), ReportFormat::Har, when),
                 QStringLiteral("Example-IdP-2026-03-04-0506.har"));
        Session odd = reportSample();
        odd.profile.name = QStringLiteral("../../etc/passwd");
        QVERIFY(!suggestedReportFileName(odd, ReportFormat::Curl, when).contains(QLatin1Char('/')));
        ReportFormat f = ReportFormat::Markdown;
        QVERIFY(reportFormatFromFileName(QStringLiteral("a/b.HTML"), f) && f == ReportFormat::Html);
        QVERIFY(reportFormatFromFileName(QStringLiteral("x.sh"), f) && f == ReportFormat::Curl);
        QVERIFY(!reportFormatFromFileName(QStringLiteral("x.txt"), f));
        QVERIFY(parseReportFormat(QStringLiteral("markdown"), f) && f == ReportFormat::Markdown);
        QVERIFY(!parseReportFormat(QStringLiteral("pdf"), f));
    }
};

QTEST_APPLESS_MAIN(TestReportRedaction)
#include "tst_reportredaction.moc"
