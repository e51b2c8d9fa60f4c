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
    // Sent in this order. The client adds only what Qt would otherwise add unrecorded (see
    // wireHeaders()), joins a repeated name into one line and always sends the real
    // Content-Length; Exchange.requestHeaders is the resulting wire list.
    HttpHeaders headers;
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
    // Aborts every pending request silently: no callback runs after (or during) destruction.
    ~HttpClient() override;

    // Starts the request; `done` runs exactly once on this thread with the Exchange (also on
    // timeout, network/TLS error, cancel), always from the event loop, never inside send() or
    // cancel(). Returns a handle for cancel(). Exchange.id is empty: the session owner assigns
    // ids. Only http/https URLs are sent; anything else ends as TransportError::Malformed.
    quint64 send(const HttpRequest &request, ExchangeRole role, Callback done);
    // Aborts; the callback then reports TransportError::Cancelled. Unknown or finished handles
    // are ignored (a response that already arrived is still delivered as it was).
    void cancel(quint64 handle);
    void cancelAll();

    // SHA-256 fingerprints (any spelling certpin::normalize accepts) of leaf certificates trusted
    // despite TLS errors (self-signed, unknown CA, wrong name): a reply's certificate errors are
    // ignored only when the presented leaf matches one of them, and the Exchange records it
    // (tlsTrustedByPin). Without pins nothing is ever ignored. Pinned connections are kept apart
    // from unpinned ones, so an unpinned request never reuses a connection trusted by a pin.
    void setPinnedCertificates(const QStringList &sha256);
    QStringList pinnedCertificates() const { return m_pins; }

    // The User-Agent the client sends unless the request sets one.
    static QByteArray userAgent();

    // The Accept-Language value Qt would invent from the system locale when a request has none.
    // The client sends it explicitly (Qt cannot be told to omit it) so the record stays true.
    static QByteArray defaultAcceptLanguage();

    // The header list the client puts on the wire for `request`, in wire order: the caller's
    // headers (a repeated name joined into one line, Content-Length replaced by the real one)
    // plus Host, User-Agent, Accept-Encoding: identity, Accept-Language, Connection,
    // Content-Type (POST) and Content-Length when a body is uploaded.
    static HttpHeaders wireHeaders(const HttpRequest &request);

private:
    struct Pending;
    void onReadyRead(quint64 handle);
    void onFinished(quint64 handle);
    void finish(quint64 handle, TransportError err, const QString &message);
    void deliver(const Callback &done, const Exchange &exchange);
    QNetworkAccessManager *m_nam;
    QStringList m_pins; // normalized
    quint64 m_next = 1;
    QHash<quint64, Pending *> m_pending;
};

} // namespace wb
