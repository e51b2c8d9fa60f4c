#include "report/ExchangeSplitter.h"

#include "util/ByteScan.h"
#include "util/JsonDepth.h"

namespace wb {

ExchangeSplitter::ExchangeSplitter(ExchangeHandler onExchange, std::size_t maxShellBytes)
    : m_onExchange(std::move(onExchange)), m_maxShell(maxShellBytes)
{
}

bool ExchangeSplitter::giveUp()
{
    m_gaveUp = true;
    m_shell.clear();
    m_exchange.clear();
    return false;
}

// Copies the chunk's bytes [m_segment, end) to the place that keeps them (the shell or the
// exchange being read; between exchanges only commas and blanks, which are dropped).
void ExchangeSplitter::flush(const char *data, std::size_t end)
{
    if (end <= m_segment)
        return;
    if (m_place == Place::Shell)
        m_shell.append(data + m_segment, end - m_segment);
    else if (m_place == Place::Exchange)
        m_exchange.append(data + m_segment, end - m_segment);
    m_segment = end;
}

bool ExchangeSplitter::feed(QByteArrayView chunk)
{
    if (m_gaveUp)
        return false;
    const char *data = chunk.data();
    const std::size_t n = std::size_t(chunk.size());
    m_segment = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!m_inString) {
            if (!outsideString(data, i))
                return false;
            continue;
        }
        if (m_escaped) {
            m_escaped = false;
            continue;
        }
        // Bodies are most of a session file: run to the closing quote at once, escapes included.
        const char *p = findEither<'"', '\\'>(data + i, data + n);
        while (p < data + n && *p == '\\') {
            m_keyEscaped = m_keyEscaped || m_keyString;
            if (data + n - p < 2) {
                m_escaped = true; // the escaped byte is the next chunk's first
                p = data + n;
                break;
            }
            p = findEither<'"', '\\'>(p + 2, data + n);
        }
        i = std::size_t(p - data);
        if (i == n)
            break;
        m_inString = false;
        if (m_keyString) {
            flush(data, i);
            m_key = m_shell.substr(m_keyStart);
            m_keyString = false;
        }
    }
    flush(data, n);
    m_segment = 0;
    if (m_shell.size() > m_maxShell)
        return giveUp();
    return true;
}

// One byte outside strings: nesting, top-level keys, and the top-level "exchanges" array.
bool ExchangeSplitter::outsideString(const char *data, std::size_t i)
{
    const char c = data[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
        return true;
    if (m_place == Place::Array) {
        m_segment = i + 1; // nothing between the exchanges is kept
        if (c == '{' && m_expect != Expect::CommaOrEnd) {
            ++m_depth;
            m_place = Place::Exchange;
            m_segment = i;
        } else if (c == ',' && m_expect == Expect::CommaOrEnd) {
            m_expect = Expect::Value;
        } else if (c == ']' && m_expect != Expect::Value) {
            --m_depth;
            m_place = Place::Shell;
            m_segment = i; // the closing bracket is the shell's
        } else {
            return giveUp(); // not an object, or commas out of place: the exact reader decides
        }
        return true;
    }
    if (c == '"') {
        m_inString = true;
        m_keyString = m_place == Place::Shell && m_depth == 1;
        m_keyEscaped = false;
        if (m_keyString)
            m_keyStart = m_shell.size() + (i + 1 - m_segment);
    } else if (c == '{' || c == '[') {
        if (++m_depth > kMaxJsonDepth)
            return giveUp();
        if (c == '[' && m_place == Place::Shell && m_depth == 2 && m_exchangesValue) {
            flush(data, i + 1); // the opening bracket stays in the shell
            m_place = Place::Array;
            m_expect = Expect::ValueOrEnd;
        }
    } else if (c == '}' || c == ']') {
        --m_depth;
        if (m_place == Place::Exchange && m_depth == 2) {
            flush(data, i + 1);
            if (!m_onExchange(m_exchange))
                return giveUp();
            m_exchange.clear();
            m_place = Place::Array;
            m_expect = Expect::CommaOrEnd;
        }
    } else if (c == ':' && m_place == Place::Shell && m_depth == 1) {
        if (m_keyEscaped)
            return giveUp(); // "exch\u0061nges" would be "exchanges" too
        if (m_key == "exchanges") {
            if (m_sawExchanges)
                return giveUp(); // of duplicates the last counts: left to the exact reader
            m_sawExchanges = true;
            m_exchangesValue = true;
            return true;
        }
    }
    if (m_place == Place::Shell && m_depth <= 1 && c != ':')
        m_exchangesValue = false;
    return true;
}

bool ExchangeSplitter::finish()
{
    return !m_gaveUp && !m_inString && m_depth == 0 && m_place == Place::Shell;
}

} // namespace wb
