#pragma once
// LoopbackListener: the RFC 8252 (7.3) loopback redirect receiver. Binds 127.0.0.1 or [::1]
// (never a wildcard), records every request it receives as an Exchange (callback or stray),
// answers the browser with a clear page, and is hardened against malformed and hostile input.

#include "http/Exchange.h"
#include "http/HttpConnectionPool.h"
#include "oauth/CallbackParams.h"
#include "store/Profile.h"

#include <QObject>
#include <functional>

class QTcpSocket;

namespace wb {

namespace loopback {
struct Response;
}

struct LoopbackConfig {
    // Spelling in redirect_uri: 127.0.0.1 | [::1] | localhost (binds 127.0.0.1 unless bindIpv6).
    QString redirectHost = QStringLiteral("127.0.0.1");
    bool bindIpv6 = false; // bind ::1 instead of 127.0.0.1 (forced when redirectHost is [::1])
    quint16 port = 0;      // 0 = ephemeral
    QString path = QStringLiteral("/callback");
    // Informational: every mode is accepted regardless, so a provider answering in another mode
    // than requested is still recorded (CallbackParams::source) and can be diagnosed.
    ResponseMode responseMode = ResponseMode::Query;

    // Hardening limits.
    int maxRequestLineBytes = 8 * 1024;
    int maxHeaderBytes = 32 * 1024; // all header lines together
    int maxHeaderCount = 100;
    qint64 maxBodyBytes = 1024 * 1024;
    int readTimeoutMs = 10000; // a connection that does not finish its request in time is closed
    // Concurrent connections. When full, the oldest connection that has sent nothing (or is only
    // lingering after its answer) is closed to make room; if there is none, the oldest incomplete
    // request is closed (and recorded). A newcomer is never refused (docs/hardening.md).
    int maxConnections = 64;
};

// How the listener answers a callback request; decided by the flow (it knows the state).
struct CallbackReply {
    bool success = true;
    QString title;   // "Signed in" / "Authorization failed"
    QString message; // plain text; HTML-escaped by the listener
};

class LoopbackListener : public QObject {
    Q_OBJECT
public:
    explicit LoopbackListener(QObject *parent = nullptr);
    ~LoopbackListener() override;

    // Binds and listens. On failure returns false with a plain message (port in use...).
    bool start(const LoopbackConfig &config, QString *error = nullptr);
    void stop();
    bool isListening() const;

    quint16 port() const;
    QString redirectUri() const;   // e.g. http://127.0.0.1:53121/callback
    QString listenAddress() const; // e.g. 127.0.0.1:53121

    // Called for each request on the redirect path that carries callback parameters, with the
    // request side of the Exchange (the answer is not written yet).
    // Without a handler: success page when a code is present, error page for error=...
    void setCallbackHandler(std::function<CallbackReply(const Exchange &, const CallbackParams &)> handler);

signals:
    // Every request received, complete with the answer the listener sent (role Callback or Stray).
    void requestRecorded(const wb::Exchange &exchange);
    // After requestRecorded, for a request on the redirect path with callback parameters.
    void callbackReceived(const wb::Exchange &exchange, const wb::CallbackParams &params);

private:
    void handleComplete(const HttpConnectionPool::Connection &c);
    void reject(const HttpConnectionPool::Connection &c, int status, const QString &why, TransportError err);
    void onClosed(const HttpConnectionPool::Connection &c, HttpConnectionPool::CloseReason reason);
    bool hostAllowed(const QByteArray &host) const;
    Exchange requestSide(const HttpConnectionPool::Connection &c) const;
    // Writes the answer, fills the response side of `x` and starts closing the connection.
    void answer(QTcpSocket *socket, Exchange &x, const loopback::Response &response, bool lingering);

    LoopbackConfig m_config;
    HttpConnectionPool *m_pool;
    std::function<CallbackReply(const Exchange &, const CallbackParams &)> m_handler;
};

} // namespace wb
