#pragma once
// ExchangeFromDom: an Exchange read straight from simdjson's document of its JSON text. Reading a
// session file parses thousands of exchanges; converting each document to nlohmann's first, only
// to read it into an Exchange, was a third of that parsing. The result is exactly the Exchange
// exchangeFromJson gives for the same text (missing members, wrong types, duplicate names: the
// last counts, as in nlohmann's document).

#include "http/Exchange.h"
#include "util/FastJson.h"

#include <optional>
#include <string_view>

namespace wb {

// The exchange in `text` (one JSON object) as exchangeFromJson(the document of `text`) gives it;
// nullopt when simdjson refuses the text (the caller then asks nlohmann, as for any document).
std::optional<Exchange> exchangeFromText(FastJsonParser &parser, std::string_view text);

} // namespace wb
