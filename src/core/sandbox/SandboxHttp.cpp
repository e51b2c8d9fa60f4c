#include "sandbox/SandboxHttp.h"

#include <QSet>

namespace wb {

QString SandboxRequest::queryValue(const QString &name) const
{
    return SandboxHttp::paramValue(query, name);
}

QString SandboxRequest::formValue(const QString &name) const
{
    return SandboxHttp::paramValue(form, name);
}

SandboxRequest SandboxRequest::make(const QString &method, const QByteArray &target,
                                    const HttpHeaders &headers, const QByteArray &body)
{
    SandboxRequest r;
    r.method = method;
    r.target = target;
    r.headers = headers;
    r.body = body;
    QByteArray pathPart = target;
    const qsizetype fragment = pathPart.indexOf('#');
    if (fragment >= 0)
        pathPart.truncate(fragment);
    const qsizetype q = pathPart.indexOf('?');
    if (q >= 0) {
        r.query = SandboxHttp::parseFormUrlEncoded(QByteArrayView(pathPart).sliced(q + 1));
        pathPart.truncate(q);
    }
    r.path = QString::fromUtf8(QByteArray::fromPercentEncoding(pathPart));
    QByteArray contentType = headerValue(headers, "content-type");
    const qsizetype semicolon = contentType.indexOf(';');
    if (semicolon >= 0)
        contentType.truncate(semicolon);
    contentType = contentType.trimmed().toLower();
    if (contentType == "application/x-www-form-urlencoded") {
        r.isFormBody = true;
        r.form = SandboxHttp::parseFormUrlEncoded(body);
    }
    return r;
}

void SandboxResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0) {
            h.value = value;
            return;
        }
    }
    headers.append({name, value});
}

SandboxResponse SandboxResponse::json(int status, const nlohmann::json &body)
{
    SandboxResponse r;
    r.status = status;
    r.body = SandboxHttp::jsonBytes(body);
    r.setHeader("Content-Type", "application/json");
    return r;
}

SandboxResponse SandboxResponse::html(int status, const QByteArray &body)
{
    SandboxResponse r;
    r.status = status;
    r.body = body;
    r.setHeader("Content-Type", "text/html; charset=utf-8");
    return r;
}

SandboxResponse SandboxResponse::text(int status, const QByteArray &body)
{
    SandboxResponse r;
    r.status = status;
    r.body = body;
    r.setHeader("Content-Type", "text/plain; charset=utf-8");
    return r;
}

SandboxResponse SandboxResponse::redirect(const QString &location)
{
    SandboxResponse r;
    r.status = 302;
    r.setHeader("Location", location.toUtf8());
    r.setHeader("Cache-Control", "no-store");
    return r;
}

SandboxResponse &SandboxResponse::noStore()
{
    setHeader("Cache-Control", "no-store");
    setHeader("Pragma", "no-cache");
    return *this;
}

namespace SandboxHttp {

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

ParamList parseFormUrlEncoded(QByteArrayView data)
{
    ParamList out;
    for (const QByteArray &pair : data.toByteArray().split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray name = eq >= 0 ? pair.left(eq) : pair;
        QByteArray value = eq >= 0 ? pair.mid(eq + 1) : QByteArray();
        name.replace('+', ' ');
        value.replace('+', ' ');
        out.append({QString::fromUtf8(QByteArray::fromPercentEncoding(name)),
                    QString::fromUtf8(QByteArray::fromPercentEncoding(value))});
    }
    return out;
}

QByteArray percentEncode(const QString &value)
{
    return value.toUtf8().toPercentEncoding();
}

QByteArray formUrlEncode(const ParamList &params)
{
    QByteArray out;
    for (const auto &[name, value] : params) {
        if (!out.isEmpty())
            out += '&';
        out += percentEncode(name) + '=' + percentEncode(value);
    }
    return out;
}

QString paramValue(const ParamList &params, const QString &name)
{
    for (const auto &p : params) {
        if (p.first == name)
            return p.second;
    }
    return {};
}

std::optional<QString> duplicateParam(const ParamList &params)
{
    QSet<QString> seen;
    for (const auto &p : params) {
        if (seen.contains(p.first))
            return p.first;
        seen.insert(p.first);
    }
    return std::nullopt;
}

QString appendParams(const QString &uri, const ParamList &params, bool fragment)
{
    const QString encoded = QString::fromLatin1(formUrlEncode(params));
    if (fragment)
        return uri + QLatin1Char('#') + encoded;
    return uri + (uri.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) + encoded;
}

QByteArray jsonBytes(const nlohmann::json &j)
{
    return QByteArray::fromStdString(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace SandboxHttp

} // namespace wb
