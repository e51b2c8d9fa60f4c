#pragma once
// JsonArrayWriter: a long document written as nlohmann's dump(2) would write it, but with one
// array filled element by element (a session's exchanges, a HAR's entries), so the elements are
// never all held in one document or one text. Used by the session JSON and the HAR export.

#include "util/TextSink.h"

#include <functional>
#include <string>
#include <string_view>

namespace wb {

// Element i's text as it goes into the document: its dump(2) with every line after the first
// moved right by `indent` (indentLines). Called on worker threads, several at once (inOrder):
// it must only read shared state.
using ArrayElementText = std::function<std::string(qsizetype i, std::string_view indent)>;

// `text` is the document's dump(2) with the array empty: `emptyMember` is that member's line,
// e.g. "\n  \"exchanges\": []" (its indentation places the elements). The elements go to `sink`
// in order, everything else around them. False when a write failed, or when there are elements
// and `text` has no such member.
bool writeWithArray(const std::string &text, std::string_view emptyMember, qsizetype count,
                    const ArrayElementText &elementAt, const TextSink &sink);

// `dumped` with `indent` after each of its newlines (JSON strings hold no raw newline).
std::string indentLines(const std::string &dumped, std::string_view indent);

} // namespace wb
