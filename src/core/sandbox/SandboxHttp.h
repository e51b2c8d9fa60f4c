#pragma once
// The sandbox's view of one HTTP request and the answer it builds, plus form/query codecs.
// Kept free of sockets so endpoints are plain functions from request to response.

#include "http/Exchange.h"
#include "store/Profile.h"

#include <QByteArray>
#include <QString>
#include <nlohmann/json.hpp>
#include <optional>

namespace wb {

// A complete request as an endpoint sees it, with query and form already decoded.
struct SandboxRequest {
    QString method;
    QByteArray target; // as received, e.g. /authorize?client_id=x
    QString path;      // target without the query
    ParamList query;
    HttpHeaders headers;
    QByteArray body;

    // application/x-www-form-urlencoded body (empty for other content types).
    ParamList form;
    bool isFormBody = false;

    QString queryValue(const QString &name) const;
    QString formValue(const QString &name) const;
    // Builds path, query and (for form bodies) form from target, headers and body.
    static SandboxRequest make(const QString &method, const QByteArray &target, const HttpHeaders &headers,
                               const QByteArray &body);
};

// The answer an endpoint builds; the server adds Date, Content-Length and Connection.
struct SandboxResponse {
    int status = 200;
    HttpHeaders headers;
    QByteArray body;
    int delayMs = 0; // slow_token: the server waits this long before answering

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }

    static SandboxResponse json(int status, const nlohmann::json &body);
    static SandboxResponse html(int status, const QByteArray &body);
    static SandboxResponse text(int status, const QByteArray &body);
    static SandboxResponse redirect(const QString &location);
    // Adds Cache-Control: no-store and Pragma: no-cache (RFC 6749 5.1).
    SandboxResponse &noStore();
};

namespace SandboxHttp {

// application/x-www-form-urlencoded: '+' is a space, then percent-decoding; pairs in order.
ParamList parseFormUrlEncoded(QByteArrayView data);
QByteArray formUrlEncode(const ParamList &params);
QString paramValue(const ParamList &params, const QString &name);
// First parameter name that occurs more than once (RFC 6749 3.1 forbids it), if any.
std::optional<QString> duplicateParam(const ParamList &params);
// The value's own percent-encoding, every byte outside the unreserved set encoded.
QByteArray percentEncode(const QString &value);
// Appends params to a URI's query (after '?' or '&') or, for fragment mode, after '#'.
QString appendParams(const QString &uri, const ParamList &params, bool fragment = false);
// JSON text as sent: compact, invalid UTF-8 replaced rather than thrown on.
QByteArray jsonBytes(const nlohmann::json &j);
} // namespace SandboxHttp

} // namespace wb
