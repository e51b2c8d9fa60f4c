// HAR export: HAR 1.2 structure (log, creator, pages, entries with request, response, cache,
// timings), every exchange including the loopback callback, query strings, post data params,
// cookies, response content and the _ custom fields; secrets redacted.
#include "report/HarExport.h"
#include "support/ReportSample.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QtTest>

using namespace wb;
using namespace wb::test;
using json = nlohmann::json;

namespace {
json find(const json &arr, const std::string &name)
{
    for (const auto &e : arr)
        if (e.value("name", "") == name)
            return e;
    return nullptr;
}
} // namespace

class TestHarExport : public QObject {
    Q_OBJECT
private slots:
    void structure()
    {
        const json har = json::parse(harExport(reportSample()).toStdString());
        const json &log = har["log"];
        QCOMPARE(log["version"].get<std::string>(), std::string("1.2"));
        QCOMPARE(log["creator"]["name"].get<std::string>(), std::string("OAuth Workbench"));
        QCOMPARE(log["creator"]["version"].get<std::string>(), std::string("0.9.0"));
        QCOMPARE(log["pages"].size(), size_t(1));
        QCOMPARE(log["_redaction"].get<std::string>(), std::string("standard"));
        QVERIFY(QString::fromStdString(log["comment"].get<std::string>())
                    .startsWith(QStringLiteral("Redaction: standard")));
        QCOMPARE(log["entries"].size(), size_t(4));
        static const QRegularExpression iso(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
        for (const json &e : log["entries"]) {
            for (const char *k :
                 {"startedDateTime", "time", "request", "response", "cache", "timings", "pageref"})
                QVERIFY2(e.contains(k), k);
            QVERIFY(iso.match(QString::fromStdString(e["startedDateTime"].get<std::string>())).hasMatch());
            const json &t = e["timings"];
            qint64 sum = 0;
            for (const char *k : {"blocked", "dns", "connect", "send", "wait", "receive"})
                sum += std::max<qint64>(0, t[k].get<qint64>());
            QCOMPARE(sum, e["time"].get<qint64>());
            for (const char *k : {"method", "url", "httpVersion", "cookies", "headers", "queryString",
                                  "headersSize", "bodySize"})
                QVERIFY2(e["request"].contains(k), k);
            for (const char *k : {"status", "statusText", "httpVersion", "cookies", "headers", "content",
                                  "redirectURL", "headersSize", "bodySize"})
                QVERIFY2(e["response"].contains(k), k);
            QVERIFY(e["response"]["content"].contains("size"));
            QVERIFY(e["response"]["content"].contains("mimeType"));
            QVERIFY(e.contains("_stepId"));
            QVERIFY(e.contains("_role"));
        }
    }

    void writtenEntryByEntryAsOneDocument()
    {
        // harExport writes the entries one by one; the text must be exactly the document's.
        const auto expected = [](const Session &s, const ReportOptions &o) {
            return QByteArray::fromStdString(
                       harDocument(s, o).dump(2, ' ', false, json::error_handler_t::replace)) +
                   '\n';
        };
        ReportOptions unredacted;
        unredacted.redaction = RedactionMode::None;
        const Session sample = reportSample();
        QVERIFY(sample.exchanges.size() > 2);
        QCOMPARE(harExport(sample), expected(sample, {}));
        QCOMPARE(harExport(sample, unredacted), expected(sample, unredacted));
        Session empty = sample;
        empty.exchanges.clear();
        for (Step &st : empty.steps)
            st.exchangeIds.clear();
        QCOMPARE(harExport(empty), expected(empty, {}));
        QVERIFY(harExport(empty).contains("\"entries\": []"));

        // Bodies are escaped straight into the output: every kind of character that JSON
        // escapes, text that looks like a placeholder, and bodies that are not UTF-8.
        Session odd = sample;
        QByteArray controls;
        for (int c = 0; c < 0x20; ++c)
            controls += char(c);
        odd.exchanges[0].responseBody = controls + "\"\\/\x7F caf\xC3\xA9 \xF0\x9F\x98\x80 \\u0001x1\\u0001";
        odd.exchanges[0].requestBody = "a=\x01&b=\"\\";
        odd.exchanges[1].responseBody = "\xEF\xBB\xBF{\"bom\":1}";
        odd.exchanges[2].responseBody = "\xFF\xFE not text";
        odd.exchanges[2].requestBody = "\xC0\xAF=x";
        QCOMPARE(harExport(odd, unredacted), expected(odd, unredacted));
        QCOMPARE(harExport(odd), expected(odd, {}));

        // Every optional member, in the text written member by member in nlohmann's order:
        // cookie attributes (one named twice), TLS errors, no response, a cut body, no step.
        Session full = sample;
        Exchange &cookies = full.exchanges[0];
        cookies.responseHeaders.append(
            HttpHeader{"Set-Cookie", "sid=abc; Path=/a; Domain=idp.test; Path=/b; Secure; HttpOnly; "
                                     "Expires=Wed, 21 Oct 2026 07:28:00 GMT; SameSite=Lax"});
        cookies.responseHeaders.append(HttpHeader{"Set-Cookie", "bare=1"});
        cookies.requestHeaders.append(HttpHeader{"Cookie", "a=1; b=2"});
        cookies.tlsErrors = {QStringLiteral("self-signed certificate"), QStringLiteral("host name mismatch")};
        cookies.responseTruncated = true;
        Exchange &failed = full.exchanges[1];
        failed.status = 0;
        failed.reason.clear();
        failed.responseHeaders.clear();
        failed.responseBody.clear();
        failed.transportError = TransportError::Timeout;
        failed.errorMessage = QStringLiteral("timed out after 30 s");
        full.exchanges[2].peer = QStringLiteral("[2001:db8::1]:443");
        for (Step &st : full.steps)
            st.exchangeIds.removeAll(full.exchanges[2].id);
        QCOMPARE(harExport(full, unredacted), expected(full, unredacted));
        QCOMPARE(harExport(full), expected(full, {}));
        const json entry = json::parse(harExport(full, unredacted).toStdString())["log"]["entries"][0];
        QCOMPARE(entry["response"]["cookies"].size(), std::size_t(2));
        QCOMPARE(entry["response"]["cookies"][0]["path"].get<std::string>(), std::string("/b"));
        QVERIFY(entry["response"]["cookies"][0]["httpOnly"].get<bool>());
        QCOMPARE(entry["_tlsErrors"].size(), std::size_t(2));

        // Written into a device (report files, stdout): the same text.
        for (const Session &s : {sample, empty}) {
            QBuffer device;
            device.open(QIODevice::WriteOnly);
            QVERIFY(harExport(s, {}, device));
            QCOMPARE(device.data(), expected(s, {}));
        }
        QBuffer closed; // not open: every write fails
        QVERIFY(!harExport(sample, {}, closed));
    }
    void callbackAndTokenEntries()
    {
        const ReportSecrets k;
        const json entries = harDocument(reopened(reportSample(k)))["log"]["entries"];
        const json &cb = entries[1];
        QCOMPARE(cb["_role"].get<std::string>(), std::string("callback"));
        QCOMPARE(cb["_stepId"].get<std::string>(), std::string("s4"));
        const json code = find(cb["request"]["queryString"], "code");
        QVERIFY(code.is_object());
        QCOMPARE(QString::fromStdString(code["value"].get<std::string>()), Redactor::mask(k.code));
        QCOMPARE(find(cb["request"]["queryString"], "state")["value"].get<std::string>(),
                 std::string("st-1"));
        QCOMPARE(find(cb["request"]["cookies"], "theme")["name"].get<std::string>(), std::string("theme"));
        QVERIFY(cb.find("serverIPAddress") == cb.end()); // the loopback peer is the browser

        const json &token = entries[2];
        QCOMPARE(token["request"]["method"].get<std::string>(), std::string("POST"));
        const json &post = token["request"]["postData"];
        QCOMPARE(post["mimeType"].get<std::string>(), std::string("application/x-www-form-urlencoded"));
        QCOMPARE(find(post["params"], "grant_type")["value"].get<std::string>(),
                 std::string("authorization_code"));
        QVERIFY(QString::fromStdString(find(post["params"], "code_verifier")["value"].get<std::string>())
                    .startsWith(QStringLiteral("[redacted")));
        const json cookie = find(token["response"]["cookies"], "_interaction");
        QVERIFY(cookie["httpOnly"].get<bool>());
        QVERIFY(cookie["secure"].get<bool>());
        QCOMPARE(cookie["path"].get<std::string>(), std::string("/"));
        QVERIFY(QString::fromStdString(cookie["value"].get<std::string>())
                    .startsWith(QStringLiteral("[redacted")));
        const json &content = token["response"]["content"];
        QCOMPARE(content["mimeType"].get<std::string>(), std::string("application/json"));
        const json body = json::parse(content["text"].get<std::string>());
        QVERIFY(QString::fromStdString(body["access_token"].get<std::string>())
                    .startsWith(QStringLiteral("[redacted")));
        QVERIFY(QString::fromStdString(body["id_token"].get<std::string>())
                    .startsWith(k.idToken.section('.', 0, 1)));

        const json &disco = entries[0];
        QCOMPARE(disco["serverIPAddress"].get<std::string>(), std::string("192.0.2.10"));
        QCOMPARE(disco["response"]["content"]["size"].get<qint64>(),
                 qint64(reportSample().exchanges[0].responseSize));
        const std::string dump = entries.dump();
        QVERIFY(dump.find(k.code.toStdString()) == std::string::npos);
        QVERIFY(dump.find(k.refreshToken.toStdString()) == std::string::npos);
    }

    void failedExchangeWithoutResponse()
    {
        Session s = reportSample();
        s.exchanges[3].status = 0;
        s.exchanges[3].reason.clear();
        s.exchanges[3].responseHeaders.clear();
        s.exchanges[3].responseBody.clear();
        s.exchanges[3].transportError = TransportError::Timeout;
        s.exchanges[3].errorMessage = QStringLiteral("timed out after 30 s");
        s.exchanges[3].startedAt = QDateTime();
        const json e = harDocument(s)["log"]["entries"][3];
        QCOMPARE(e["response"]["status"].get<int>(), 0);
        QCOMPARE(e["response"]["bodySize"].get<int>(), -1);
        QCOMPARE(e["response"]["_error"].get<std::string>(), std::string("timed out after 30 s"));
        QCOMPARE(e["startedDateTime"].get<std::string>(), std::string("2026-01-02T03:04:05.678Z"));
    }
};

QTEST_APPLESS_MAIN(TestHarExport)
#include "tst_harexport.moc"
