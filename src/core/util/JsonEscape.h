#pragma once
// JsonEscape: a JSON string literal written straight into an output, the same text nlohmann's
// dump() gives (ensure_ascii off), for texts too long to go through a document: the bodies of
// a long session's HAR export are most of its bytes, and nlohmann escapes one code point at a time.

#include <string>
#include <string_view>

namespace wb {

// Appends `utf8` (which must be valid UTF-8, e.g. checked with isValidUtf8) as a quoted JSON string.
void appendJsonString(std::string &out, std::string_view utf8);

} // namespace wb
