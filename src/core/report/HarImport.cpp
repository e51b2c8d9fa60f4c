#include "report/HarImport.h"

#include "diagnosis/Diagnosis.h"
#include "report/HarImportSteps.h"
#include "util/JsonQt.h"

#include <QHash>
#include <QSet>
#include <QUrl>
#include <algorithm>
#include <cmath>

namespace wb {

namespace {
using json = nlohmann::json;

// Member `key` of `j` when it has the wanted type, else null.
const json *objectMember(const json &j, const char *key)
{
    if (!j.is_object())
        return nullptr;
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? &*it : nullptr;
}
const json *arrayMember(const json &j, const char *key)
{
    if (!j.is_object())
        return nullptr;
    auto it = j.find(key);
    return it != j.end() && it->is_array() ? &*it : nullptr;
}

QByteArray bytesOf(const json &j, const char *key)
{
    return jsonString(j, key).toUtf8();
}

// A JSON number as a whole count, clamped; HAR writers use -1 for "unknown", and floats.
qint64 number(const json &j, const char *key, qint64 fallback)
{
    if (!j.is_object())
        return fallback;
    auto it = j.find(key);
    if (it == j.end() || !it->is_number())
        return fallback;
    const double d = it->get<double>();
    if (!std::isfinite(d))
        return fallback;
    return qint64(std::llround(std::clamp(d, -1.0e15, 1.0e15)));
}

HttpHeaders headersOf(const json &message)
{
    HttpHeaders out;
    if (const json *list = arrayMember(message, "headers"))
        for (const json &h : *list)
            if (h.is_object() && h.contains("name"))
                out.append({bytesOf(h, "name"), bytesOf(h, "value")});
    return out;
}

QDateTime timeOf(const json &j, const char *key)
{
    const QDateTime t = QDateTime::fromString(jsonString(j, key), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

QByteArray requestBodyOf(const json &request)
{
    const json *post = objectMember(request, "postData");
    if (!post)
        return {};
    if (post->contains("text"))
        return bytesOf(*post, "text");
    // Some writers give only the decoded form fields.
    ParamList params;
    if (const json *list = arrayMember(*post, "params"))
        for (const json &p : *list)
            if (p.is_object())
                params.append({jsonString(p, "name"), jsonString(p, "value")});
    QByteArray form;
    for (const auto &[k, v] : params) {
        if (!form.isEmpty())
            form += '&';
        form += QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v);
    }
    return form;
}

// The server address and the URL's port, as the flow records a peer ("addr:port").
QString peerOf(const json &entry, const QString &url)
{
    const QString ip = jsonString(entry, "serverIPAddress");
    if (ip.isEmpty())
        return {};
    const QUrl u(url);
    const int port = u.port(u.scheme() == u"http" ? 80 : 443);
    const QString host = ip.contains(QLatin1Char(':')) && !ip.startsWith(QLatin1Char('['))
                             ? QStringLiteral("[%1]").arg(ip)
                             : ip;
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

bool exchangeOf(const json &entry, int index, Exchange &x, QString *error)
{
    const json *request = objectMember(entry, "request");
    if (!request) {
        *error = QStringLiteral("entry %1 has no request object.").arg(index + 1);
        return false;
    }
    x.method = jsonString(*request, "method");
    x.url = jsonString(*request, "url");
    if (x.url.isEmpty()) {
        *error = QStringLiteral("entry %1 has a request without a url.").arg(index + 1);
        return false;
    }
    if (x.method.isEmpty())
        x.method = QStringLiteral("GET");
    const QString version = jsonString(*request, "httpVersion");
    if (!version.isEmpty())
        x.httpVersion = version;
    x.requestHeaders = headersOf(*request);
    x.requestBody = requestBodyOf(*request);

    if (const json *response = objectMember(entry, "response")) {
        const qint64 status = number(*response, "status", 0);
        x.status = status > 0 && status < 1000 ? int(status) : 0;
        x.reason = jsonString(*response, "statusText");
        x.responseHeaders = headersOf(*response);
        if (const json *content = objectMember(*response, "content")) {
            const QByteArray text = bytesOf(*content, "text");
            x.responseBody =
                jsonString(*content, "encoding") == u"base64" ? QByteArray::fromBase64(text) : text;
            x.responseTruncated = jsonString(*content, "comment").startsWith(u"cut at");
            x.responseSize = std::max<qint64>(number(*content, "size", -1), x.responseBody.size());
        }
        // Chrome: "_error": "net::ERR_CONNECTION_REFUSED"; ours: the transport error's message.
        x.errorMessage = jsonString(*response, "_error");
    }
    x.startedAt = timeOf(entry, "startedDateTime");
    x.durationMs = std::max<qint64>(0, number(entry, "time", 0));
    const QString transport = jsonString(entry, "_transportError");
    x.transportError = transport.isEmpty() ? TransportError::None : transportErrorFromString(transport);
    if (x.transportError == TransportError::None && !x.hasResponse() && !x.errorMessage.isEmpty())
        x.transportError = x.errorMessage.contains(u"CERT") || x.errorMessage.contains(u"SSL")
                               ? TransportError::Tls
                               : TransportError::Network;
    if (const json *tls = arrayMember(entry, "_tlsErrors"))
        for (const json &t : *tls)
            if (t.is_string())
                x.tlsErrors.append(QString::fromStdString(t.get<std::string>()));
    x.peer = peerOf(entry, x.url);
    return true;
}

QString fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return message;
}
} // namespace

bool looksLikeHar(const nlohmann::json &doc)
{
    const json *log = objectMember(doc, "log");
    return log && arrayMember(*log, "entries");
}

bool sessionFromHar(const QByteArray &bytes, Session &out, QString *error)
{
    QString parseError;
    const auto doc = parseJson(bytes, &parseError);
    if (!doc) {
        fail(error, QStringLiteral("not a HAR file: it is not valid JSON (%1).").arg(parseError));
        return false;
    }
    return sessionFromHarJson(*doc, out, error);
}

bool sessionFromHarJson(const nlohmann::json &doc, Session &out, QString *error)
{
    if (!looksLikeHar(doc)) {
        fail(error, QStringLiteral("not a HAR file: there is no log.entries array."));
        return false;
    }
    const json &log = doc["log"];
    const json &entries = log["entries"];
    if (entries.empty()) {
        fail(error, QStringLiteral("the HAR file has no entries: there are no requests to show."));
        return false;
    }
    const bool ours = jsonString(log.value("creator", json::object()), "name") == u"OAuth Workbench";

    Session s;
    s.id = jsonString(log, "_sessionId");
    QList<harimport::StepHint> hints;
    QHash<QString, int> hintIndex;
    QSet<QString> ids;
    bool rolesGiven = true;
    for (size_t i = 0; i < entries.size(); ++i) {
        const json &entry = entries[i];
        if (!entry.is_object()) {
            fail(error, QStringLiteral("entry %1 of the HAR file is not an object.").arg(i + 1));
            return false;
        }
        Exchange x;
        QString why;
        if (!exchangeOf(entry, int(i), x, &why)) {
            fail(error, QStringLiteral("not a usable HAR file: %1").arg(why));
            return false;
        }
        x.id = jsonString(entry, "_exchangeId");
        if (x.id.isEmpty() || ids.contains(x.id))
            x.id = QStringLiteral("h%1").arg(i + 1);
        while (ids.contains(x.id)) // the file's own ids may include "h<n>"
            x.id += QLatin1Char('\'');
        ids.insert(x.id);
        const QString role = jsonString(entry, "_role");
        if (role.isEmpty())
            rolesGiven = false;
        else
            x.role = exchangeRoleFromString(role);
        const QString stepId = jsonString(entry, "_stepId");
        if (!stepId.isEmpty()) {
            if (!hintIndex.contains(stepId)) {
                hintIndex.insert(stepId, int(hints.size()));
                hints.append({stepId, jsonString(entry, "_stepTitle"), {}});
            }
            hints[hintIndex.value(stepId)].exchangeIds.append(x.id);
        }
        s.exchanges.append(x);
    }

    if (ours)
        s.appVersion = jsonString(log.value("creator", json::object()), "version");
    if (const json *pages = arrayMember(log, "pages"); pages && !pages->empty())
        s.startedAt = timeOf((*pages)[0], "startedDateTime");
    for (const Exchange &x : std::as_const(s.exchanges)) {
        if (!x.startedAt.isValid())
            continue;
        if (!s.startedAt.isValid() || x.startedAt < s.startedAt)
            s.startedAt = x.startedAt;
        const QDateTime end = x.startedAt.addMSecs(x.durationMs);
        if (!s.finishedAt.isValid() || end > s.finishedAt)
            s.finishedAt = end;
    }
    if (s.id.isEmpty())
        s.id = QStringLiteral("har-%1").arg(s.startedAt.isValid() ? s.startedAt.toMSecsSinceEpoch() : 0);
    s.profile.name = QStringLiteral("Imported HAR");

    harimport::buildSteps(s, hints, ours && rolesGiven);
    const QString outcome = jsonString(log, "_outcome");
    if (!outcome.isEmpty())
        s.outcome = outcomeFromString(outcome);
    s.findings = diagnose(s);
    out = std::move(s);
    return true;
}

} // namespace wb
