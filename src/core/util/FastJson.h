#pragma once
// FastJson: simdjson for the long inputs (session files, the bodies searched for secrets), where
// nlohmann's lexer, one character at a time, was most of the time spent opening and exporting
// sessions of thousands of exchanges. simdjson answers only when it is sure; whatever it refuses
// (syntax errors, numbers it does not take, deep nesting) goes the exact nlohmann way, so results
// and error messages stay those of parseJson().

#include <QByteArrayView>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace wb {

// A reusable parser: its buffers grow to the largest input and are kept between calls.
class FastJsonParser {
public:
    FastJsonParser();
    ~FastJsonParser();
    FastJsonParser(const FastJsonParser &) = delete;
    FastJsonParser &operator=(const FastJsonParser &) = delete;

    // The document of `text` as nlohmann::json, the value nlohmann would have parsed; nullopt
    // when simdjson refuses it (the caller then asks nlohmann, for the result or the message).
    std::optional<nlohmann::json> parse(std::string_view text);

    // The calling thread's parser, for work spread over threads (inOrder), where a parser cannot
    // be shared. Renewed after an input over 4 MiB, so a thread does not keep one large body's
    // buffers for long. `bytes`: the size of the input it is taken for.
    static FastJsonParser &forThisThread(std::size_t bytes);

    // The simdjson parser behind it, for readers that walk simdjson's document themselves.
    struct Impl;
    Impl *impl() { return m_impl.get(); } // null when simdjson could not even start

private:
    std::unique_ptr<Impl> m_impl;
};

// What QString::fromUtf8(b).toUtf8() == b tells, much faster: valid UTF-8 that does not start
// with a byte-order mark (QString drops it, so such bodies never round-tripped).
bool isValidUtf8(QByteArrayView bytes);

// True when nlohmann's parser refuses `text` at its first token: after a byte-order mark and
// whitespace nothing is left, or a byte that cannot start a value. A quick, exact "not JSON"
// for bodies simdjson refused (HTML pages, forms), which spares building nlohmann's exception.
bool cannotStartJson(QByteArrayView text);

} // namespace wb
