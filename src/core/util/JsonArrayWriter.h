#pragma once
// JsonArrayWriter: a long document written as nlohmann's dump(2) would write it, but with one
// array filled element by element (a session's exchanges, a HAR's entries), so the elements are
// never all held in one document or one text. Used by the session JSON and the HAR export.

#include "util/TextSink.h"

#include <functional>
#include <string>
#include <string_view>

namespace wb {

// `text` is the document's dump(2) with the array empty: `emptyMember` is that member's line,
// e.g. "\n  \"exchanges\": []" (its indentation places the elements). `elementAt(i)` gives
// element i's own dump(2); it is indented into place and handed to `writeElement` (which may
// rewrite it before writing it to the sink); everything else goes to `sink`. False when a write
// failed, or when there are elements and `text` has no such member.
bool writeWithArray(const std::string &text, std::string_view emptyMember, qsizetype count,
                    const std::function<std::string(qsizetype)> &elementAt,
                    const std::function<bool(const std::string &)> &writeElement, const TextSink &sink);

} // namespace wb
