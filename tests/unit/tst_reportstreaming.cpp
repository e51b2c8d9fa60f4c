// The JSON and cURL reports are written exchange by exchange; their text must be exactly what the
// whole-document versions gave: sessionToJson of the redacted session dumped at once, and the
// script built as one string. Sessions with non-UTF-8 bodies and headers and secrets everywhere.

#include "report/CurlExport.h"
#include "report/ReportSupport.h"
#include "report/ReportWriter.h"
#include "report/SessionJson.h"
#include "support/ReportSample.h"

#include <QBuffer>
#include <QtTest>

using namespace wb;
using namespace wb::test;
using json = nlohmann::json;

namespace {

// The report sample plus exchanges whose bodies and headers are not UTF-8, with secrets in them.
Session sampleWithBinary(const ReportSecrets &k = {})
{
    Session s = reportSample(k);
    const QDateTime t = s.startedAt.addSecs(5);
    Exchange bin = sampleExchange(QStringLiteral("x5"), ExchangeRole::BackChannel, QStringLiteral("POST"),
                                  QStringLiteral("https://idp.example/userinfo"), 200, t);
    bin.requestHeaders = {{"Authorization", "Bearer " + k.accessToken.toUtf8()}, {"X-Raw", "caf\xe9 \xff"}};
    bin.requestBody = QByteArray("\x00\x01\xfe token=", 9) + k.accessToken.toUtf8() + "\xc3\x28";
    bin.responseHeaders = {{"Content-Type", "application/octet-stream"}, {"X-Bad\xc0", "v\x80"}};
    bin.responseBody = QByteArray("\x89PNG\r\n\x1a\n\x00\x00", 10) + k.refreshToken.toUtf8() + "\xff\xfe";
    bin.responseSize = bin.responseBody.size();
    Exchange utf8 =
        sampleExchange(QStringLiteral("x6"), ExchangeRole::Discovery, QStringLiteral("GET"),
                       QStringLiteral("https://idp.example/jwks?kid=\u00e9\u20ac"), 200, t.addSecs(1));
    utf8.responseHeaders = {{"Content-Type", "application/json"}};
    utf8.responseBody = "{\"keys\":[],\"note\":\"gr\xc3\xbc\xc3\x9f"
                        "e \xf0\x9f\x94\x91 \\\"quoted\\\" \\n\"}";
    Exchange failed = sampleExchange(QStringLiteral("x7"), ExchangeRole::BackChannel, QStringLiteral("POST"),
                                     QStringLiteral("https://idp.example/token"), 0, t.addSecs(2));
    failed.requestBody = "grant_type=refresh_token&refresh_token=" + k.refreshToken.toUtf8();
    failed.transportError = TransportError::Timeout;
    failed.errorMessage = QStringLiteral("no answer\nwithin 30 s");
    s.exchanges << bin << utf8 << failed;
    s.steps.last().exchangeIds << bin.id << failed.id;
    return s;
}

Session withoutExchanges(Session s)
{
    s.exchanges.clear();
    for (Step &st : s.steps)
        st.exchangeIds.clear();
    return s;
}

// The JSON report as it was made before: the whole redacted session in one document.
QByteArray jsonReportWhole(const Session &session, RedactionMode mode)
{
    const Session s = report::redactedSession(session, mode);
    json j = sessionToJson(s, false);
    j["redacted"] = mode != RedactionMode::None;
    j["redaction"] = toString(mode).toStdString();
    return QByteArray::fromStdString(j.dump(2, ' ', false, json::error_handler_t::replace)) + '\n';
}

// The cURL report as it was made before: one UTF-16 string, converted at the end.
QByteArray curlReportWhole(const Session &session, RedactionMode mode)
{
    const Session s = report::redactedSession(session, mode);
    const Redactor none({}, RedactionMode::None);
    QString out =
        QStringLiteral("#!/bin/sh\n"
                       "# OAuth Workbench %1: the back-channel requests of session %2 as curl commands.\n"
                       "# Provider: %3, client: %4, outcome: %5.\n# %6\n")
            .arg(s.appVersion.simplified(), s.id.simplified(), report::providerLabel(s).simplified(),
                 s.profile.clientId.simplified(), toString(s.outcome), report::redactionStatement(mode));
    int n = 0;
    for (const Exchange &x : s.exchanges) {
        if (x.role != ExchangeRole::BackChannel && x.role != ExchangeRole::Discovery)
            continue;
        const Step *st = report::stepOfExchange(s, x.id);
        const QString answer = x.hasResponse()
                                   ? QStringLiteral("%1 %2").arg(x.status).arg(x.reason)
                                   : QStringLiteral("no response (%1)").arg(toString(x.transportError));
        QString comment =
            QStringLiteral("%1%2: recorded answer %3")
                .arg(x.id, st ? QStringLiteral(" (%1 %2)").arg(st->id, st->title) : QString(), answer);
        comment.replace(QLatin1Char('\n'), QLatin1Char(' '));
        out += QStringLiteral("\n# %1\n%2\n").arg(comment, curlCommand(x, none));
        ++n;
    }
    if (n == 0)
        out += QStringLiteral("\n# No back-channel requests were recorded.\n");
    return out.toUtf8();
}

QByteArray written(const Session &s, ReportFormat format, RedactionMode mode, bool *ok)
{
    QBuffer device;
    device.open(QIODevice::WriteOnly);
    *ok = writeReport(s, format, {mode}, device);
    return device.data();
}

const RedactionMode kModes[] = {RedactionMode::Standard, RedactionMode::Full, RedactionMode::None};

} // namespace

// Covers the streamed JSON and cURL reports against their whole-document forms.
class TestReportStreaming : public QObject {
    Q_OBJECT
private slots:
    void jsonReportWrittenExchangeByExchange();
    void jsonReportHidesTheSecrets();
    void sessionJsonWrittenExchangeByExchange();
    void curlReportWrittenCommandByCommand();
    void failedWritesAreReported();
    void longReportFileAsRendered();
};

void TestReportStreaming::jsonReportWrittenExchangeByExchange()
{
    const Session sample = sampleWithBinary();
    QVERIFY(sample.exchanges.size() >= 7);
    for (const Session &s : {sample, withoutExchanges(sample), reopened(sample)}) {
        for (const RedactionMode mode : kModes) {
            const QByteArray whole = jsonReportWhole(s, mode);
            QCOMPARE(sessionJsonReport(s, {mode}), whole);
            QCOMPARE(renderReport(s, ReportFormat::Json, {mode}), whole);
            bool ok = false;
            QCOMPARE(written(s, ReportFormat::Json, mode, &ok), whole);
            QVERIFY(ok);
        }
    }
    // Not vacuous: the sample's binary bodies are there as base64, its invalid header bytes as
    // U+FFFD, and the empty session's array is written empty.
    const QByteArray text = sessionJsonReport(sample, {RedactionMode::None});
    QVERIFY(text.contains("\"body_encoding\": \"base64\""));
    QVERIFY(text.contains("caf\xef\xbf\xbd"));
    QVERIFY(text.contains("\n  \"exchanges\": [\n    {\n      \"duration_ms\""));
    QVERIFY(sessionJsonReport(withoutExchanges(sample)).contains("\n  \"exchanges\": [],\n"));
    Session back;
    QString error;
    QVERIFY2(sessionFromJson(json::parse(text.toStdString()), back, &error), qPrintable(error));
    QCOMPARE(back.exchanges.size(), sample.exchanges.size());
    for (qsizetype i = 0; i < sample.exchanges.size(); ++i) {
        QCOMPARE(back.exchanges.at(i).requestBody, sample.exchanges.at(i).requestBody);
        QCOMPARE(back.exchanges.at(i).responseBody, sample.exchanges.at(i).responseBody);
    }
}

void TestReportStreaming::jsonReportHidesTheSecrets()
{
    const ReportSecrets k;
    for (const Session &s : {sampleWithBinary(k), reopened(sampleWithBinary(k))}) {
        const QByteArray text = sessionJsonReport(s, {RedactionMode::Standard});
        for (const QString &secret : k.all())
            QVERIFY2(!text.contains(secret.toUtf8()), qPrintable(secret));
        // The binary bodies' tokens are masked before base64: decode them to look.
        Session back;
        QVERIFY(sessionFromJson(json::parse(text.toStdString()), back, nullptr));
        const Exchange *bin = back.exchange(QStringLiteral("x5"));
        QVERIFY(bin);
        QVERIFY(!bin->requestBody.contains(k.accessToken.toUtf8()));
        QVERIFY(!bin->responseBody.contains(k.refreshToken.toUtf8()));
        QVERIFY(bin->responseBody.contains("[redacted"));
        QVERIFY(bin->responseBody.startsWith(QByteArray("\x89PNG\r\n\x1a\n\x00\x00", 10)));
    }
}

void TestReportStreaming::sessionJsonWrittenExchangeByExchange()
{
    const Session sample = sampleWithBinary();
    for (const Session &s : {sample, withoutExchanges(sample)}) {
        for (const bool redact : {true, false}) {
            QBuffer device;
            device.open(QIODevice::WriteOnly);
            QVERIFY(writeSessionJson(s, redact, device));
            QCOMPARE(device.data(), QByteArray::fromStdString(sessionToJson(s, redact).dump(
                                        2, ' ', false, json::error_handler_t::replace)) +
                                        '\n');
        }
    }
    // A document without the session's "exchanges" member has nowhere to put them.
    QVERIFY(!writeSessionDocument(
        json{{"steps", json::array()}}, 1, [](qsizetype) { return json::object(); },
        [](const char *, qsizetype) { return true; }));
}

void TestReportStreaming::curlReportWrittenCommandByCommand()
{
    const Session sample = sampleWithBinary();
    for (const Session &s : {sample, withoutExchanges(sample), reopened(sample)}) {
        for (const RedactionMode mode : kModes) {
            const QByteArray whole = curlReportWhole(s, mode);
            QCOMPARE(curlReport(s, {mode}), whole);
            bool ok = false;
            QCOMPARE(written(s, ReportFormat::Curl, mode, &ok), whole);
            QVERIFY(ok);
        }
    }
    QVERIFY(curlReport(withoutExchanges(sample)).endsWith("\n# No back-channel requests were recorded.\n"));
    QCOMPARE(curlReport(sample).count("\ncurl "), 6); // everything but the callback
}

void TestReportStreaming::failedWritesAreReported()
{
    const Session sample = sampleWithBinary();
    for (const ReportFormat format : {ReportFormat::Json, ReportFormat::Curl}) {
        QBuffer closed; // not open: every write fails
        QVERIFY(!writeReport(sample, format, {}, closed));
    }
}

// A report file of several write-back steps (8 MiB each), from a session long enough that the
// redaction is freed on a worker: the file holds exactly the rendered report.
void TestReportStreaming::longReportFileAsRendered()
{
    ReportSecrets k;
    Session s = sampleWithBinary(k);
    const Exchange model = s.exchanges.at(1);
    for (int i = 0; i < 700; ++i) {
        Exchange x = model;
        x.id = QStringLiteral("long%1").arg(i);
        x.responseBody = QByteArray(16 << 10, char('a' + i % 26)) + k.accessToken.toUtf8();
        s.exchanges.append(x);
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const ReportFormat format : {ReportFormat::Json, ReportFormat::Har}) {
        const QString path = dir.filePath(QStringLiteral("report.") + fileExtension(format));
        QString error;
        QVERIFY2(writeReportFile(path, s, format, {}, &error), qPrintable(error));
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray expected = renderReport(s, format, {});
        QVERIFY(expected.size() > (10 << 20));
        QVERIFY(!expected.contains(k.accessToken.toUtf8()));
        QVERIFY(written.readAll() == expected);
    }
}

QTEST_GUILESS_MAIN(TestReportStreaming)
#include "tst_reportstreaming.moc"
