#pragma once
// HttpClient: the recording HTTP client. Sends one request through an injected
// QNetworkAccessManager, never follows redirects, and hands back the complete Exchange —
// headers and body as sent, status, headers and body as received, timing, TLS/network errors.

#include "http/Exchange.h"

#include <QHash>
#include <QObject>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace wb {

struct HttpRequest {
    QString method = QStringLiteral("GET");
    QUrl url;
    HttpHeaders headers; // sent exactly as given; the client adds only what it must and records it
    QByteArray body;
    int timeoutMs = 30000;
    qint64 maxResponseBytes = 10 * 1024 * 1024; // larger bodies are cut: TransportError::TooLarge
};

class HttpClient : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const Exchange &)>;

    // The manager is not owned; its cookie jar is bypassed (cookies are explicit headers).
    explicit HttpClient(QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~HttpClient() override;

    // Starts the request; `done` runs exactly once on this thread with the Exchange (also on
    // timeout, network/TLS error, cancel). Returns a handle for cancel(). Exchange.id is empty:
    // the session owner assigns ids.
    quint64 send(const HttpRequest &request, ExchangeRole role, Callback done);
    void cancel(quint64 handle);
    void cancelAll();

    // The User-Agent the client sends unless the request sets one.
    static QByteArray userAgent();

private:
    struct Pending;
    void finish(quint64 handle, TransportError err, const QString &message);
    QNetworkAccessManager *m_nam;
    quint64 m_next = 1;
    QHash<quint64, Pending *> m_pending;
};

} // namespace wb
