#pragma once
// JsonTextNode: JSON values written as text by the tests, with what nlohmann's documents cannot
// hold: objects that repeat a name, names written with escapes. For differential tests of the
// readers of simdjson's document against nlohmann's.

#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace wb::test {

// A JSON value whose objects may repeat a name (nlohmann's documents cannot), written as text.
struct Node {
    enum Kind { Scalar, Array, Object } kind = Scalar;
    std::string text; // a scalar's JSON text, written as is
    std::vector<Node> items;
    std::vector<std::pair<std::string, Node>> members; // names as written: escapes allowed
};

inline Node nodeFromJson(const nlohmann::json &j)
{
    Node n;
    if (j.is_array()) {
        n.kind = Node::Array;
        for (const auto &e : j)
            n.items.push_back(nodeFromJson(e));
    } else if (j.is_object()) {
        n.kind = Node::Object;
        for (auto it = j.begin(); it != j.end(); ++it)
            n.members.emplace_back(nlohmann::json(it.key()).dump(), nodeFromJson(it.value()));
    } else {
        n.text = j.dump();
    }
    return n;
}

inline void writeJson(const Node &n, std::string &out, bool spaced)
{
    const char *sep = spaced ? ", " : ",";
    switch (n.kind) {
    case Node::Scalar:
        out += n.text;
        return;
    case Node::Array:
        out += '[';
        for (std::size_t i = 0; i < n.items.size(); ++i) {
            if (i)
                out += sep;
            writeJson(n.items[i], out, spaced);
        }
        out += ']';
        return;
    case Node::Object:
        out += '{';
        for (std::size_t i = 0; i < n.members.size(); ++i) {
            if (i)
                out += sep;
            out += n.members[i].first;
            out += spaced ? ": " : ":";
            writeJson(n.members[i].second, out, spaced);
        }
        out += '}';
        return;
    }
}

inline std::string jsonText(const Node &n, bool spaced = false)
{
    std::string out;
    writeJson(n, out, spaced);
    return out;
}

// A name as JSON text; sometimes with a letter written as an escape.
inline std::string spelledName(const std::string &name, std::mt19937 &rng)
{
    if (name.empty() || rng() % 4)
        return nlohmann::json(name).dump();
    const std::size_t i = rng() % name.size();
    char escape[8];
    std::snprintf(escape, sizeof escape, "\\u%04x", unsigned(static_cast<unsigned char>(name[i])));
    const auto inner = [](const std::string &part) {
        const std::string quoted = nlohmann::json(part).dump();
        return quoted.substr(1, quoted.size() - 2);
    };
    return "\"" + inner(name.substr(0, i)) + escape + inner(name.substr(i + 1)) + "\"";
}

} // namespace wb::test
