#include "report/HarExport.h"

#include "oauth/UrlCodec.h"
#include "report/ReportSupport.h"
#include "util/FastJson.h"
#include "util/JsonArrayWriter.h"
#include "util/JsonEscape.h"
#include "util/JsonQt.h"

#include <QHostAddress>
#include <QRandomGenerator>
#include <QUrl>
#include <algorithm>

namespace wb {

namespace {
using json = nlohmann::json;
using namespace report;

std::string str(const QString &s)
{
    return s.toStdString();
}
std::string str(const QByteArray &b)
{
    // Invalid UTF-8 becomes U+FFFD; valid text is taken as it is, without a UTF-16 round trip.
    return isValidUtf8(b) ? b.toStdString() : QString::fromUtf8(b).toStdString();
}

json headers(const HttpHeaders &h)
{
    json a = json::array();
    for (const auto &x : h)
        a.push_back({{"name", str(x.name)}, {"value", str(x.value)}});
    return a;
}

json pairs(const ParamList &l)
{
    json a = json::array();
    for (const auto &[k, v] : l)
        a.push_back({{"name", str(k)}, {"value", str(v)}});
    return a;
}

json requestCookies(const HttpHeaders &h)
{
    json a = json::array();
    for (const auto &x : h) {
        if (x.name.toLower() != "cookie")
            continue;
        for (const QByteArray &part : x.value.split(';')) {
            const int eq = part.indexOf('=');
            if (eq > 0)
                a.push_back(
                    {{"name", str(part.left(eq).trimmed())}, {"value", str(part.mid(eq + 1).trimmed())}});
        }
    }
    return a;
}

json responseCookies(const HttpHeaders &h)
{
    json a = json::array();
    for (const auto &x : h) {
        if (x.name.toLower() != "set-cookie")
            continue;
        const QList<QByteArray> parts = x.value.split(';');
        const int eq = parts.value(0).indexOf('=');
        if (eq <= 0)
            continue;
        json c = {{"name", str(parts[0].left(eq).trimmed())}, {"value", str(parts[0].mid(eq + 1).trimmed())}};
        for (int i = 1; i < parts.size(); ++i) {
            const QByteArray attr = parts[i].trimmed();
            const int aeq = attr.indexOf('=');
            const QByteArray name = (aeq < 0 ? attr : attr.left(aeq)).toLower();
            const QByteArray value = aeq < 0 ? QByteArray() : attr.mid(aeq + 1);
            if (name == "path")
                c["path"] = str(value);
            else if (name == "domain")
                c["domain"] = str(value);
            else if (name == "httponly")
                c["httpOnly"] = true;
            else if (name == "secure")
                c["secure"] = true;
            else if (name == "expires") {
                const QDateTime t = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
                if (t.isValid())
                    c["expires"] = str(isoTime(t));
            }
        }
        a.push_back(c);
    }
    return a;
}

QString mimeOf(const HttpHeaders &h, const char *fallback)
{
    const QByteArray t = headerValue(h, "content-type");
    return t.isEmpty() ? QString::fromLatin1(fallback) : QString::fromUtf8(t);
}

qint64 headersSize(const QString &firstLine, const HttpHeaders &h)
{
    qint64 n = firstLine.toUtf8().size() + 2;
    for (const auto &x : h)
        n += x.name.size() + 2 + x.value.size() + 2;
    return n + 2;
}

// HAR viewers and the schema want a URI: masks ("[redacted 43 chars …x9Qz]") in the query
// become percent-encoded there; the decoded values stay readable in queryString.
QString harUrl(const QString &url)
{
    // A URL QUrl cannot parse (a loopback hit with a bad Host port, say) keeps its text, escaped.
    const QUrl parsed(url);
    QString s = parsed.isValid() ? parsed.toString(QUrl::FullyEncoded)
                                 : QString::fromLatin1(QUrl::toPercentEncoding(url, "!#$&'()*+,/:;=?@[]~%"));
    const auto queryOrFragment =
        std::find_if(s.cbegin(), s.cend(), [](QChar c) { return c == u'?' || c == u'#'; });
    if (queryOrFragment == s.cend())
        return s;
    const qsizetype from = queryOrFragment - s.cbegin();
    QString tail = s.mid(from);
    tail.replace(QLatin1Char('['), QStringLiteral("%5B")).replace(QLatin1Char(']'), QStringLiteral("%5D"));
    return s.left(from) + tail;
}

// The body texts of an entry: in the entry itself (harDocument), or, for the writer, as
// placeholders it replaces with each text escaped straight into the output (appendJsonString):
// nlohmann's dump of every body, one code point at a time, was a fifth of a long export.
struct BodyTexts {
    std::string nonce; // empty: the texts go into the entry
    std::vector<QByteArray> texts;

    json put(const QByteArray &utf8)
    {
        if (nonce.empty())
            return utf8.toStdString();
        texts.push_back(utf8);
        return placeholder(texts.size() - 1);
    }
    // A control character cannot be in a dumped string unescaped, and the nonce is random:
    // no text of the entry can be mistaken for a placeholder.
    std::string placeholder(std::size_t i) const { return "\x01" + nonce + std::to_string(i) + "\x01"; }
    std::string dumpedPlaceholder(std::size_t i) const
    {
        return "\"\\u0001" + nonce + std::to_string(i) + "\\u0001\"";
    }
};

json entry(const Exchange &x, const Session &s, const Step *st, BodyTexts &bodies)
{
    const QUrl url(x.url);

    json request = {
        {"method", str(x.method.isEmpty() ? QStringLiteral("GET") : x.method)},
        {"url", str(harUrl(x.url))},
        {"httpVersion", str(x.httpVersion)},
        {"cookies", requestCookies(x.requestHeaders)},
        {"headers", headers(x.requestHeaders)},
        {"queryString", pairs(urlcodec::decodeForm(url.query(QUrl::FullyEncoded).toUtf8()))},
        {"headersSize",
         headersSize(QStringLiteral("%1 %2 %3").arg(x.method, url.path(), x.httpVersion), x.requestHeaders)},
        {"bodySize", requestBody(x, 0).size}};
    if (!x.requestBody.isEmpty()) {
        const QString mime = mimeOf(x.requestHeaders, "application/octet-stream");
        json post = {
            {"mimeType", str(mime)},
            {"text", isValidUtf8(x.requestBody) ? bodies.put(x.requestBody) : json(str(x.requestBody))}};
        if (mime.contains(QStringLiteral("x-www-form-urlencoded")))
            post["params"] = pairs(urlcodec::decodeForm(x.requestBody));
        request["postData"] = post;
    }

    json content = {{"size", responseBody(x, 0).size},
                    {"mimeType", str(mimeOf(x.responseHeaders, "x-unknown"))}};
    if (!x.responseBody.isEmpty()) {
        if (isValidUtf8(x.responseBody)) {
            content["text"] = bodies.put(x.responseBody);
        } else {
            content["text"] = x.responseBody.toBase64().toStdString();
            content["encoding"] = "base64";
        }
        if (x.responseTruncated)
            content["comment"] = "cut at the HTTP client's size limit";
    }
    const bool answered = x.hasResponse();
    json response = {
        {"status", x.status},
        {"statusText", str(x.reason)},
        {"httpVersion", str(answered ? x.httpVersion : QString())},
        {"cookies", responseCookies(x.responseHeaders)},
        {"headers", headers(x.responseHeaders)},
        {"content", content},
        {"redirectURL", str(headerValue(x.responseHeaders, "location"))},
        {"headersSize",
         answered ? headersSize(QStringLiteral("%1 %2 %3").arg(x.httpVersion).arg(x.status).arg(x.reason),
                                x.responseHeaders)
                  : -1},
        {"bodySize", answered ? json(x.responseBody.size()) : json(-1)}};
    if (!answered)
        response["_error"] = str(x.errorMessage.isEmpty() ? toString(x.transportError) : x.errorMessage);

    // Only the total is measured; HAR wants it split, so it is all "wait" (send/receive 0).
    const qint64 total = std::max<qint64>(0, x.durationMs);
    json e = {{"pageref", "session"},
              {"startedDateTime", str(isoTime(x.startedAt.isValid() ? x.startedAt : s.startedAt))},
              {"time", total},
              {"request", request},
              {"response", response},
              {"cache", json::object()},
              {"timings",
               {{"blocked", -1},
                {"dns", -1},
                {"connect", -1},
                {"ssl", -1},
                {"send", 0},
                {"wait", total},
                {"receive", 0}}},
              {"_exchangeId", str(x.id)},
              {"_role", str(toString(x.role))},
              {"_transportError", str(toString(x.transportError))}};
    if (e["startedDateTime"].get<std::string>().empty())
        e["startedDateTime"] = "1970-01-01T00:00:00.000Z";
    if (st) {
        e["_stepId"] = str(st->id);
        e["_stepTitle"] = str(st->title);
        e["comment"] = str(QStringLiteral("%1 %2 (%3)").arg(st->id, st->title, toString(x.role)));
    }
    const QString host =
        x.peer.section(QLatin1Char(':'), 0, -2).remove(QLatin1Char('[')).remove(QLatin1Char(']'));
    if (x.role != ExchangeRole::Callback && x.role != ExchangeRole::Stray && !QHostAddress(host).isNull())
        e["serverIPAddress"] = str(QHostAddress(host).toString());
    if (!x.tlsErrors.isEmpty()) {
        json tls = json::array();
        for (const QString &t : x.tlsErrors)
            tls.push_back(str(t));
        e["_tlsErrors"] = tls;
    }
    return e;
}
} // namespace

namespace {
// The document around the entries; `entries` is left empty for the caller to fill.
json harSkeleton(const Session &s, const ReportOptions &options)
{
    const QString who = s.profile.name.isEmpty() ? s.profile.clientId : s.profile.name;
    const QString started = isoTime(s.startedAt);
    json page = {
        {"startedDateTime", str(started.isEmpty() ? QStringLiteral("1970-01-01T00:00:00.000Z") : started)},
        {"id", "session"},
        {"title", str(QStringLiteral("OAuth Workbench: %1 at %2 (%3)")
                          .arg(who, providerLabel(s), toString(s.outcome)))},
        {"pageTimings", json::object()}};
    return {{"log",
             {{"version", "1.2"},
              {"creator", {{"name", "OAuth Workbench"}, {"version", str(s.appVersion)}}},
              {"pages", json::array({page})},
              {"entries", json::array()},
              {"comment", str(redactionStatement(options.redaction))},
              {"_redaction", str(toString(options.redaction))},
              {"_sessionId", str(s.id)},
              {"_outcome", str(toString(s.outcome))}}}};
}

std::string dumped(const json &j)
{
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}
} // namespace

json harDocument(const Session &session, const ReportOptions &options)
{
    const LazyRedaction redacted(session, options.redaction);
    const Session &s = redacted.session();
    json doc = harSkeleton(s, options);
    json &entries = doc["log"]["entries"];
    const auto owners = stepsByExchange(s);
    BodyTexts inline_;
    for (qsizetype i = 0; i < s.exchanges.size(); ++i) {
        const Exchange x = redacted.exchange(i);
        entries.push_back(entry(x, s, owners.value(x.id), inline_));
    }
    return doc;
}

namespace {
// The same text as harDocument(...).dump(2), handed to `sink` piece by piece: a long session's
// bodies are not held a second time in one big document, nor the whole text at once.
bool writeHar(const Session &session, const ReportOptions &options, const TextSink &sink)
{
    const LazyRedaction redacted(session, options.redaction); // one exchange's bodies at a time
    const Session &s = redacted.session();
    const auto owners = stepsByExchange(s);
    const std::string nonce =
        QString::number(QRandomGenerator::global()->generate64(), 36).toStdString() + '-';
    // Entry i with its bodies escaped into their placeholders' places (on worker threads).
    const auto entryAt = [&](qsizetype i, std::string_view indent) {
        const Exchange x = redacted.exchange(i);
        BodyTexts bodies{nonce, {}};
        const std::string piece = indentLines(dumped(entry(x, s, owners.value(x.id), bodies)), indent);
        std::vector<std::pair<std::size_t, std::size_t>> marks; // (position, body)
        for (std::size_t b = 0; b < bodies.texts.size(); ++b)
            if (const std::size_t pos = piece.find(bodies.dumpedPlaceholder(b)); pos != std::string::npos)
                marks.emplace_back(pos, b);
        if (marks.empty())
            return piece;
        std::sort(marks.begin(), marks.end());
        std::string out;
        std::size_t done = 0;
        for (const auto &[pos, b] : marks) {
            const QByteArray &text = bodies.texts[b];
            out.append(piece, done, pos - done);
            appendJsonString(out, std::string_view(text.constData(), std::size_t(text.size())));
            done = pos + bodies.dumpedPlaceholder(b).size();
        }
        return out.append(piece, done, std::string::npos);
    };
    // Entries sit at depth 3, under "log".
    return writeWithArray(dumped(harSkeleton(s, options)), "\n    \"entries\": []", s.exchanges.size(),
                          entryAt, sink);
}
} // namespace

QByteArray harExport(const Session &session, const ReportOptions &options)
{
    QByteArray out;
    writeHar(session, options, appendTo(out));
    return out;
}

bool harExport(const Session &session, const ReportOptions &options, QIODevice &out)
{
    return writeHar(session, options, writeTo(out));
}

} // namespace wb
