#pragma once
// ExchangeSplitter: the fast way through a session file. It cuts the file, fed chunk by chunk,
// into the objects of its top-level "exchanges" array (each handed over whole, to be parsed on
// its own by simdjson) and the rest of the document, the "shell", with that array left empty.
// Anything off the beaten track (a second "exchanges", an array member that is not an object,
// escapes in a top-level key, nesting past kMaxJsonDepth, a shell larger than a session's, like
// a HAR) makes it give up: the caller then reads the file the exact, slower way.

#include <QByteArrayView>
#include <functional>
#include <string>
#include <string_view>

namespace wb {

class ExchangeSplitter {
public:
    // Called with each exchange object's text, which it may take (move from); returning false
    // gives up.
    using ExchangeHandler = std::function<bool(std::string &)>;

    ExchangeSplitter(ExchangeHandler onExchange, std::size_t maxShellBytes);

    // False once the splitter gave up (and from then on).
    bool feed(QByteArrayView chunk);
    // True when the whole document was seen and split; the shell is then complete.
    bool finish();
    const std::string &shell() const { return m_shell; }

private:
    enum class Place { Shell, Array, Exchange };
    enum class Expect { ValueOrEnd, Value, CommaOrEnd };
    bool giveUp();
    bool outsideString(const char *data, std::size_t i);
    void flush(const char *data, std::size_t end);

    ExchangeHandler m_onExchange;
    std::size_t m_maxShell;
    std::string m_shell;
    std::string m_exchange;
    std::string m_key;          // the last top-level key
    std::size_t m_keyStart = 0; // where the open top-level string's text starts in m_shell
    Place m_place = Place::Shell;
    Expect m_expect = Expect::ValueOrEnd;
    int m_depth = 0;
    bool m_inString = false;
    bool m_escaped = false;
    bool m_keyString = false;      // the open string is directly in the top-level container
    bool m_keyEscaped = false;     // ... and has an escape in it
    bool m_exchangesValue = false; // the next top-level value is that of "exchanges"
    bool m_sawExchanges = false;
    bool m_gaveUp = false;
    std::size_t m_segment = 0; // start of the current chunk's bytes not yet copied
};

} // namespace wb
