#include "report/SessionReader.h"

#include "report/ExchangeFromDom.h"
#include "report/ExchangeSplitter.h"
#include "report/SessionJson.h"
#include "util/FastJson.h"
#include "util/InOrder.h"
#include "util/JsonDepth.h"

#include <functional>
#include <iterator>
#include <memory>

namespace wb {

namespace {
using json = nlohmann::json;
using DomParser = nlohmann::detail::json_sax_dom_parser<json>;

// SAX events of the whole file: those of each object in the top-level "exchanges" array go to a
// parser of that exchange alone, converted when it closes; all others build the document.
class SessionSax {
public:
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    explicit SessionSax(SessionDocument &out) : m_out(out), m_top(out.json, false) {}

    QString error;

    bool null() { return m_exchange ? m_exchange->null() : m_top.null(); }
    bool boolean(bool v) { return m_exchange ? m_exchange->boolean(v) : m_top.boolean(v); }
    bool number_integer(json::number_integer_t v)
    {
        return m_exchange ? m_exchange->number_integer(v) : m_top.number_integer(v);
    }
    bool number_unsigned(json::number_unsigned_t v)
    {
        return m_exchange ? m_exchange->number_unsigned(v) : m_top.number_unsigned(v);
    }
    bool number_float(json::number_float_t v, const string_t &s)
    {
        return m_exchange ? m_exchange->number_float(v, s) : m_top.number_float(v, s);
    }
    bool string(string_t &v) { return m_exchange ? m_exchange->string(v) : m_top.string(v); }
    bool binary(binary_t &v) { return m_exchange ? m_exchange->binary(v) : m_top.binary(v); }
    bool key(string_t &k)
    {
        if (m_exchange)
            return m_exchange->key(k);
        if (m_depth == 1) {
            m_topKey = k;
            if (k == "exchanges")
                m_out.exchanges.clear(); // of duplicate members the last one counts, as in a document
        }
        return m_top.key(k);
    }
    bool start_object(std::size_t n)
    {
        if (m_exchange) {
            ++m_exchangeDepth;
            return m_exchange->start_object(n);
        }
        if (m_inExchanges && m_depth == 2) {
            m_exchangeJson = json();
            m_exchange = std::make_unique<DomParser>(m_exchangeJson, false);
            m_exchangeDepth = 1;
            return m_exchange->start_object(n);
        }
        ++m_depth;
        return m_top.start_object(n);
    }
    bool start_array(std::size_t n)
    {
        if (m_exchange) {
            ++m_exchangeDepth;
            return m_exchange->start_array(n);
        }
        ++m_depth;
        if (m_depth == 2 && m_topKey == "exchanges")
            m_inExchanges = true;
        return m_top.start_array(n);
    }
    bool end_object() { return m_exchange ? endInExchange(true) : endTop(true); }
    bool end_array() { return m_exchange ? endInExchange(false) : endTop(false); }
    bool parse_error(std::size_t, const std::string &, const json::exception &e)
    {
        error = QString::fromUtf8(e.what()); // the message json::parse would have thrown
        return false;
    }

private:
    bool endInExchange(bool object)
    {
        const bool ok = object ? m_exchange->end_object() : m_exchange->end_array();
        if (--m_exchangeDepth > 0)
            return ok;
        m_exchange.reset();
        m_out.exchanges.append(exchangeFromJson(m_exchangeJson));
        m_exchangeJson = json(); // released before the next one is read
        return ok;
    }
    bool endTop(bool object)
    {
        if (m_depth-- == 2 && m_inExchanges)
            m_inExchanges = false;
        return object ? m_top.end_object() : m_top.end_array();
    }

    SessionDocument &m_out;
    DomParser m_top;
    int m_depth = 0; // containers open in the document
    std::string m_topKey;
    bool m_inExchanges = false;
    json m_exchangeJson;
    std::unique_ptr<DomParser> m_exchange;
    int m_exchangeDepth = 0;
};
// A device read in chunks of 1 MiB, as the characters nlohmann's parser asks for one by one.
class ChunkedReader {
public:
    explicit ChunkedReader(QIODevice &device) : m_device(device), m_chunk(kChunk, Qt::Uninitialized)
    {
        refill();
    }
    bool atEnd() const { return m_pos >= m_size; }
    char current() const { return m_chunk.at(m_pos); }
    void advance()
    {
        if (++m_pos >= m_size)
            refill();
    }
    bool failed() const { return m_failed; }

private:
    static constexpr qint64 kChunk = 1 << 20;
    void refill()
    {
        m_pos = 0;
        m_size = m_device.read(m_chunk.data(), kChunk);
        if (m_size < 0) {
            m_failed = true;
            m_size = 0;
        }
    }
    QIODevice &m_device;
    QByteArray m_chunk;
    qint64 m_pos = 0, m_size = 0;
    bool m_failed = false;
};

// An input iterator over a ChunkedReader (copies share the reader; the default one is the end).
class ChunkIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char *;
    using reference = char;

    ChunkIterator() = default;
    explicit ChunkIterator(ChunkedReader *r) : m_reader(r) {}
    char operator*() const { return m_reader->current(); }
    ChunkIterator &operator++()
    {
        m_reader->advance();
        return *this;
    }
    ChunkIterator operator++(int)
    {
        ChunkIterator before = *this;
        m_reader->advance();
        return before;
    }
    bool operator==(const ChunkIterator &o) const { return ended() == o.ended(); }
    bool operator!=(const ChunkIterator &o) const { return !(*this == o); }

private:
    bool ended() const { return !m_reader || m_reader->atEnd(); }
    ChunkedReader *m_reader = nullptr;
};

// jsonNestedDeeperThan over a device, chunk by chunk, with the same rules.
bool deviceNestedDeeperThan(QIODevice &device, int limit)
{
    JsonDepthScanner scanner(limit);
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (qint64 n = 0; (n = device.read(chunk.data(), chunk.size())) > 0;) {
        if (!scanner.feed(QByteArrayView(chunk.constData(), n)))
            return true;
    }
    return false;
}

QString tooDeep()
{
    return QStringLiteral("arrays or objects nested deeper than %1 levels").arg(kMaxJsonDepth);
}

// A session's shell (profile, steps, findings, tokens) is small; a larger one is not a session
// file of ours (a HAR, say) and goes the exact way, which does not hold the file's bytes.
constexpr std::size_t kMaxShellBytes = 16 << 20;

// The fast way: the splitter hands each exchange object to simdjson (nlohmann for the few that
// simdjson refuses), the shell becomes the document. False when it gave up: `out` is then
// cleared and the exact reader runs from the start, with its own results and messages.
bool readSplit(const std::function<bool(ExchangeSplitter &)> &feedAll, SessionDocument &out)
{
    // Exchanges are parsed on worker threads while the file is still being read and cut.
    InOrderQueue<std::string, std::optional<Exchange>> parsed(
        [](std::string &text) -> std::optional<Exchange> {
            // Straight from simdjson's document; what simdjson refuses, by nlohmann's.
            if (auto x = exchangeFromText(FastJsonParser::forThisThread(text.size()), text))
                return x;
            const json j = json::parse(text, nullptr, false);
            if (j.is_discarded())
                return std::nullopt;
            return exchangeFromJson(j);
        },
        [&out](std::optional<Exchange> &&x) {
            if (!x)
                return false;
            out.exchanges.append(std::move(*x));
            return true;
        });
    ExchangeSplitter splitter([&](std::string &text) { return parsed.push(std::move(text)); },
                              kMaxShellBytes);
    if (feedAll(splitter) && splitter.finish() && parsed.finish()) {
        json shell = json::parse(splitter.shell(), nullptr, false);
        if (!shell.is_discarded()) {
            out.json = std::move(shell);
            return true;
        }
    }
    out = SessionDocument();
    return false;
}

template <typename Iterator>
bool parseInto(Iterator first, Iterator last, SessionDocument &out, QString *error)
{
    SessionSax sax(out);
    QString message;
    try {
        if (json::sax_parse(first, last, &sax))
            return true;
        message = sax.error;
    } catch (const std::exception &e) {
        message = QString::fromUtf8(e.what());
    }
    if (error)
        *error = message;
    out = SessionDocument();
    return false;
}
} // namespace

bool readSessionDocument(const QByteArray &bytes, SessionDocument &out, QString *error)
{
    out = SessionDocument();
    if (readSplit([&](ExchangeSplitter &s) { return s.feed(bytes); }, out))
        return true;
    // The same limit and message as parseJson().
    if (jsonNestedDeeperThan(bytes)) {
        if (error)
            *error = tooDeep();
        return false;
    }
    return parseInto(bytes.constBegin(), bytes.constEnd(), out, error);
}

bool readSessionDocument(QIODevice &file, SessionDocument &out, QString *error)
{
    out = SessionDocument();
    const qint64 start = file.pos();
    bool readFailed = false;
    const auto feedFile = [&](ExchangeSplitter &splitter) {
        QByteArray chunk(1 << 20, Qt::Uninitialized);
        qint64 n = 0;
        while ((n = file.read(chunk.data(), chunk.size())) > 0)
            if (!splitter.feed(QByteArrayView(chunk.constData(), n)))
                return false;
        readFailed = n < 0;
        return !readFailed;
    };
    if (readSplit(feedFile, out))
        return true;
    if (readFailed || !file.seek(start)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    const bool deep = deviceNestedDeeperThan(file, kMaxJsonDepth);
    if (deep || !file.seek(start)) {
        if (error)
            *error = deep ? tooDeep() : file.errorString();
        return false;
    }
    ChunkedReader reader(file);
    if (!parseInto(ChunkIterator(&reader), ChunkIterator(), out, error))
        return false;
    if (reader.failed()) {
        if (error)
            *error = file.errorString();
        out = SessionDocument();
        return false;
    }
    return true;
}

bool sessionFromDocument(SessionDocument &doc, Session &out, QString *error)
{
    if (!sessionFromJson(doc.json, out, error))
        return false;
    // Objects are all that sessionFromJson takes from "exchanges"; the document kept only others.
    if (out.exchanges.isEmpty())
        out.exchanges = std::move(doc.exchanges);
    else
        out.exchanges += doc.exchanges;
    doc.exchanges.clear();
    return true;
}

} // namespace wb
