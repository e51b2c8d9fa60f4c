// ExchangeFromDom, checked against the nlohmann way it replaces: the same Exchange as
// exchangeFromJson, for every exchange of the session files of the tests (the fuzz corpus, the
// report sample) and for thousands of generated odd ones (members missing, of the wrong type, null,
// duplicated, escaped names, large numbers, unicode, headers that are not pairs, bodies in each encoding).
#include "report/ExchangeFromDom.h"
#include "report/SessionJson.h"
#include "support/JsonTextNode.h"
#include "support/SessionFileSamples.h"
#include "util/FastJson.h"

#include <QtTest>
#include <random>

using namespace wb;
using namespace wb::test;
using json = nlohmann::json;

namespace {

// Every difference between two exchanges, null-ness of strings and bytes included.
QString differences(const Exchange &a, const Exchange &b)
{
    QStringList d;
    const auto str = [&](const char *name, const QString &x, const QString &y) {
        if (x != y || x.isNull() != y.isNull())
            d << QStringLiteral("%1: '%2' vs '%3'").arg(QLatin1String(name), x, y);
    };
    const auto bytes = [&](const char *name, const QByteArray &x, const QByteArray &y) {
        if (x != y || x.isNull() != y.isNull())
            d << QStringLiteral("%1: %2 vs %3")
                     .arg(QLatin1String(name), QString::fromLatin1(x.toHex()),
                          QString::fromLatin1(y.toHex()));
    };
    const auto headers = [&](const char *name, const HttpHeaders &x, const HttpHeaders &y) {
        bool same = x.size() == y.size();
        for (qsizetype i = 0; same && i < x.size(); ++i)
            same = x[i] == y[i] && x[i].name.isNull() == y[i].name.isNull() &&
                   x[i].value.isNull() == y[i].value.isNull();
        if (!same)
            d << QStringLiteral("%1: %2 vs %3 headers").arg(QLatin1String(name)).arg(x.size()).arg(y.size());
    };
    const auto number = [&](const char *name, qint64 x, qint64 y) {
        if (x != y)
            d << QStringLiteral("%1: %2 vs %3").arg(QLatin1String(name)).arg(x).arg(y);
    };
    str("id", a.id, b.id);
    number("role", qint64(a.role), qint64(b.role));
    str("method", a.method, b.method);
    str("url", a.url, b.url);
    str("httpVersion", a.httpVersion, b.httpVersion);
    headers("requestHeaders", a.requestHeaders, b.requestHeaders);
    bytes("requestBody", a.requestBody, b.requestBody);
    number("status", a.status, b.status);
    str("reason", a.reason, b.reason);
    headers("responseHeaders", a.responseHeaders, b.responseHeaders);
    bytes("responseBody", a.responseBody, b.responseBody);
    number("responseTruncated", a.responseTruncated, b.responseTruncated);
    number("responseSize", a.responseSize, b.responseSize);
    if (a.startedAt != b.startedAt || a.startedAt.isValid() != b.startedAt.isValid() ||
        a.startedAt.timeSpec() != b.startedAt.timeSpec())
        d << QStringLiteral("startedAt: %1 vs %2")
                 .arg(a.startedAt.toString(Qt::ISODateWithMs), b.startedAt.toString(Qt::ISODateWithMs));
    number("durationMs", a.durationMs, b.durationMs);
    number("transportError", qint64(a.transportError), qint64(b.transportError));
    str("errorMessage", a.errorMessage, b.errorMessage);
    if (a.tlsErrors != b.tlsErrors)
        d << QStringLiteral("tlsErrors: %1 vs %2").arg(a.tlsErrors.join('|'), b.tlsErrors.join('|'));
    if (a.tlsCertificate != b.tlsCertificate)
        d << QStringLiteral("tlsCertificate: %1 vs %2")
                 .arg(a.tlsCertificate.join('|'), b.tlsCertificate.join('|'));
    str("tlsTrustedByPin", a.tlsTrustedByPin, b.tlsTrustedByPin);
    str("peer", a.peer, b.peer);
    return d.join(QStringLiteral("; "));
}

// The outcome of one text by each way: simdjson's document read directly, and the nlohmann
// document (converted from simdjson's) read by exchangeFromJson; exceptions as their message.
struct Result {
    bool refused = false; // by simdjson
    std::optional<Exchange> exchange;
    QString thrown;
};

Result direct(FastJsonParser &parser, const std::string &t)
{
    Result o;
    try {
        o.exchange = exchangeFromText(parser, t);
        o.refused = !o.exchange;
    } catch (const std::exception &e) {
        o.thrown = QString::fromUtf8(e.what());
    }
    return o;
}

Result viaNlohmann(FastJsonParser &parser, const std::string &t)
{
    Result o;
    const std::optional<json> doc = parser.parse(t);
    o.refused = !doc;
    if (doc) {
        try {
            o.exchange = exchangeFromJson(*doc);
        } catch (const std::exception &e) {
            o.thrown = QString::fromUtf8(e.what());
        }
    }
    return o;
}

// Empty when both ways agree on `t`.
QString compare(FastJsonParser &parser, const std::string &t)
{
    const Result a = direct(parser, t), b = viaNlohmann(parser, t);
    if (a.refused != b.refused)
        return QStringLiteral("refused %1 vs %2").arg(a.refused).arg(b.refused);
    if (a.thrown != b.thrown)
        return QStringLiteral("thrown '%1' vs '%2'").arg(a.thrown, b.thrown);
    if (a.exchange && b.exchange)
        return differences(*a.exchange, *b.exchange);
    return {};
}

// Scalars and small containers of every kind a member could wrongly hold.
std::string randomScalar(std::mt19937 &rng)
{
    static const std::vector<std::string> scalars = {"null",
                                                     "true",
                                                     "false",
                                                     "0",
                                                     "-0",
                                                     "1",
                                                     "-1",
                                                     "200",
                                                     "404",
                                                     "2147483647",
                                                     "2147483648",
                                                     "-2147483649",
                                                     "4294967296",
                                                     "4294967496",
                                                     "9007199254740992",
                                                     "9007199254740993",
                                                     "-9007199254740993",
                                                     "9223372036854775807",
                                                     "-9223372036854775808",
                                                     "9223372036854775808",
                                                     "18446744073709551615",
                                                     "18446744073709551616",
                                                     "1.5",
                                                     "-2.75",
                                                     "1e3",
                                                     "1E-7",
                                                     "-0.0",
                                                     "1e300",
                                                     "-1e300",
                                                     "9.007199254740993e15",
                                                     "123456789012345678901234567890",
                                                     "\"\"",
                                                     "\"x3\"",
                                                     "\"GET\"",
                                                     "\"base64\"",
                                                     "\"utf8\"",
                                                     "\"BASE64\"",
                                                     "\"base64 \"",
                                                     "\"aGVsbG8gd29ybGQ=\"",
                                                     "\"aGVsbG8\"",
                                                     "\"!!not base64!!\"",
                                                     "\"back_channel\"",
                                                     "\"front_channel\"",
                                                     "\"callback\"",
                                                     "\"discovery\"",
                                                     "\"stray\"",
                                                     "\"timeout\"",
                                                     "\"tls\"",
                                                     "\"too_large\"",
                                                     "\"malformed\"",
                                                     "\"2026-01-02T03:04:05.678Z\"",
                                                     "\"2026-01-02T03:04:05+02:00\"",
                                                     "\"2026-13-02T03:04:05Z\"",
                                                     "\"HTTP/2\"",
                                                     "\"\\u00e9t\\u00e9\"",
                                                     "\"\\ud83d\\ude00 emoji\"",
                                                     "\"a\\\"b\\\\c\\/d\\n\\t\\u0000e\"",
                                                     "\"caf\xc3\xa9 \xe2\x82\xac\"",
                                                     "\"access_token\"",
                                                     "\"s3cr:t/+%pass\"",
                                                     "\"Bearer abc.def.ghi\""};
    return scalars[rng() % scalars.size()];
}

Node randomValue(std::mt19937 &rng, int depth = 0)
{
    Node n;
    const unsigned pick = rng() % 10;
    if (depth < 3 && pick == 0) {
        n.kind = Node::Array;
        for (unsigned i = rng() % 4; i > 0; --i)
            n.items.push_back(randomValue(rng, depth + 1));
    } else if (depth < 3 && pick == 1) {
        n.kind = Node::Array; // a header-like pair, sometimes of the wrong arity or types
        for (unsigned i = 1 + rng() % 3; i > 0; --i) {
            Node part;
            part.text = rng() % 4 ? "\"h" + std::to_string(rng() % 100) + "\"" : randomScalar(rng);
            n.items.push_back(part);
        }
    } else if (depth < 3 && pick == 2) {
        n.kind = Node::Object;
        for (unsigned i = rng() % 3; i > 0; --i)
            n.members.emplace_back(json(rng() % 2 ? "body" : "status").dump(), randomValue(rng, depth + 1));
    } else {
        n.text = randomScalar(rng);
    }
    return n;
}

const std::vector<std::string> &exchangeNames()
{
    static const std::vector<std::string> names = {"id",
                                                   "role",
                                                   "method",
                                                   "url",
                                                   "http_version",
                                                   "request",
                                                   "response",
                                                   "started_at",
                                                   "duration_ms",
                                                   "transport_error",
                                                   "error_message",
                                                   "tls_errors",
                                                   "tls_certificate",
                                                   "tls_trusted_by_pin",
                                                   "peer",
                                                   "headers",
                                                   "body",
                                                   "body_encoding",
                                                   "status",
                                                   "reason",
                                                   "truncated",
                                                   "size",
                                                   "extras",
                                                   "Id",
                                                   std::string("body\0", 5)};
    return names;
}

void collectObjects(Node &n, std::vector<Node *> &objects, std::vector<Node *> &arrays)
{
    if (n.kind == Node::Object)
        objects.push_back(&n);
    if (n.kind == Node::Array)
        arrays.push_back(&n);
    for (auto &item : n.items)
        collectObjects(item, objects, arrays);
    for (auto &[name, value] : n.members)
        collectObjects(value, objects, arrays);
}

// One random change somewhere in the tree.
void mutate(Node &root, std::mt19937 &rng, const std::vector<std::string> &names)
{
    std::vector<Node *> objects, arrays;
    collectObjects(root, objects, arrays);
    if (!arrays.empty() && rng() % 5 == 0) {
        Node &a = *arrays[rng() % arrays.size()];
        if (!a.items.empty() && rng() % 2)
            a.items.erase(a.items.begin() + std::ptrdiff_t(rng() % a.items.size()));
        else
            a.items.insert(a.items.begin() + std::ptrdiff_t(rng() % (a.items.size() + 1)), randomValue(rng));
        return;
    }
    if (objects.empty())
        return;
    Node &o = *objects[rng() % objects.size()];
    const std::size_t at = o.members.empty() ? 0 : rng() % o.members.size();
    switch (rng() % 6) {
    case 0: // remove a member
        if (!o.members.empty())
            o.members.erase(o.members.begin() + std::ptrdiff_t(at));
        break;
    case 1: // another value of another type
        if (!o.members.empty())
            o.members[at].second = randomValue(rng);
        break;
    case 2: { // a duplicate name, before or after the first: the last counts
        if (o.members.empty())
            break;
        auto copy = o.members[at];
        copy.second = randomValue(rng);
        o.members.insert(o.members.begin() + std::ptrdiff_t(rng() % 2 ? at : at + 1), copy);
        break;
    }
    case 3: // a name the reader knows, anywhere in the object
        o.members.insert(o.members.begin() +
                             std::ptrdiff_t(o.members.empty() ? 0 : rng() % (o.members.size() + 1)),
                         {spelledName(names[rng() % names.size()], rng), randomValue(rng)});
        break;
    case 4: // a member's name written with an escape
        if (!o.members.empty()) {
            const json name = json::parse(o.members[at].first);
            o.members[at].first = spelledName(name.get<std::string>(), rng);
        }
        break;
    default: // a value null
        if (!o.members.empty())
            o.members[at].second = Node{Node::Scalar, "null", {}, {}};
        break;
    }
}

} // namespace

class TestExchangeFromDom : public QObject {
    Q_OBJECT
private slots:
    void sameExchangesAsTheNlohmannWayInSessionFiles()
    {
        FastJsonParser parser;
        int compared = 0;
        for (const QByteArray &file : sessionFiles()) {
            const std::vector<std::string> texts = exchangeTexts(file);
            QVERIFY(!texts.empty());
            for (const std::string &t : texts) {
                QVERIFY(exchangeFromText(parser, t).has_value());
                const QString d = compare(parser, t);
                QVERIFY2(d.isEmpty(), qPrintable(d + " in " + QString::fromStdString(t.substr(0, 300))));
                // And against nlohmann's own parse of the text, the way before simdjson.
                const Exchange mine = *exchangeFromText(parser, t);
                const QString d2 = differences(mine, exchangeFromJson(json::parse(t)));
                QVERIFY2(d2.isEmpty(), qPrintable(d2));
                ++compared;
            }
        }
        QVERIFY(compared >= 20); // the sample and the corpus' sessions
    }

    void sameExchangesAsTheNlohmannWayForOddExchanges()
    {
        std::vector<Node> bases;
        for (const QByteArray &file : sessionFiles())
            for (const std::string &t : exchangeTexts(file))
                bases.push_back(nodeFromJson(json::parse(t)));
        QVERIFY(!bases.empty());
        const unsigned seed = qEnvironmentVariableIsSet("WB_TEST_SEED")
                                  ? unsigned(qEnvironmentVariableIntValue("WB_TEST_SEED"))
                                  : 20261123u;
        std::mt19937 rng(seed);
        FastJsonParser parser;
        int read = 0, refused = 0, thrown = 0;
        for (int i = 0; i < 6000; ++i) {
            Node n = bases[rng() % bases.size()];
            for (unsigned m = 1 + rng() % 12; m > 0; --m)
                mutate(n, rng, exchangeNames());
            const std::string t = jsonText(n, rng() % 2);
            const QString d = compare(parser, t);
            QVERIFY2(d.isEmpty(), qPrintable(QStringLiteral("seed %1 case %2: %3 in %4")
                                                 .arg(seed)
                                                 .arg(i)
                                                 .arg(d, QString::fromStdString(t.substr(0, 2000)))));
            const Result o = direct(parser, t);
            read += o.exchange.has_value();
            refused += o.refused;
            thrown += !o.thrown.isEmpty();
        }
        QVERIFY2(read > 4000, qPrintable(QString::number(read))); // most are read, not refused
        QVERIFY(refused > 0);                                     // integers past 2^64
    }

    void shapesThatAreNotExchanges()
    {
        FastJsonParser parser;
        for (const std::string t :
             {"[]", "[1,2]", "\"x\"", "42", "null", "{}", "{\"request\":[],\"response\":7}",
              "{\"request\":{\"headers\":{\"a\":\"b\"}},\"response\":{\"headers\":[[]]}}"}) {
            const QString d = compare(parser, t);
            QVERIFY2(d.isEmpty(), qPrintable(d + " in " + QString::fromStdString(t)));
        }
        // A document that is not an object: exchangeFromJson throws, and so does the direct way.
        QVERIFY(!direct(parser, "[1]").thrown.isEmpty());
        QVERIFY(direct(parser, "{\"id\":1e999999}").refused); // simdjson refuses, nlohmann decides
        QVERIFY(direct(parser, "{\"id\":").refused);
    }

    void lastOfDuplicateNamesCounts()
    {
        FastJsonParser parser;
        const std::string t =
            R"({"id":"first","id":"last","request":{"body":"aGk=","body_encoding":"base64","body_encoding":"utf8"},)"
            R"("response":{"status":200,"status":"oops","size":5,"size":7.9},"response":{"status":201,"headers":)"
            R"([["a","1"],["b","2","3"],["c"],[1,"d"],["e","5"]],"size":-1e300}})";
        const Exchange x = *exchangeFromText(parser, t);
        QCOMPARE(x.id, QStringLiteral("last"));
        QCOMPARE(x.requestBody, QByteArray("aGk="));
        QCOMPARE(x.status, 201);
        QCOMPARE(x.responseHeaders.size(), 2);
        QCOMPARE(x.responseHeaders[1].name, QByteArray("e"));
        QCOMPARE(x.responseSize, -(qint64(1) << 53));
        QCOMPARE(compare(parser, t), QString());
    }
};

QTEST_GUILESS_MAIN(TestExchangeFromDom)
#include "tst_exchangefromdom.moc"
