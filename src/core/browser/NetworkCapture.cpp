#include "browser/NetworkCapture.h"
#include "util/JsonNumber.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace wb {

using json = nlohmann::json;

namespace {
QString str(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}
double num(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

// CDP header objects: name -> value, several values of one name joined by '\n' (Set-Cookie).
HttpHeaders headersFrom(const json &j, const char *key)
{
    HttpHeaders out;
    const auto it = j.find(key);
    if (it == j.end() || !it->is_object())
        return out;
    for (const auto &[name, value] : it->items()) {
        if (!value.is_string())
            continue;
        const QByteArray v = QByteArray::fromStdString(value.get<std::string>());
        for (const QByteArray &part : v.split('\n'))
            out.append(HttpHeader{QByteArray::fromStdString(name), part});
    }
    return out;
}

// "HTTP/1.1 302 Found\r\nName: value\r\n...\r\n\r\n" -> the header lines in order.
HttpHeaders headersFromText(const QByteArray &text)
{
    HttpHeaders out;
    const QList<QByteArray> lines = text.split('\n');
    for (int i = 1; i < lines.size(); ++i) { // line 0 is the status line
        const QByteArray line = lines[i].trimmed();
        const int colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        out.append(HttpHeader{line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return out;
}

QString httpVersion(const QString &protocol)
{
    if (protocol.isEmpty())
        return QStringLiteral("HTTP/1.1");
    if (protocol == QLatin1String("h2"))
        return QStringLiteral("HTTP/2");
    if (protocol == QLatin1String("h3") || protocol.startsWith(QLatin1String("h3-")))
        return QStringLiteral("HTTP/3");
    return protocol.toUpper();
}

TransportError classifyFailure(const QString &errorText, bool canceled, const QString &blocked)
{
    if (canceled)
        return TransportError::Cancelled;
    if (!blocked.isEmpty())
        return TransportError::Network;
    if (errorText.contains(QLatin1String("CERT")) || errorText.contains(QLatin1String("SSL")))
        return TransportError::Tls;
    if (errorText.contains(QLatin1String("TIMED_OUT")))
        return TransportError::Timeout;
    return TransportError::Network;
}
} // namespace

NetworkCapture::NetworkCapture(const QString &redirectUri) : m_redirectUri(redirectUri) {}

bool NetworkCapture::isPasswordLikeField(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("pass|pwd|secret|otp|passcode|pin$|credential|totp"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

bool NetworkCapture::isRedirectUri(const QString &url) const
{
    if (!m_redirectUri.isValid() || m_redirectUri.isEmpty())
        return false;
    const QUrl u(url);
    return u.scheme() == m_redirectUri.scheme() && u.host() == m_redirectUri.host() &&
           u.port(u.scheme() == QLatin1String("https") ? 443 : 80) ==
               m_redirectUri.port(m_redirectUri.scheme() == QLatin1String("https") ? 443 : 80) &&
           u.path() == m_redirectUri.path();
}

QList<CapturedHop> NetworkCapture::documentHops() const
{
    QList<CapturedHop> out;
    for (const CapturedHop &h : m_hops)
        if (h.document)
            out.append(h);
    return out;
}

QList<CapturedHop> NetworkCapture::frameHops() const
{
    QList<CapturedHop> out;
    for (const CapturedHop &h : m_hops)
        if (h.frameDocument)
            out.append(h);
    return out;
}

QList<CapturedHop> NetworkCapture::subResourceHops() const
{
    QList<CapturedHop> out;
    for (const CapturedHop &h : m_hops)
        if (!h.document && !h.frameDocument)
            out.append(h);
    return out;
}

bool NetworkCapture::wantsBody(const QString &requestId) const
{
    const auto it = m_byRequest.constFind(requestId);
    if (it == m_byRequest.constEnd() || it->isEmpty())
        return false;
    const CapturedHop &h = m_hops[it->last()];
    return (h.document || h.frameDocument) && h.exchange.status >= 400 && h.exchange.responseBody.isEmpty();
}

void NetworkCapture::setResponseBody(const QString &requestId, const QByteArray &body)
{
    CapturedHop *hop = lastHop(requestId);
    if (!hop)
        return;
    hop->exchange.responseBody = body.left(kMaxBody);
    hop->exchange.responseTruncated = body.size() > kMaxBody;
}

bool NetworkCapture::chainSettled() const
{
    if (!m_reachedRedirectUri)
        return false;
    for (const CapturedHop &h : m_hops) {
        if (!h.document)
            continue;
        if (h.toRedirectUri)
            return true;
        if (!h.finished || (h.exchange.transportError == TransportError::None && !h.rawResponseHeaders))
            return false;
    }
    return true;
}

CapturedHop *NetworkCapture::lastHop(const QString &requestId)
{
    const auto it = m_byRequest.constFind(requestId);
    if (it == m_byRequest.constEnd() || it->isEmpty())
        return nullptr;
    return &m_hops[it->last()];
}

void NetworkCapture::handleEvent(const QString &method, const json &params)
{
    if (!params.is_object() || str(params, "requestId").isEmpty()) {
        ++m_ignored;
        return;
    }
    if (method == QLatin1String("Network.requestWillBeSent"))
        requestWillBeSent(params);
    else if (method == QLatin1String("Network.responseReceived"))
        responseReceived(params);
    else if (method == QLatin1String("Network.loadingFinished"))
        loadingFinished(params);
    else if (method == QLatin1String("Network.loadingFailed"))
        loadingFailed(params);
    else if (method == QLatin1String("Network.requestWillBeSentExtraInfo"))
        requestExtraInfo(params);
    else if (method == QLatin1String("Network.responseReceivedExtraInfo"))
        responseExtraInfo(params);
    else
        ++m_ignored;
}

void NetworkCapture::applyResponse(CapturedHop &hop, const json &response, double endTimestamp)
{
    if (!response.is_object())
        return;
    Exchange &x = hop.exchange;
    const auto status = response.find("status");
    if (status != response.end() && status->is_number())
        x.status = int(std::clamp<qint64>(saturatedInt64(*status), 0, 999));
    x.reason = str(response, "statusText");
    x.httpVersion = httpVersion(str(response, "protocol"));
    if (!hop.rawResponseHeaders)
        x.responseHeaders = headersFrom(response, "headers");
    const QString ip = str(response, "remoteIPAddress");
    if (!ip.isEmpty()) {
        const int port = int(num(response, "remotePort"));
        x.peer = ip.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(ip).arg(port)
                                               : QStringLiteral("%1:%2").arg(ip).arg(port);
    }
    if (endTimestamp > 0 && hop.monotonicStart > 0)
        x.durationMs = qMax<qint64>(0, qint64((endTimestamp - hop.monotonicStart) * 1000.0));
    hop.finished = true;
}

void NetworkCapture::applyRequestBody(CapturedHop &hop, const json &request)
{
    QByteArray body = QByteArray::fromStdString(str(request, "postData").toStdString());
    if (body.isEmpty()) {
        // Newer Chromium: postDataEntries [{bytes: base64}].
        const auto entries = request.find("postDataEntries");
        if (entries != request.end() && entries->is_array()) {
            for (const json &e : *entries)
                body += QByteArray::fromBase64(QByteArray::fromStdString(str(e, "bytes").toStdString()));
        }
    }
    if (body.isEmpty())
        return;
    const QByteArray type = headerValue(hop.exchange.requestHeaders, "Content-Type").toLower();
    if (!type.startsWith("application/x-www-form-urlencoded")) {
        // Not a form: its content may hold credentials in any shape, so only its size is kept.
        hop.exchange.requestBody =
            QStringLiteral("[%1 bytes of %2 not recorded]")
                .arg(body.size())
                .arg(type.isEmpty() ? QStringLiteral("unknown type") : QString::fromLatin1(type))
                .toUtf8();
        return;
    }
    QList<QByteArray> out;
    for (const QByteArray &pair : body.split('&')) {
        const int eq = pair.indexOf('=');
        const QByteArray rawName = eq < 0 ? pair : pair.left(eq);
        const QString name = QUrl::fromPercentEncoding(QByteArray(rawName).replace('+', ' '));
        hop.formFields.append(name);
        if (eq >= 0 && isPasswordLikeField(name)) {
            hop.redactedFields.append(name);
            out.append(rawName + '=' + redactedValue());
        } else {
            out.append(pair);
        }
    }
    hop.exchange.requestBody = out.join('&');
}

void NetworkCapture::requestWillBeSent(const json &p)
{
    const QString rid = str(p, "requestId");
    const auto request = p.find("request");
    if (request == p.end() || !request->is_object()) {
        ++m_ignored;
        return;
    }
    const double ts = num(p, "timestamp");
    // A redirect: the previous hop of this request got a 3xx answer.
    if (const auto redirect = p.find("redirectResponse"); redirect != p.end()) {
        if (CapturedHop *prev = lastHop(rid))
            applyResponse(*prev, *redirect, ts);
    }
    CapturedHop hop;
    hop.requestId = rid;
    hop.resourceType = str(p, "type");
    const QString frame = str(p, "frameId");
    hop.frameId = frame;
    hop.document = hop.resourceType == QLatin1String("Document") &&
                   (m_mainFrameId.isEmpty() || frame.isEmpty() || frame == m_mainFrameId);
    hop.frameDocument = hop.resourceType == QLatin1String("Document") && !hop.document;
    Exchange &x = hop.exchange;
    x.role = ExchangeRole::FrontChannel;
    x.method = str(*request, "method");
    x.url = str(*request, "url") + str(*request, "urlFragment");
    x.requestHeaders = headersFrom(*request, "headers");
    const double wall = num(p, "wallTime");
    x.startedAt = wall > 0 ? QDateTime::fromMSecsSinceEpoch(qint64(wall * 1000.0), Qt::UTC)
                           : QDateTime::currentDateTimeUtc();
    hop.monotonicStart = ts;
    applyRequestBody(hop, *request);
    // An iframe may land on the redirect_uri too (silent authentication in a hidden frame).
    hop.toRedirectUri = (hop.document || hop.frameDocument) && isRedirectUri(x.url);
    if (hop.toRedirectUri)
        m_reachedRedirectUri = true;
    m_hops.append(hop);
    m_byRequest[rid].append(int(m_hops.size()) - 1);
    CapturedHop &added = m_hops.last();
    // ExtraInfo that arrived before this hop.
    if (auto it = m_pendingRequestExtra.find(rid); it != m_pendingRequestExtra.end() && !it->isEmpty()) {
        added.exchange.requestHeaders = it->takeFirst();
        added.rawRequestHeaders = true;
        ++m_requestExtraUsed[rid];
    }
    if (auto it = m_pendingResponseExtra.find(rid); it != m_pendingResponseExtra.end() && !it->isEmpty()) {
        added.exchange.responseHeaders = it->takeFirst();
        added.rawResponseHeaders = true;
        ++m_responseExtraUsed[rid];
    }
}

void NetworkCapture::responseReceived(const json &p)
{
    CapturedHop *hop = lastHop(str(p, "requestId"));
    if (!hop) {
        ++m_ignored;
        return;
    }
    const auto response = p.find("response");
    if (response == p.end()) {
        ++m_ignored;
        return;
    }
    applyResponse(*hop, *response, num(p, "timestamp"));
}

void NetworkCapture::loadingFinished(const json &p)
{
    CapturedHop *hop = lastHop(str(p, "requestId"));
    if (!hop)
        return;
    const double ts = num(p, "timestamp");
    if (ts > 0 && hop->monotonicStart > 0)
        hop->exchange.durationMs = qMax<qint64>(0, qint64((ts - hop->monotonicStart) * 1000.0));
    hop->exchange.responseSize = qint64(num(p, "encodedDataLength"));
    hop->finished = true;
}

void NetworkCapture::loadingFailed(const json &p)
{
    CapturedHop *hop = lastHop(str(p, "requestId"));
    if (!hop) {
        ++m_ignored;
        return;
    }
    const QString errorText = str(p, "errorText");
    const QString blocked = str(p, "blockedReason");
    const auto canceled = p.find("canceled");
    const bool wasCanceled = canceled != p.end() && canceled->is_boolean() && canceled->get<bool>();
    Exchange &x = hop->exchange;
    x.transportError = classifyFailure(errorText, wasCanceled, blocked);
    x.errorMessage =
        blocked.isEmpty() ? errorText : QStringLiteral("blocked (%1) %2").arg(blocked, errorText).trimmed();
    if (x.errorMessage.isEmpty())
        x.errorMessage = QStringLiteral("the browser reported a failed load");
    const double ts = num(p, "timestamp");
    if (ts > 0 && hop->monotonicStart > 0)
        x.durationMs = qMax<qint64>(0, qint64((ts - hop->monotonicStart) * 1000.0));
    hop->finished = true;
}

void NetworkCapture::requestExtraInfo(const json &p)
{
    const QString rid = str(p, "requestId");
    const HttpHeaders headers = headersFrom(p, "headers");
    const QList<int> idx = m_byRequest.value(rid);
    int &used = m_requestExtraUsed[rid];
    if (used < idx.size()) {
        CapturedHop &hop = m_hops[idx[used]];
        hop.exchange.requestHeaders = headers;
        hop.rawRequestHeaders = true;
        ++used;
        return;
    }
    m_pendingRequestExtra[rid].append(headers);
}

void NetworkCapture::responseExtraInfo(const json &p)
{
    const QString rid = str(p, "requestId");
    // headersText (HTTP/1.x) is the response head exactly as received, in wire order.
    HttpHeaders headers = headersFromText(str(p, "headersText").toUtf8());
    if (headers.isEmpty())
        headers = headersFrom(p, "headers");
    const QList<int> idx = m_byRequest.value(rid);
    int &used = m_responseExtraUsed[rid];
    if (used < idx.size()) {
        CapturedHop &hop = m_hops[idx[used]];
        hop.exchange.responseHeaders = headers;
        hop.rawResponseHeaders = true;
        ++used;
        return;
    }
    m_pendingResponseExtra[rid].append(headers);
}

} // namespace wb
