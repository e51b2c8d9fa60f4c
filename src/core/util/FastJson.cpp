#include "util/FastJson.h"

#include "util/FastJsonImpl.h"
#include "util/JsonDepth.h"

namespace wb {

using json = nlohmann::json;
using simdjson::dom::element;
using simdjson::dom::element_type;

// simdjson gives non-negative integers as int64 where nlohmann's lexer gives unsigned: the same
// types here, so values compare and dump as if nlohmann had parsed them.
json toNlohmann(element e)
{
    switch (e.type()) {
    case element_type::ARRAY: {
        json out = json::array();
        const simdjson::dom::array array =
            e.get_array().value_unsafe(); // a named copy: a temporary would dangle
        for (element child : array)
            out.push_back(toNlohmann(child));
        return out;
    }
    case element_type::OBJECT: {
        json out = json::object();
        const simdjson::dom::object object = e.get_object().value_unsafe();
        // Of duplicate names the last counts, as in nlohmann's document.
        for (auto field : object)
            out[std::string(field.key)] = toNlohmann(field.value);
        return out;
    }
    case element_type::INT64: {
        const int64_t v = e.get_int64().value_unsafe();
        return v >= 0 ? json(json::number_unsigned_t(v)) : json(json::number_integer_t(v));
    }
    case element_type::UINT64:
        return json(json::number_unsigned_t(e.get_uint64().value_unsafe()));
    case element_type::DOUBLE:
        return json(e.get_double().value_unsafe());
    case element_type::STRING:
        return json(std::string(e.get_string().value_unsafe()));
    case element_type::BOOL:
        return json(e.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
        break;
    }
    return json(nullptr);
}

std::optional<element> FastJsonParser::Impl::parse(std::string_view text)
{
    element root;
    if (parser.parse(text.data(), text.size(), true).get(root) != simdjson::SUCCESS)
        return std::nullopt;
    return root;
}

FastJsonParser::FastJsonParser() : m_impl(std::make_unique<Impl>())
{
    // simdjson's max_depth counts brackets as JsonDepthScanner does: exactly the same limit.
    if (m_impl->parser.allocate(0, kMaxJsonDepth) != simdjson::SUCCESS)
        m_impl.reset(); // out of memory at start: every parse goes to nlohmann
}
FastJsonParser::~FastJsonParser() = default;

FastJsonParser &FastJsonParser::forThisThread(std::size_t bytes)
{
    constexpr std::size_t kKeepBelow = std::size_t(4) << 20;
    thread_local std::unique_ptr<FastJsonParser> parser;
    thread_local std::size_t largest = 0;
    if (!parser || largest > kKeepBelow) {
        parser = std::make_unique<FastJsonParser>();
        largest = 0;
    }
    largest = std::max(largest, bytes);
    return *parser;
}

std::optional<json> FastJsonParser::parse(std::string_view text)
{
    if (!m_impl)
        return std::nullopt;
    const auto root = m_impl->parse(text);
    if (!root)
        return std::nullopt;
    return toNlohmann(*root);
}

bool isValidUtf8(QByteArrayView bytes)
{
    return !bytes.startsWith("\xEF\xBB\xBF") &&
           simdjson::validate_utf8(bytes.data(), std::size_t(bytes.size()));
}

bool cannotStartJson(QByteArrayView text)
{
    // As nlohmann's lexer starts: a complete UTF-8 byte-order mark, then ' ', \t, \n, \r.
    qsizetype i = text.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        ++i;
    if (i == text.size())
        return true;
    switch (text[i]) {
    case '{':
    case '[':
    case '"':
    case '-':
    case 't':
    case 'f':
    case 'n':
        return false;
    default:
        return text[i] < '0' || text[i] > '9';
    }
}

} // namespace wb
