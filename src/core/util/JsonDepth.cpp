#include "util/JsonDepth.h"

namespace wb {

bool JsonDepthScanner::feed(QByteArrayView bytes)
{
    if (m_tooDeep)
        return false;
    for (const char c : bytes) {
        if (m_inString) {
            if (m_escaped)
                m_escaped = false;
            else if (c == '\\')
                m_escaped = true;
            else if (c == '"')
                m_inString = false;
        } else if (c == '"') {
            m_inString = true;
        } else if (c == '[' || c == '{') {
            if (++m_depth > m_limit) {
                m_tooDeep = true;
                return false;
            }
        } else if (c == ']' || c == '}') {
            --m_depth;
        }
    }
    return true;
}

bool jsonNestedDeeperThan(QByteArrayView bytes, int limit)
{
    return !JsonDepthScanner(limit).feed(bytes);
}

} // namespace wb
