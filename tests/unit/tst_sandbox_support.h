#pragma once
// Test harness shared by the tst_sandbox* tests: a SandboxServer with a movable clock and a
// synchronous HTTP client (QNetworkAccessManager, redirects not followed) to drive it.

#include "sandbox/SandboxServer.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>
#include <nlohmann/json.hpp>

// QCOMPARE cannot print nlohmann::json; this shows both sides as JSON text on failure.
#define COMPARE_JSON(actual, expected)                                                                       \
    do {                                                                                                     \
        const nlohmann::json a_ = (actual);                                                                  \
        const nlohmann::json e_ = (expected);                                                                \
        QVERIFY2(a_ == e_, qPrintable(QString::fromStdString(a_.dump() + " != " + e_.dump())));              \
    } while (false)

namespace sbxtest {

using nlohmann::json;

struct HttpResult {
    int status = 0;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray body;
    QString error;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    json toJson() const { return json::parse(body.toStdString(), nullptr, false); }
    QString jsonString(const char *key) const
    {
        const json j = toJson();
        return j.is_object() && j.contains(key) && j[key].is_string()
                   ? QString::fromStdString(j[key].get<std::string>())
                   : QString();
    }
    // Query (or fragment) parameters of the Location header.
    QUrlQuery locationQuery(bool fragment = false) const
    {
        const QUrl url(QString::fromUtf8(header("Location")));
        return QUrlQuery(fragment ? url.fragment() : url.query());
    }
};

inline QString str(const json &j, const char *key)
{
    return j.is_object() && j.contains(key) && j[key].is_string()
               ? QString::fromStdString(j[key].get<std::string>())
               : QString();
}

// The payload of a compact JWT, decoded without verification (nullptr if not three parts).
inline json payloadOf(const QString &jwt)
{
    const QStringList parts = jwt.split('.');
    if (parts.size() != 3)
        return nullptr;
    return json::parse(
        QByteArray::fromBase64(parts[1].toLatin1(), QByteArray::Base64UrlEncoding).toStdString(), nullptr,
        false);
}

inline QString b64url(const QByteArray &bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// RFC 7636 Appendix B: a known verifier and its S256 challenge.
inline const QString kVerifier = QStringLiteral("dBjftJeZ4CVP-mJ0tuyU-mDzpjeoKl1k0Xtn5w_t6oZE5mRb");
inline QString s256(const QString &verifier)
{
    return b64url(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256));
}

// name=value&... with every byte outside the unreserved set percent-encoded.
inline QByteArray encode(const QList<QPair<QString, QString>> &params)
{
    QByteArray out;
    for (const auto &p : params) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(p.first) + '=' + QUrl::toPercentEncoding(p.second);
    }
    return out;
}

class Harness {
public:
    Harness() { m_nam.setProxy(QNetworkProxy::NoProxy); }

    bool start(wb::SandboxConfig config = {})
    {
        config.clock = [this] { return now; };
        QString error;
        const bool ok = server.start(config, &error);
        if (!ok)
            qWarning() << "sandbox did not start:" << error;
        return ok;
    }
    QString issuer() const { return server.issuer(); }
    QString url(const QString &path) const
    {
        return path.startsWith(QLatin1String("http")) ? path : issuer() + path;
    }

    HttpResult send(const QByteArray &method, const QString &pathOrUrl, const QByteArray &body = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QNetworkRequest req{QUrl(url(pathOrUrl))};
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        req.setTransferTimeout(20000);
        for (const auto &h : headers)
            req.setRawHeader(h.first, h.second);
        QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        HttpResult r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.headers = reply->rawHeaderPairs();
        r.body = reply->readAll();
        if (reply->error() != QNetworkReply::NoError && r.status == 0)
            r.error = reply->errorString();
        reply->deleteLater();
        return r;
    }
    HttpResult get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return send("GET", path, {}, headers);
    }
    HttpResult postForm(const QString &path, const QList<QPair<QString, QString>> &form,
                        QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        headers.append(
            qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded")));
        return send("POST", path, encode(form), headers);
    }

    // GET /authorize with sensible defaults for the public client; `extra` overrides or adds.
    HttpResult authorize(const QList<QPair<QString, QString>> &extra = {})
    {
        QList<QPair<QString, QString>> params = {
            {"response_type", "code"},
            {"client_id", "sandbox-public"},
            {"redirect_uri", "http://127.0.0.1:50505/callback"},
            {"scope", "openid profile email offline_access"},
            {"state", "st-123"},
            {"nonce", "n-456"},
            {"code_challenge", s256(kVerifier)},
            {"code_challenge_method", "S256"},
        };
        for (const auto &e : extra) {
            params.removeIf([&](const auto &p) { return p.first == e.first; });
            if (!e.second.isNull())
                params.append(e);
        }
        return get(QStringLiteral("/authorize?") + QString::fromLatin1(encode(params)));
    }
    // Auto-approved authorization: the code from the Location (empty if none).
    QString code(const QList<QPair<QString, QString>> &extra = {})
    {
        return authorize(extra).locationQuery().queryItemValue("code", QUrl::FullyDecoded);
    }
    HttpResult exchange(const QString &code, const QString &verifier = kVerifier,
                        const QString &redirectUri = QStringLiteral("http://127.0.0.1:50505/callback"),
                        const QString &clientId = QStringLiteral("sandbox-public"))
    {
        return postForm("/token", {{"grant_type", "authorization_code"},
                                   {"code", code},
                                   {"redirect_uri", redirectUri},
                                   {"client_id", clientId},
                                   {"code_verifier", verifier}});
    }
    HttpResult refresh(const QString &refreshToken)
    {
        return postForm("/token", {{"grant_type", "refresh_token"},
                                   {"refresh_token", refreshToken},
                                   {"client_id", "sandbox-public"}});
    }
    HttpResult introspect(const QString &token)
    {
        return postForm("/introspect", {{"token", token}},
                        {{"Authorization", basic("sandbox-basic", "sandbox-secret")}});
    }
    static QByteArray basic(const QString &id, const QString &secret)
    {
        return "Basic " + (QUrl::toPercentEncoding(id) + ':' + QUrl::toPercentEncoding(secret)).toBase64();
    }

    QDateTime now = QDateTime(QDate(2025, 3, 14), QTime(15, 9, 26), Qt::UTC);
    wb::SandboxServer server;

private:
    QNetworkAccessManager m_nam;
};

} // namespace sbxtest
