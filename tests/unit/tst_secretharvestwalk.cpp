// The secret harvest's walk of simdjson's document against its walk of nlohmann's: the same
// secrets in the same order for thousands of generated bodies (secret names nested, in
// name/value pairs, duplicated, written with escapes) and for the bodies of the session files;
// and cannotStartJson, which spares bodies that are not JSON the nlohmann parse, says "not JSON"
// only where parseJson refuses.
#include "report/SecretHarvest.h"
#include "support/JsonTextNode.h"
#include "support/SessionFileSamples.h"
#include "util/FastJson.h"
#include "util/JsonQt.h"

#include <QtTest>
#include <random>

using namespace wb;
using namespace wb::test;
using json = nlohmann::json;

namespace {

// A JSON body with members under secret names, in nested objects and name/value pairs.
Node randomBody(std::mt19937 &rng, int depth = 0)
{
    static const std::vector<std::string> names = {
        "access_token", "refresh_token", "id_token",   "client_secret",
        "code",         "password",      "name",       "value",
        "token_type",   "Access_Token",  "expires_in", "code_challenge",
        "api_key",      "state",         "assertion",  "x"};
    static const std::vector<std::string> values = {"\"opaque-access-token-2YotnFZFEjr1zCsicMWpAA\"",
                                                    "\"rt-1\"",
                                                    "\"s3cr:t/+%pass\"",
                                                    "\"\"",
                                                    "\"[redacted]\"",
                                                    "\"\\u00e9l\\u00e8ve-secret\"",
                                                    "\"client_secret\"",
                                                    "\"refresh_token\"",
                                                    "\"tok\\\"en\\\\x\"",
                                                    "3600",
                                                    "null",
                                                    "true",
                                                    "\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln\""};
    Node n;
    n.kind = rng() % 4 == 0 ? Node::Array : Node::Object;
    const unsigned count = 1 + rng() % 5;
    for (unsigned i = 0; i < count; ++i) {
        Node v;
        if (depth < 3 && rng() % 4 == 0)
            v = randomBody(rng, depth + 1);
        else
            v.text = values[rng() % values.size()];
        if (n.kind == Node::Array)
            n.items.push_back(v);
        else
            n.members.emplace_back(spelledName(names[rng() % names.size()], rng), v);
    }
    return n;
}

} // namespace

class TestSecretHarvestWalk : public QObject {
    Q_OBJECT
private slots:
    void sameSecretsAsTheNlohmannWalk()
    {
        std::mt19937 rng(1123u);
        FastJsonParser parser;
        int withSecrets = 0;
        for (int i = 0; i < 4000; ++i) {
            const std::string t = jsonText(randomBody(rng), rng() % 2);
            const std::optional<QStringList> fast = report::detail::secretsInJsonText(t);
            QVERIFY2(fast, t.c_str());
            const QStringList exact = report::detail::secretsInJson(json::parse(t));
            QVERIFY2(*fast == exact,
                     qPrintable(QStringLiteral("%1\n%2\nvs\n%3")
                                    .arg(QString::fromStdString(t), fast->join('|'), exact.join('|'))));
            QCOMPARE(report::detail::secretsInJson(*parser.parse(t)), exact);
            withSecrets += !exact.isEmpty();
        }
        QVERIFY(withSecrets > 1000);
        // The bodies of the session files too.
        for (const QByteArray &file : sessionFiles())
            for (const std::string &t : exchangeTexts(file)) {
                const Exchange x = exchangeFromJson(json::parse(t));
                for (const QByteArray &b : {x.requestBody, x.responseBody}) {
                    const auto fast = report::detail::secretsInJsonText(b.toStdString());
                    if (const auto doc = json::parse(b.toStdString(), nullptr, false);
                        fast && !doc.is_discarded())
                        QCOMPARE(*fast, report::detail::secretsInJson(doc));
                }
            }
    }

    void cannotStartJsonOnlyWhereNlohmannRefuses()
    {
        // Whenever the quick check says "not JSON", parseJson (nlohmann) refuses the text too.
        const std::vector<std::string> heads = {"",     "\xEF\xBB\xBF", "\xEF\xBB",
                                                "\xEF", "\xBB\xBF",     "\xEF\xBB\xBF\xEF\xBB\xBF"};
        const std::vector<std::string> spaces = {"", " ", "\t\r\n ", "\f", "\v", std::string(1, '\0')};
        const std::vector<std::string> tails = {"",         "rue",   "ull",    "alse",   "1}",
                                                " {}",      "\"x\"", "[1]",    "e5",     "23",
                                                "\"a\":1}", "]",     "<html>", "=1&b=2", "x"};
        int quickNo = 0, parsed = 0;
        for (const std::string &head : heads)
            for (const std::string &space : spaces)
                for (int first = -1; first < 256; ++first)
                    for (const std::string &tail : tails) {
                        const std::string t =
                            head + space + (first < 0 ? std::string() : std::string(1, char(first))) + tail;
                        const QByteArray b = QByteArray::fromStdString(t);
                        const bool accepted = parseJson(b).has_value();
                        parsed += accepted;
                        if (cannotStartJson(b)) {
                            ++quickNo;
                            QVERIFY2(!accepted, QByteArray(b.toHex(' ')).constData());
                        }
                    }
        QVERIFY(parsed > 100);
        QVERIFY(quickNo > 10000);
        QVERIFY(cannotStartJson("<!DOCTYPE html><html></html>"));
        QVERIFY(cannotStartJson("grant_type=authorization_code&code=abc"));
        QVERIFY(cannotStartJson(" \r\n"));
        QVERIFY(!cannotStartJson("\xEF\xBB\xBF {\"a\":1}"));
        QVERIFY(!cannotStartJson("token=abc")); // may start `true`: left to nlohmann
    }
};

QTEST_GUILESS_MAIN(TestSecretHarvestWalk)
#include "tst_secretharvestwalk.moc"
