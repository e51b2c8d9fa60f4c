#pragma once
// CdpClient: a Chrome DevTools Protocol connection to one page target over a WebSocket:
// JSON-RPC commands with ids and result callbacks, and events dispatched by method name. Child
// targets attached in "flat" mode (Target.setAutoAttach flatten, e.g. out-of-process iframes) share
// the connection: their commands and events carry a session id.
// Malformed or unexpected messages are counted and reported, never fatal.

#include <QObject>
#include <QString>
#include <QUrl>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

class QNetworkAccessManager;
class QWebSocket;

namespace wb {

class CdpClient : public QObject {
    Q_OBJECT
public:
    using ResultFn = std::function<void(const nlohmann::json &result, const QString &error)>;

    explicit CdpClient(QObject *parent = nullptr);
    ~CdpClient() override;

    // Finds the first page target on http://127.0.0.1:port/json/list (retrying while the
    // browser starts) and opens its WebSocket; emits connected() or failed().
    void connectToBrowser(int port);
    // Opens a known target WebSocket URL directly.
    void connectToTarget(const QUrl &webSocketDebuggerUrl);
    void close();

    // Sends a command; `done` (optional) gets the result or the error message. Returns its id.
    // `sessionId`: a flat child session's id; empty = the page target itself.
    int send(const QString &method, const nlohmann::json &params = nlohmann::json::object(),
             ResultFn done = {}, const QString &sessionId = {});

    // Handles one incoming text frame (public so unit tests can feed recorded messages).
    void handleMessage(const QByteArray &message);
    int malformedCount() const { return m_malformed; }

    // The webSocketDebuggerUrl of the first "page" target in a /json/list answer; empty with
    // `error` set when there is none or the document is not a target list.
    static QUrl pageTargetUrl(const QByteArray &jsonList, QString *error);

signals:
    void connected();
    void failed(const QString &message);
    void disconnected();
    // `sessionId`: empty for the page target's own events.
    void event(const QString &method, const nlohmann::json &params, const QString &sessionId);
    void malformedMessage(const QString &why);

private:
    void fetchTargets();
    QNetworkAccessManager *m_nam;
    QWebSocket *m_socket = nullptr;
    int m_port = 0, m_attempts = 0, m_nextId = 1, m_malformed = 0;
    bool m_open = false;
    std::map<int, ResultFn> m_pending;
};

} // namespace wb
