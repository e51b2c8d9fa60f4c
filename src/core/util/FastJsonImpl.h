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

} // namespace wb
