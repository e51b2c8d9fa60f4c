#include "util/JsonDumpWriter.h"

#include <cassert>

namespace wb {

void JsonDumpWriter::newline(std::size_t depth)
{
    m_out.push_back('\n');
    m_out.append(m_indent);
    m_out.append(depth * 2, ' ');
}

void JsonDumpWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false; // a member's value: "name": already written
        return;
    }
    if (m_levels.empty())
        return; // the top value
    Level &level = m_levels.back();
    if (!level.empty)
        m_out.push_back(',');
    level.empty = false;
    newline(m_levels.size());
}

void JsonDumpWriter::key(std::string_view name)
{
#ifndef NDEBUG
    assert(!m_lastKey.empty() && (m_lastKey.back().empty() || m_lastKey.back() < name));
    m_lastKey.back() = std::string(name);
#endif
    beforeValue();
    appendJsonString(m_out, name);
    m_out.append(": ");
    m_afterKey = true;
}

void JsonDumpWriter::string(std::string_view utf8)
{
    beforeValue();
    appendJsonString(m_out, utf8);
}

void JsonDumpWriter::number(qint64 n)
{
    beforeValue();
    m_out.append(std::to_string(n));
}

void JsonDumpWriter::boolean(bool b)
{
    beforeValue();
    m_out.append(b ? "true" : "false");
}

void JsonDumpWriter::open(char bracket)
{
    beforeValue();
    m_out.push_back(bracket);
    m_levels.push_back({});
#ifndef NDEBUG
    m_lastKey.emplace_back();
#endif
}

void JsonDumpWriter::close(char bracket)
{
    const bool empty = m_levels.back().empty;
    m_levels.pop_back();
#ifndef NDEBUG
    m_lastKey.pop_back();
#endif
    if (!empty)
        newline(m_levels.size());
    m_out.push_back(bracket);
}

nlohmann::json *JsonTreeBuilder::put(nlohmann::json value)
{
    if (m_stack.empty()) {
        m_root = std::move(value);
        return &m_root;
    }
    nlohmann::json &top = *m_stack.back();
    if (top.is_object())
        return &(top[m_key] = std::move(value));
    top.push_back(std::move(value));
    return &top.back();
}

} // namespace wb
