#include "report/ExchangeFromDom.h"

#include "report/SessionJson.h"
#include "util/FastJsonImpl.h"
#include "util/JsonNumber.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace wb {

namespace {
using simdjson::dom::element;
using simdjson::dom::element_type;
using Member = std::optional<element>; // absent, or the value of the last member of that name

// Each helper below reads a member the way its namesake in SessionJson.cpp / JsonQt.cpp reads
// nlohmann's document; the comments name that namesake.

// The members of `object` named in `names`, in one pass; of duplicate names the last, as in
// nlohmann's document (a std::map filled member by member).
template <std::size_t N>
std::array<Member, N> lastMembers(element object, const std::array<std::string_view, N> &names)
{
    std::array<Member, N> found;
    const simdjson::dom::object members = object.get_object().value_unsafe(); // named: no dangling
    for (auto field : members) {
        const auto it = std::find(names.begin(), names.end(), field.key);
        if (it != names.end())
            found[std::size_t(it - names.begin())] = field.value;
    }
    return found;
}

std::string_view view(element e)
{
    return e.get_string().value_unsafe();
}

// jsonString
QString string(const Member &m, const QString &fallback = {})
{
    if (!m || !m->is_string())
        return fallback;
    const std::string_view v = view(*m);
    return QString::fromUtf8(v.data(), qsizetype(v.size())); // as QString::fromStdString
}

QByteArray bytes(element e)
{
    const std::string_view v = view(e);
    return QByteArray(v.data(), qsizetype(v.size())); // as QByteArray::fromStdString
}

// jsonInt: integers as nlohmann's get<int>() casts them (simdjson's non-negative int64 is
// nlohmann's unsigned); floats and everything else give 0.
int integer(const Member &m)
{
    if (!m)
        return 0;
    switch (m->type()) {
    case element_type::INT64: {
        const int64_t v = m->get_int64().value_unsafe();
        return v >= 0 ? static_cast<int>(static_cast<uint64_t>(v)) : static_cast<int>(v);
    }
    case element_type::UINT64:
        return static_cast<int>(m->get_uint64().value_unsafe());
    default:
        return 0;
    }
}

// jsonBool
bool boolean(const Member &m)
{
    return m && m->is_bool() && m->get_bool().value_unsafe();
}

// int64 (saturatedInt64 of a number, else 0)
qint64 int64(const Member &m)
{
    if (!m)
        return 0;
    switch (m->type()) {
    case element_type::INT64: {
        const int64_t v = m->get_int64().value_unsafe();
        if (v >= 0)
            return qint64(std::min<quint64>(quint64(v), quint64(kMaxJsonInteger)));
        return std::clamp<qint64>(v, -kMaxJsonInteger, kMaxJsonInteger);
    }
    case element_type::UINT64:
        return qint64(std::min<quint64>(m->get_uint64().value_unsafe(), quint64(kMaxJsonInteger)));
    case element_type::DOUBLE: {
        const double d = m->get_double().value_unsafe();
        if (std::isnan(d))
            return 0;
        return qint64(std::clamp(std::trunc(d), -double(kMaxJsonInteger), double(kMaxJsonInteger)));
    }
    default:
        return 0;
    }
}

// fromIso
QDateTime dateTime(const Member &m)
{
    return QDateTime::fromString(string(m), Qt::ISODateWithMs);
}

// headersFromJson: only [name, value] pairs of two strings.
HttpHeaders headers(const Member &m)
{
    HttpHeaders h;
    if (!m || !m->is_array())
        return h;
    const simdjson::dom::array entries = m->get_array().value_unsafe();
    for (element entry : entries) {
        if (!entry.is_array())
            continue;
        const simdjson::dom::array pair = entry.get_array().value_unsafe();
        std::array<element, 2> parts;
        std::size_t n = 0;
        for (element part : pair) {
            if (n < 2)
                parts[n] = part;
            if (++n > 2)
                break;
        }
        if (n == 2 && parts[0].is_string() && parts[1].is_string())
            h.append({bytes(parts[0]), bytes(parts[1])});
    }
    return h;
}

// stringListFrom
QStringList strings(const Member &m)
{
    QStringList out;
    if (!m || !m->is_array())
        return out;
    const simdjson::dom::array items = m->get_array().value_unsafe();
    for (element item : items)
        if (item.is_string())
            out.append(string(item));
    return out;
}

// getBody: `body` decoded from base64 when `body_encoding` says so.
QByteArray body(const Member &text, const Member &encoding)
{
    const QByteArray raw = text && text->is_string() ? bytes(*text) : QByteArray();
    // Valid UTF-8 (simdjson checks it) equals "base64" exactly when its QString does.
    return encoding && encoding->is_string() && view(*encoding) == "base64" ? QByteArray::fromBase64(raw)
                                                                            : raw;
}

// The request's or response's object (member() in SessionJson.cpp: an object, else empty, which
// leaves the Exchange's defaults: null bytes and strings, zeros).
std::optional<element> objectOrEmpty(const Member &m)
{
    return m && m->is_object() ? m : std::nullopt;
}

enum Top {
    Id,
    Role,
    Method,
    Url,
    HttpVersion,
    Request,
    Response,
    StartedAt,
    DurationMs,
    TransportErrorName,
    ErrorMessage,
    TlsErrors,
    TlsCertificate,
    TlsTrustedByPin,
    Peer,
};
constexpr std::array<std::string_view, 15> kTop = {"id",
                                                   "role",
                                                   "method",
                                                   "url",
                                                   "http_version",
                                                   "request",
                                                   "response",
                                                   "started_at",
                                                   "duration_ms",
                                                   "transport_error",
                                                   "error_message",
                                                   "tls_errors",
                                                   "tls_certificate",
                                                   "tls_trusted_by_pin",
                                                   "peer"};
static_assert(kTop.size() == Peer + 1, "one name per member of Top, in its order");

enum Request { RequestHeaders, RequestBody, RequestBodyEncoding };
constexpr std::array<std::string_view, 3> kRequest = {"headers", "body", "body_encoding"};
static_assert(kRequest.size() == RequestBodyEncoding + 1);

enum Response { Status, Reason, ResponseHeaders, ResponseBody, ResponseBodyEncoding, Truncated, Size };
constexpr std::array<std::string_view, 7> kResponse = {"status",        "reason",    "headers", "body",
                                                       "body_encoding", "truncated", "size"};
static_assert(kResponse.size() == Size + 1);

// exchangeFromJson, member for member.
Exchange exchangeFromDom(element root)
{
    if (!root.is_object())
        return exchangeFromJson(toNlohmann(root)); // not an exchange: whatever that way does
    const auto top = lastMembers(root, kTop);
    Exchange x;
    x.id = string(top[Id]);
    x.role = exchangeRoleFromString(string(top[Role]));
    x.method = string(top[Method]);
    x.url = string(top[Url]);
    x.httpVersion = string(top[HttpVersion], x.httpVersion);
    if (const auto request = objectOrEmpty(top[Request])) {
        const auto req = lastMembers(*request, kRequest);
        x.requestHeaders = headers(req[RequestHeaders]);
        x.requestBody = body(req[RequestBody], req[RequestBodyEncoding]);
    }
    if (const auto response = objectOrEmpty(top[Response])) {
        const auto resp = lastMembers(*response, kResponse);
        x.status = integer(resp[Status]);
        x.reason = string(resp[Reason]);
        x.responseHeaders = headers(resp[ResponseHeaders]);
        x.responseBody = body(resp[ResponseBody], resp[ResponseBodyEncoding]);
        x.responseTruncated = boolean(resp[Truncated]);
        x.responseSize = int64(resp[Size]);
    }
    x.startedAt = dateTime(top[StartedAt]);
    x.durationMs = int64(top[DurationMs]);
    x.transportError = transportErrorFromString(string(top[TransportErrorName]));
    x.errorMessage = string(top[ErrorMessage]);
    x.tlsErrors = strings(top[TlsErrors]);
    x.tlsCertificate = strings(top[TlsCertificate]);
    x.tlsTrustedByPin = string(top[TlsTrustedByPin]);
    x.peer = string(top[Peer]);
    return x;
}

} // namespace

std::optional<Exchange> exchangeFromText(FastJsonParser &parser, std::string_view text)
{
    FastJsonParser::Impl *fast = parser.impl();
    if (!fast)
        return std::nullopt;
    const auto root = fast->parse(text);
    if (!root)
        return std::nullopt;
    return exchangeFromDom(*root);
}

} // namespace wb
