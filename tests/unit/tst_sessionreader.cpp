// SessionReader: a session file read without a document of the whole file gives the same
// session as parsing it whole and converting it, the same messages for files that are not JSON
// or nest too deep, and leaves a HAR document whole for the HAR import.
#include "report/ExchangeSplitter.h"
#include "report/HarImport.h"
#include "report/SessionJson.h"
#include "report/SessionReader.h"
#include "support/ReportSample.h"
#include "util/JsonDepth.h"
#include "util/JsonQt.h"

#include <QBuffer>
#include <QtTest>

using namespace wb;
using namespace wb::test;

namespace {
QByteArray fileOf(const nlohmann::json &j)
{
    return QByteArray::fromStdString(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string canonical(const Session &s)
{
    return sessionToJson(s, false).dump();
}

// The file as a device read in chunks of 1 MiB: a body crosses chunk boundaries.
bool readDevice(const QByteArray &bytes, SessionDocument &out, QString *error)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return readSessionDocument(buffer, out, error);
}

bool readBoth(const QByteArray &bytes, Session &whole, Session &streamed)
{
    QString e1, e2;
    const auto doc = parseJson(bytes, &e1);
    if (!doc || !sessionFromJson(*doc, whole, &e1))
        return false;
    SessionDocument read, readInChunks;
    Session chunked;
    if (!readDevice(bytes, readInChunks, &e2) || !sessionFromDocument(readInChunks, chunked, &e2))
        return false;
    return readSessionDocument(bytes, read, &e2) && sessionFromDocument(read, streamed, &e2) &&
           canonical(chunked) == canonical(streamed);
}

// What the splitter hands over for `text` fed in two pieces, cut at `at`.
struct Split {
    bool ok = false;
    std::vector<std::string> exchanges;
    std::string shell;
};
Split splitAt(const QByteArray &text, qsizetype at)
{
    Split out;
    ExchangeSplitter splitter(
        [&out](std::string &x) {
            out.exchanges.push_back(x);
            return true;
        },
        1 << 20);
    out.ok = splitter.feed(QByteArrayView(text).first(at)) &&
             splitter.feed(QByteArrayView(text).sliced(at)) && splitter.finish();
    out.shell = splitter.shell();
    return out;
}
} // namespace

class TestSessionReader : public QObject {
    Q_OBJECT
private slots:
    void sameSessionAsTheWholeDocument()
    {
        const QByteArray bytes = fileOf(sessionToJson(reportSample(), false));
        Session whole, streamed;
        QVERIFY(readBoth(bytes, whole, streamed));
        QVERIFY(streamed.exchanges.size() > 3);
        QCOMPARE(streamed.exchanges.size(), whole.exchanges.size());
        QCOMPARE(canonical(streamed), canonical(whole));
        QCOMPARE(streamed.exchanges.last().responseBody, reportSample().exchanges.last().responseBody);
    }
    void bodiesAcrossChunks()
    {
        Session s = reportSample();
        const QByteArray big = QByteArray(3 << 20, 'x') + "\"é\\" + QByteArray(1 << 20, 'y');
        s.exchanges[0].responseBody = big;
        Session whole, streamed;
        QVERIFY(readBoth(fileOf(sessionToJson(s, false)), whole, streamed));
        QCOMPARE(streamed.exchanges[0].responseBody, big);
        QCOMPARE(canonical(streamed), canonical(whole));
    }
    // Escapes and quotes at every place a chunk can end: the same pieces as the whole text.
    void splitterCutAtEveryByte()
    {
        // Written with ordinary literals: moc misreads raw strings full of quotes and backslashes.
        const QByteArray text =
            "{\"a\":\"q\\\"{[\",\"exchanges\" : [ {\"b\":\"\\\\\\\"x\\\\\",\"c\":[1,{\"d\":\"]}\"}]} ,"
            "{\"e\":\"\\u0041\\\\\"} ],\"z\":[\"\\\"\"]}";
        const Split whole = splitAt(text, text.size());
        QVERIFY(whole.ok);
        QCOMPARE(whole.exchanges.size(), std::size_t(2));
        QCOMPARE(whole.exchanges[1], std::string("{\"e\":\"\\u0041\\\\\"}"));
        QCOMPARE(whole.shell, std::string("{\"a\":\"q\\\"{[\",\"exchanges\" : [],\"z\":[\"\\\"\"]}"));
        for (qsizetype at = 0; at < text.size(); ++at) {
            const Split cut = splitAt(text, at);
            QVERIFY2(cut.ok && cut.exchanges == whole.exchanges && cut.shell == whole.shell,
                     qPrintable(QStringLiteral("cut at %1").arg(at)));
        }
    }
    void oddExchangesMembersAsInTheDocument()
    {
        auto j = sessionToJson(reportSample(), false);
        const nlohmann::json one = j["exchanges"][0], two = j["exchanges"][1];
        Session whole, streamed;

        // Not objects in the array: skipped by both.
        j["exchanges"] = nlohmann::json::array({5, one, "x", nullptr, two, nlohmann::json::array({one})});
        QVERIFY(readBoth(fileOf(j), whole, streamed));
        QCOMPARE(streamed.exchanges.size(), 2);
        QCOMPARE(canonical(streamed), canonical(whole));

        // An object instead of an array: its members are the exchanges, as before.
        j["exchanges"] = nlohmann::json::object({{"a", one}, {"b", two}});
        QVERIFY(readBoth(fileOf(j), whole, streamed));
        QCOMPARE(streamed.exchanges.size(), 2);
        QCOMPARE(canonical(streamed), canonical(whole));

        // A duplicate member: the last one counts, in the document as here.
        j.erase("exchanges");
        QByteArray bytes = fileOf(j);
        bytes.chop(1); // the closing brace
        const QByteArray oneText = QByteArray::fromStdString(one.dump());
        const QByteArray twoText = QByteArray::fromStdString(two.dump());
        bytes += ",\"exchanges\":[" + oneText + "," + oneText + "],\"exchanges\":[" + twoText + "]}";
        QVERIFY(readBoth(bytes, whole, streamed));
        QCOMPARE(streamed.exchanges.size(), 1);
        QCOMPARE(streamed.exchanges[0].id, two["id"].get<std::string>().c_str());
        QCOMPARE(canonical(streamed), canonical(whole));
    }
    void exchangesSimdjsonRefusesAsInTheDocument()
    {
        // Numbers simdjson does not take, an escaped "exchanges", escapes everywhere: the fast
        // reader hands these to nlohmann (per exchange, or the whole file) with the same result.
        QByteArray bytes = fileOf(sessionToJson(reportSample(), false));
        // Integers past 2^64: nlohmann reads them as floats, simdjson refuses them.
        bytes.replace("\"duration_ms\"", "\"duration_ms\":99999999999999999999,\"duration_ms\"");
        bytes.replace("\"started_at\"", "\"started_at\":18446744073709551616,\"started_at\"");
        Session whole, streamed;
        QVERIFY(readBoth(bytes, whole, streamed));
        QCOMPARE(streamed.exchanges.size(), whole.exchanges.size());
        QCOMPARE(canonical(streamed), canonical(whole));
        bytes.replace("\"exchanges\"", "\"exch\\u0061nges\"");
        QVERIFY(readBoth(bytes, whole, streamed));
        QVERIFY(streamed.exchanges.size() > 3);
        QCOMPARE(canonical(streamed), canonical(whole));
    }
    void misplacedCommaGivesTheParsersMessage()
    {
        QByteArray bytes = fileOf(sessionToJson(reportSample(), false));
        const qsizetype end = bytes.indexOf("\n  ]", bytes.indexOf("\"exchanges\"")); // fileOf indents by 2
        QVERIFY(end > 0);
        bytes.insert(end, ","); // after the last exchange
        QString expected, got;
        QVERIFY(!parseJson(bytes, &expected));
        SessionDocument doc;
        QVERIFY(!readDevice(bytes, doc, &got));
        QCOMPARE(got, expected);
        QVERIFY(doc.exchanges.isEmpty());
    }
    void notJsonGivesTheParsersMessage()
    {
        QByteArray bytes = fileOf(sessionToJson(reportSample(), false));
        bytes.chop(bytes.size() / 3); // cut inside the exchanges
        QString expected, got;
        QVERIFY(!parseJson(bytes, &expected));
        SessionDocument doc;
        QVERIFY(!readSessionDocument(bytes, doc, &got));
        QVERIFY(!got.isEmpty());
        QCOMPARE(got, expected);
        QVERIFY(doc.exchanges.isEmpty()); // nothing half-read is left behind
        got.clear();
        QVERIFY(!readDevice(bytes, doc, &got));
        QCOMPARE(got, expected);
        QVERIFY(doc.exchanges.isEmpty());
    }
    void nestingLimitAsParseJson()
    {
        const auto nested = [](int depth) {
            return "{\"format\":\"oauth-workbench-session\",\"version\":1,\"exchanges\":[{\"x\":" +
                   QByteArray(depth - 3, '[') + QByteArray(depth - 3, ']') + "}]}";
        };
        QString expected, got;
        SessionDocument doc;
        QVERIFY(!parseJson(nested(kMaxJsonDepth + 1), &expected));
        QVERIFY(!readSessionDocument(nested(kMaxJsonDepth + 1), doc, &got));
        QCOMPARE(got, expected);
        QVERIFY(got.contains(QStringLiteral("nested deeper")));
        got.clear();
        QVERIFY(!readDevice(nested(kMaxJsonDepth + 1), doc, &got));
        QCOMPARE(got, expected);
        QVERIFY(readDevice(nested(kMaxJsonDepth), doc, &got));
        QCOMPARE(doc.exchanges.size(), 1);
        QVERIFY(readSessionDocument(nested(kMaxJsonDepth), doc, &got));
        QCOMPARE(doc.exchanges.size(), 1);
    }
    void harStaysWhole()
    {
        const QByteArray har = R"({"log":{"version":"1.2","creator":{"name":"x","version":"1"},
            "entries":[{"request":{"method":"GET","url":"https://a.example/"}}],"exchanges":[{"id":"x"}]}})";
        SessionDocument doc;
        QString error;
        QVERIFY(readSessionDocument(har, doc, &error));
        QVERIFY(looksLikeHar(doc.json));
        QCOMPARE(doc.json, nlohmann::json::parse(har.toStdString()));
        QVERIFY(doc.exchanges.isEmpty()); // only the top level's "exchanges" are taken out
    }
    void notASessionFile()
    {
        SessionDocument doc;
        QString error;
        QVERIFY(readSessionDocument("[1,2,3]", doc, &error));
        Session out;
        QVERIFY(!sessionFromDocument(doc, out, &error));
        QVERIFY(error.contains(QStringLiteral("not an OAuth Workbench session")));
    }
};

QTEST_GUILESS_MAIN(TestSessionReader)
#include "tst_sessionreader.moc"
