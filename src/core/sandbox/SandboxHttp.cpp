#include "sandbox/SandboxHttp.h"

#include "oauth/UrlCodec.h"

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

ParamList parseFormUrlEncoded(QByteArrayView data)
{
    return urlcodec::decodeForm(data);
}

QByteArray percentEncode(const QString &value)
{
    return urlcodec::percentEncode(value);
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
