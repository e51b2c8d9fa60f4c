#pragma once
// JsonDepth: the nesting limit for JSON from outside (servers, session and HAR files). nlohmann's
// copy, comparison and dump recurse once per level, so a hostile "[[[[..." of a few hundred
// kilobytes would parse fine and then overflow the stack when copied or shown. parseJson()
// refuses such documents; parsers that call nlohmann directly check with this first.

#include <QByteArrayView>

namespace wb {

// Deepest nesting of arrays and objects accepted. Real documents nest a handful of levels.
inline constexpr int kMaxJsonDepth = 512;

// Tracks the nesting of arrays/objects (outside strings) over a document fed in pieces, for
// readers that see a file chunk by chunk.
class JsonDepthScanner {
public:
    explicit JsonDepthScanner(int limit = kMaxJsonDepth) : m_limit(limit) {}
    // False (and stays false) once the nesting went deeper than the limit.
    bool feed(QByteArrayView bytes);

private:
    int m_limit;
    int m_depth = 0;
    bool m_inString = false;
    bool m_escaped = false;
    bool m_tooDeep = false;
};

// True when `bytes` nests arrays/objects (outside strings) deeper than `limit`. Linear, cheap.
bool jsonNestedDeeperThan(QByteArrayView bytes, int limit = kMaxJsonDepth);

} // namespace wb
