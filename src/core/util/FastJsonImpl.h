#pragma once
// The simdjson side of FastJsonParser, for the few .cpp files that walk simdjson's document
// (simdjson.h is a 30,000-line header: kept out of FastJson.h).

#include "util/FastJson.h"

#include <simdjson.h>

namespace wb {

struct FastJsonParser::Impl {
    simdjson::dom::parser parser;
    // The root of `text`, or nullopt when simdjson refuses it. Valid until the next parse.
    std::optional<simdjson::dom::element> parse(std::string_view text);
};

// The nlohmann document of a simdjson element: the value nlohmann would have parsed (non-negative
// integers unsigned, of duplicate names the last). For readers that walk simdjson's document and
// meet a shape they leave to the nlohmann way.
nlohmann::json toNlohmann(simdjson::dom::element e);

} // namespace wb
