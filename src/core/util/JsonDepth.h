#pragma once
// JsonDepth: the nesting limit for JSON from outside (servers, session and HAR files). nlohmann's
// copy, comparison and dump recurse once per level, so a hostile "[[[[..." of a few hundred
// kilobytes would parse fine and then overflow the stack when copied or shown. parseJson()
// refuses such documents; parsers that call nlohmann directly check with this first.

#include <QByteArrayView>

namespace wb {

// Deepest nesting of arrays and objects accepted. Real documents nest a handful of levels.
inline constexpr int kMaxJsonDepth = 512;

// True when `bytes` nests arrays/objects (outside strings) deeper than `limit`. Linear, cheap.
bool jsonNestedDeeperThan(QByteArrayView bytes, int limit = kMaxJsonDepth);

} // namespace wb
