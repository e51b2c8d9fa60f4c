#include "report/HarExport.h"

#include "oauth/UrlCodec.h"
#include "report/ReportSupport.h"
#include "util/FastJson.h"
#include "util/JsonArrayWriter.h"
#include "util/JsonDumpWriter.h"
#include "util/JsonQt.h"

#include <QHostAddress>
#include <QUrl>
#include <algorithm>
#include <optional>

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

// Writers W: JsonDumpWriter (the export's text) or JsonTreeBuilder (harDocument). Members are
// written in nlohmann's order, by name.
template <typename W> void member(W &w, std::string_view name, const std::string &value)
{
    w.key(name);
    w.string(value);
}
template <typename W> void member(W &w, std::string_view name, qint64 value)
{
    w.key(name);
    w.number(value);
}
template <typename W> void member(W &w, std::string_view name, bool value)
{
    w.key(name);
    w.boolean(value);
}

template <typename W> void nameValue(W &w, const std::string &name, const std::string &value)
{
    w.beginObject();
    member(w, "name", name);
    member(w, "value", value);
    w.endObject();
}

template <typename W> void headers(W &w, const HttpHeaders &h)
{
    w.beginArray();
    for (const auto &x : h)
        nameValue(w, str(x.name), str(x.value));
    w.endArray();
}

template <typename W> void pairs(W &w, const ParamList &l)
{
    w.beginArray();
    for (const auto &[k, v] : l)
        nameValue(w, str(k), str(v));
    w.endArray();
}

template <typename W> void requestCookies(W &w, const HttpHeaders &h)
{
    w.beginArray();
    for (const auto &x : h) {
        if (x.name.toLower() != "cookie")
            continue;
        for (const QByteArray &part : x.value.split(';')) {
            const int eq = part.indexOf('=');
            if (eq > 0)
                nameValue(w, str(part.left(eq).trimmed()), str(part.mid(eq + 1).trimmed()));
        }
    }
    w.endArray();
}

template <typename W> void responseCookies(W &w, const HttpHeaders &h)
{
    w.beginArray();
    for (const auto &x : h) {
        if (x.name.toLower() != "set-cookie")
            continue;
        const QList<QByteArray> parts = x.value.split(';');
        const int eq = parts.value(0).indexOf('=');
        if (eq <= 0)
            continue;
        // Attributes named twice: the last one counts.
        std::optional<std::string> path, domain, expires;
        bool httpOnly = false, secure = false;
        for (int i = 1; i < parts.size(); ++i) {
            const QByteArray attr = parts[i].trimmed();
            const int aeq = attr.indexOf('=');
            const QByteArray name = (aeq < 0 ? attr : attr.left(aeq)).toLower();
            const QByteArray value = aeq < 0 ? QByteArray() : attr.mid(aeq + 1);
            if (name == "path")
                path = str(value);
            else if (name == "domain")
                domain = str(value);
            else if (name == "httponly")
                httpOnly = true;
            else if (name == "secure")
                secure = true;
            else if (name == "expires") {
                const QDateTime t = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
                if (t.isValid())
                    expires = str(isoTime(t));
            }
        }
        w.beginObject();
        if (domain)
            member(w, "domain", *domain);
        if (expires)
            member(w, "expires", *expires);
        if (httpOnly)
            member(w, "httpOnly", true);
        member(w, "name", str(parts[0].left(eq).trimmed()));
        if (path)
            member(w, "path", *path);
        if (secure)
            member(w, "secure", true);
        member(w, "value", str(parts[0].mid(eq + 1).trimmed()));
        w.endObject();
    }
    w.endArray();
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

// A body as HAR text: valid UTF-8 as it is (escaped straight into the output by the text
// writer), anything else as U+FFFD-replaced text.
template <typename W> void bodyText(W &w, const QByteArray &body)
{
    if (isValidUtf8(body))
        w.string(std::string_view(body.constData(), std::size_t(body.size())));
    else
        w.string(str(body));
}

template <typename W> void request(W &w, const Exchange &x)
{
    const QUrl url(x.url);
    w.beginObject();
    member(w, "bodySize", requestBodySize(x));
    w.key("cookies");
    requestCookies(w, x.requestHeaders);
    w.key("headers");
    headers(w, x.requestHeaders);
    member(
        w, "headersSize",
        headersSize(QStringLiteral("%1 %2 %3").arg(x.method, url.path(), x.httpVersion), x.requestHeaders));
    member(w, "httpVersion", str(x.httpVersion));
    member(w, "method", str(x.method.isEmpty() ? QStringLiteral("GET") : x.method));
    if (!x.requestBody.isEmpty()) {
        const QString mime = mimeOf(x.requestHeaders, "application/octet-stream");
        w.key("postData");
        w.beginObject();
        member(w, "mimeType", str(mime));
        if (mime.contains(QStringLiteral("x-www-form-urlencoded"))) {
            w.key("params");
            pairs(w, urlcodec::decodeForm(x.requestBody));
        }
        w.key("text");
        bodyText(w, x.requestBody);
        w.endObject();
    }
    w.key("queryString");
    pairs(w, urlcodec::decodeForm(url.query(QUrl::FullyEncoded).toUtf8()));
    member(w, "url", str(harUrl(x.url)));
    w.endObject();
}

template <typename W> void response(W &w, const Exchange &x)
{
    const bool answered = x.hasResponse();
    w.beginObject();
    if (!answered)
        member(w, "_error", str(x.errorMessage.isEmpty() ? toString(x.transportError) : x.errorMessage));
    member(w, "bodySize", answered ? qint64(x.responseBody.size()) : qint64(-1));
    w.key("content");
    w.beginObject();
    const bool utf8 = isValidUtf8(x.responseBody);
    if (!x.responseBody.isEmpty() && x.responseTruncated)
        member(w, "comment", std::string("cut at the HTTP client's size limit"));
    if (!x.responseBody.isEmpty() && !utf8)
        member(w, "encoding", std::string("base64"));
    member(w, "mimeType", str(mimeOf(x.responseHeaders, "x-unknown")));
    member(w, "size", responseBodySize(x));
    if (!x.responseBody.isEmpty()) {
        w.key("text");
        if (utf8)
            bodyText(w, x.responseBody);
        else
            w.string(x.responseBody.toBase64().toStdString());
    }
    w.endObject();
    w.key("cookies");
    responseCookies(w, x.responseHeaders);
    w.key("headers");
    headers(w, x.responseHeaders);
    member(w, "headersSize",
           answered ? headersSize(QStringLiteral("%1 %2 %3").arg(x.httpVersion).arg(x.status).arg(x.reason),
                                  x.responseHeaders)
                    : qint64(-1));
    member(w, "httpVersion", str(answered ? x.httpVersion : QString()));
    member(w, "redirectURL", str(headerValue(x.responseHeaders, "location")));
    member(w, "status", qint64(x.status));
    member(w, "statusText", str(x.reason));
    w.endObject();
}

template <typename W> void entry(W &w, const Exchange &x, const Session &s, const Step *st)
{
    // Only the total is measured; HAR wants it split, so it is all "wait" (send/receive 0).
    const qint64 total = std::max<qint64>(0, x.durationMs);
    std::string started = str(isoTime(x.startedAt.isValid() ? x.startedAt : s.startedAt));
    if (started.empty())
        started = "1970-01-01T00:00:00.000Z";
    const QString host =
        x.peer.section(QLatin1Char(':'), 0, -2).remove(QLatin1Char('[')).remove(QLatin1Char(']'));
    const bool server = x.role != ExchangeRole::Callback && x.role != ExchangeRole::Stray;

    w.beginObject();
    member(w, "_exchangeId", str(x.id));
    member(w, "_role", str(toString(x.role)));
    if (st) {
        member(w, "_stepId", str(st->id));
        member(w, "_stepTitle", str(st->title));
    }
    if (!x.tlsErrors.isEmpty()) {
        w.key("_tlsErrors");
        w.beginArray();
        for (const QString &t : x.tlsErrors)
            w.string(str(t));
        w.endArray();
    }
    member(w, "_transportError", str(toString(x.transportError)));
    w.key("cache");
    w.beginObject();
    w.endObject();
    if (st)
        member(w, "comment", str(QStringLiteral("%1 %2 (%3)").arg(st->id, st->title, toString(x.role))));
    member(w, "pageref", std::string("session"));
    w.key("request");
    request(w, x);
    w.key("response");
    response(w, x);
    if (server && !QHostAddress(host).isNull())
        member(w, "serverIPAddress", str(QHostAddress(host).toString()));
    member(w, "startedDateTime", started);
    member(w, "time", total);
    w.key("timings");
    w.beginObject();
    member(w, "blocked", qint64(-1));
    member(w, "connect", qint64(-1));
    member(w, "dns", qint64(-1));
    member(w, "receive", qint64(0));
    member(w, "send", qint64(0));
    member(w, "ssl", qint64(-1));
    member(w, "wait", total);
    w.endObject();
    w.endObject();
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
    for (qsizetype i = 0; i < s.exchanges.size(); ++i) {
        const Exchange x = redacted.exchange(i);
        JsonTreeBuilder builder;
        entry(builder, x, s, owners.value(x.id));
        entries.push_back(builder.take());
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
    // Entry i written straight as text (on worker threads).
    const auto entryAt = [&](qsizetype i, std::string_view indent) {
        const Exchange x = redacted.exchange(i);
        std::string text;
        text.reserve(std::size_t(x.requestBody.size() + x.responseBody.size()) + 2048);
        JsonDumpWriter writer(text, indent);
        entry(writer, x, s, owners.value(x.id));
        return text;
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
