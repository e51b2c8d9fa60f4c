#include "report/SessionReader.h"

#include "report/SessionJson.h"
#include "util/JsonDepth.h"

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
} // namespace

bool readSessionDocument(const QByteArray &bytes, SessionDocument &out, QString *error)
{
    out = SessionDocument();
    auto fail = [&](const QString &m) {
        if (error)
            *error = m;
        out = SessionDocument();
        return false;
    };
    // The same limit and message as parseJson().
    if (jsonNestedDeeperThan(bytes))
        return fail(QStringLiteral("arrays or objects nested deeper than %1 levels").arg(kMaxJsonDepth));
    SessionSax sax(out);
    try {
        if (!json::sax_parse(bytes.constBegin(), bytes.constEnd(), &sax))
            return fail(sax.error);
    } catch (const std::exception &e) {
        return fail(QString::fromUtf8(e.what()));
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
