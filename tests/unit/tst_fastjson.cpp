// FastJson and ExchangeSplitter, the fast way through session files and bodies: the splitter cuts
// a session file the same at any chunk size and gives up on anything unusual (the exact reader
// then decides); simdjson's documents equal nlohmann's, and what simdjson refuses is refused.
#include "report/ExchangeSplitter.h"
#include "report/SessionJson.h"
#include "support/ReportSample.h"
#include "util/FastJson.h"
#include "util/JsonDepth.h"
#include "util/JsonEscape.h"

#include <QtTest>
#include <random>

using namespace wb;
using json = nlohmann::json;

namespace {
struct Split {
    bool ok = false;
    std::vector<std::string> exchanges;
    std::string shell;
};

Split split(const QByteArray &bytes, qsizetype chunk, std::size_t maxShell = 1 << 20)
{
    Split out;
    ExchangeSplitter splitter(
        [&](std::string &text) {
            out.exchanges.emplace_back(text);
            return true;
        },
        maxShell);
    bool fed = true;
    for (qsizetype i = 0; fed && i < bytes.size(); i += chunk)
        fed = splitter.feed(QByteArrayView(bytes.constData() + i, std::min(chunk, bytes.size() - i)));
    out.ok = fed && splitter.finish();
    if (out.ok)
        out.shell = splitter.shell();
    return out;
}

QByteArray sampleFile()
{
    Session s = test::reportSample();
    // Quotes, backslashes and brackets inside bodies must not move the cuts.
    s.exchanges[0].responseBody = "{\"a\":\"x\\\"}]\",\"b\":\"\\\\\"} ] { [ \\\" \\\\";
    return QByteArray::fromStdString(sessionToJson(s, false).dump(1));
}
} // namespace

class TestFastJson : public QObject {
    Q_OBJECT
private slots:
    void splitsASessionFileAtAnyChunkSize()
    {
        const QByteArray bytes = sampleFile();
        json whole = json::parse(bytes.toStdString());
        const Split all = split(bytes, bytes.size());
        QVERIFY(all.ok);
        QCOMPARE(all.exchanges.size(), whole["exchanges"].size());
        for (std::size_t i = 0; i < all.exchanges.size(); ++i)
            QVERIFY(json::parse(all.exchanges[i]) == whole["exchanges"][i]);
        whole["exchanges"] = json::array();
        QVERIFY(json::parse(all.shell) == whole);
        for (const qsizetype chunk : {1, 2, 3, 7, 64, 4096}) {
            const Split pieces = split(bytes, chunk);
            QVERIFY2(pieces.ok, qPrintable(QString::number(chunk)));
            QVERIFY(pieces.exchanges == all.exchanges);
            QCOMPARE(pieces.shell, all.shell);
        }
    }
    void givesUpOnWhatIsUnusual()
    {
        const QByteArray head = R"({"format":"oauth-workbench-session","version":1,)";
        const QList<QByteArray> unusual = {
            head + R"("exchanges":[{"id":"a"},5]})",              // not an object
            head + R"("exchanges":[{"id":"a"}],"exchanges":[]})", // a second "exchanges"
            head + R"("exch\u0061nges":[{"id":"a"}]})",           // an escaped key
            head + R"("exchanges":[{"id":"a"},]})",               // a trailing comma
            head + R"("exchanges":[,{"id":"a"}]})",               // a leading comma
            head + R"("exchanges":[{"id":"a"}{"id":"b"}]})",      // no comma
            head + R"("exchanges":[{"id":"a"}])",                 // cut short
            head + R"("exchanges":[{"id":"a"}]}])",               // unbalanced afterwards
            head + R"("exchanges":[{"x":)" + QByteArray(kMaxJsonDepth, '[') + QByteArray(kMaxJsonDepth, ']') +
                "}]}", // nested too deep
        };
        for (const QByteArray &bytes : unusual) {
            QVERIFY2(!split(bytes, bytes.size()).ok, bytes.left(120).constData());
            QVERIFY2(!split(bytes, 3).ok, bytes.left(120).constData());
        }
        // The usual shape of the same files is taken.
        QVERIFY(split(head + R"("exchanges":[ {"id":"a"} , {"id":"b"} ]})", 5).ok);
        QVERIFY(split(head + R"("exchanges":[]})", 5).ok);
        QVERIFY(split(head + R"("exchanges":{"a":{"id":"a"}}})", 5).ok); // the shell keeps it
        // A shell larger than a session's (a HAR, say) is left to the exact reader.
        const QByteArray har = R"({"log":{"entries":[)" + QByteArray(4000, ' ') + "]}}";
        QVERIFY(!split(har, 1000, 2000).ok);
        QVERIFY(split(har, 1000, 8000).ok);
    }
    void simdjsonDocumentsEqualNlohmanns()
    {
        FastJsonParser parser;
        const std::vector<std::string> same = {
            "{\"a\":1,\"b\":-2,\"c\":1.5,\"d\":\"\\u00e9\\n\\t\\\"\",\"e\":[true,false,null],\"a\":3}",
            "18446744073709551615",
            "-0",
            R"({"x":{"y":[[],{}]},"\u0000k":"v\u0000"})",
            R"("\ud83d\ude00")",
            " [1e-7, 2.5e300, -9223372036854775808] ",
        };
        for (const std::string &text : same) {
            const auto fast = parser.parse(text);
            QVERIFY2(fast, text.c_str());
            const json exact = json::parse(text);
            QVERIFY2(*fast == exact, text.c_str());
            QCOMPARE(fast->dump(), exact.dump());
        }
        const std::vector<std::string> refused = {
            "1e400",                // out of range (nlohmann refuses it too)
            "18446744073709551616", // nlohmann takes it as a float: the callers ask nlohmann
            "\xEF\xBB\xBF{}",       // a byte-order mark, which nlohmann skips
            R"("\udc00")",
            "[1,]",
            "{\"a\":\"\xC0\xAF\"}",
            std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']'),
        };
        for (const std::string &text : refused)
            QVERIFY2(!parser.parse(text), text.substr(0, 40).c_str());
        const std::string deepest = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
        QVERIFY(parser.parse(deepest));
        QVERIFY(!jsonNestedDeeperThan(QByteArray::fromStdString(deepest)));
    }
    void escapedAsNlohmannDumps()
    {
        std::string all;
        for (int c = 1; c < 0x80; ++c)
            all += char(c);
        const std::vector<std::string> texts = {"",
                                                all,
                                                std::string("nul\0in", 6),
                                                "caf\xC3\xA9 \xF0\x9F\x98\x80",
                                                "\\\"\\\"",
                                                "\xEF\xBB\xBF bom",
                                                std::string(3000, '"')};
        for (const std::string &t : texts) {
            std::string out = "x";
            appendJsonString(out, t);
            QCOMPARE(out, "x" + json(t).dump());
        }
        // Random texts, so escapes fall at every place of the 8-byte blocks.
        const std::vector<std::string> pieces = {"a",    "\"",   "\\",       "\n", "\x01",
                                                 "\x1f", "\x7f", "\xC3\xA9", "/",  "bcdefgh"};
        std::mt19937 rng(7);
        for (int round = 0; round < 3000; ++round) {
            std::string t;
            for (int n = int(rng() % 40); n > 0; --n)
                t += pieces[rng() % pieces.size()];
            std::string out;
            appendJsonString(out, t);
            QCOMPARE(out, json(t).dump());
        }
    }
    void utf8CheckAgreesWithQString()
    {
        const QList<QByteArray> samples = {
            "",
            "plain",
            "caf\xC3\xA9",
            "\xEF\xBB\xBFwith a mark",
            "\xEF\xBF\xBE",
            "\xF0\x9F\x98\x80",
            QByteArray("nul\0inside", 10),
            "\xC0\xAF",
            "\xED\xA0\x80",
            "\xE2\x82",
            "\xF4\x90\x80\x80",
            "\xFF",
            "ok then \x80",
        };
        for (const QByteArray &b : samples)
            QVERIFY2(isValidUtf8(b) == (QString::fromUtf8(b).toUtf8() == b), b.toHex().constData());
    }
};

QTEST_GUILESS_MAIN(TestFastJson)
#include "tst_fastjson.moc"
