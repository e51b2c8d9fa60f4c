#pragma once
// JsonDumpWriter and JsonTreeBuilder: one description of a document (a HAR entry) written
// either straight as text, the text nlohmann's dump(2) gives, or as an nlohmann::json. A long
// export writes the text without building and dumping a document per element, and the
// document stays what the text is checked against.

#include "util/JsonEscape.h"

#include <QtGlobal>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

// Members must come in the order nlohmann keeps them (by name, byte by byte), each name once;
// strings must be valid UTF-8. Every line after the first starts with `indent` (the place of
// the value in a larger document).
class JsonDumpWriter {
public:
    explicit JsonDumpWriter(std::string &out, std::string_view indent = {}) : m_out(out), m_indent(indent) {}

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    void key(std::string_view name);
    void string(std::string_view utf8);
    void number(qint64 n);
    void boolean(bool b);

private:
    void beforeValue();
    void open(char bracket);
    void close(char bracket);
    void newline(std::size_t depth);

    struct Level {
        bool empty = true;
    };
    std::string &m_out;
    std::string_view m_indent;
    std::vector<Level> m_levels;
    bool m_afterKey = false;
#ifndef NDEBUG
    std::vector<std::string> m_lastKey; // per open object: the order check
#endif
};

// The same calls building an nlohmann::json (any member order).
class JsonTreeBuilder {
public:
    void beginObject() { push(nlohmann::json::object()); }
    void endObject() { m_stack.pop_back(); }
    void beginArray() { push(nlohmann::json::array()); }
    void endArray() { m_stack.pop_back(); }
    void key(std::string_view name) { m_key = name; }
    void string(std::string_view utf8) { put(std::string(utf8)); }
    void number(qint64 n) { put(n); }
    void boolean(bool b) { put(b); }
    nlohmann::json take() { return std::move(m_root); }

private:
    nlohmann::json *put(nlohmann::json value);
    void push(nlohmann::json value) { m_stack.push_back(put(std::move(value))); }

    nlohmann::json m_root;
    std::vector<nlohmann::json *> m_stack; // open containers; a child is done before its parent grows
    std::string m_key;
};

} // namespace wb
