// JsonDumpWriter writes what nlohmann's dump(2) writes for the same document, and
// JsonTreeBuilder builds that document: random trees of objects, arrays, strings, numbers and
// booleans, empty containers included, at a top level and inside an indented place.
#include "util/JsonDumpWriter.h"

#include <QtTest>
#include <random>

using namespace wb;
using json = nlohmann::json;

namespace {
// Walks `j` through a writer, members in nlohmann's order (as the writer requires).
template <typename W> void write(W &w, const json &j)
{
    if (j.is_object()) {
        w.beginObject();
        for (auto it = j.begin(); it != j.end(); ++it) {
            w.key(it.key());
            write(w, *it);
        }
        w.endObject();
    } else if (j.is_array()) {
        w.beginArray();
        for (const json &e : j)
            write(w, e);
        w.endArray();
    } else if (j.is_string()) {
        w.string(j.get_ref<const std::string &>());
    } else if (j.is_boolean()) {
        w.boolean(j.get<bool>());
    } else {
        w.number(j.get<qint64>());
    }
}

json randomValue(std::mt19937 &rng, int depth)
{
    static const std::vector<std::string> names = {"a", "b", "_x", "Z", "name", "value", "héllo", "k\"q"};
    static const std::vector<std::string> texts = {
        "",         "plain",           "tab\there", "line\nbreak", "quote\"back\\", "caf\xC3\xA9",
        "\x01\x1f", "\xF0\x9F\x98\x80"};
    const int kind = int(rng() % (depth > 3 ? 4 : 6));
    switch (kind) {
    case 0:
        return texts[rng() % texts.size()];
    case 1:
        return qint64(rng() % 2000) - 1000;
    case 2:
        return bool(rng() % 2);
    case 3:
        return std::numeric_limits<qint64>::min() + qint64(rng() % 3);
    case 4: {
        json o = json::object();
        for (int i = int(rng() % 4); i > 0; --i)
            o[names[rng() % names.size()]] = randomValue(rng, depth + 1);
        return o;
    }
    default: {
        json a = json::array();
        for (int i = int(rng() % 4); i > 0; --i)
            a.push_back(randomValue(rng, depth + 1));
        return a;
    }
    }
}
} // namespace

class TestJsonDumpWriter : public QObject {
    Q_OBJECT
private slots:
    void writesWhatDumpWrites()
    {
        std::mt19937 rng(17);
        for (int round = 0; round < 2000; ++round) {
            const json doc = randomValue(rng, 0);
            std::string text;
            JsonDumpWriter writer(text);
            write(writer, doc);
            QCOMPARE(text, doc.dump(2, ' ', false));
            JsonTreeBuilder builder;
            write(builder, doc);
            QCOMPARE(builder.take(), doc);
        }
    }

    void indentedIntoItsPlace()
    {
        const json doc = {{"a", json::array({1, json::object(), json::array()})}, {"b", {{"c", "d"}}}};
        std::string text;
        JsonDumpWriter writer(text, "    ");
        write(writer, doc);
        std::string expected;
        for (const char c : doc.dump(2))
            expected += c == '\n' ? std::string("\n    ") : std::string(1, c);
        QCOMPARE(text, expected);
    }
};

QTEST_GUILESS_MAIN(TestJsonDumpWriter)
#include "tst_jsondumpwriter.moc"
