#include "browser/CdpClient.h"

#include "util/JsonDepth.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QWebSocket>

namespace wb {

using json = nlohmann::json;

namespace {
constexpr int kMaxAttempts = 50; // x 200 ms while the browser creates its first page
}

CdpClient::CdpClient(QObject *parent) : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

CdpClient::~CdpClient()
{
    close();
}

QUrl CdpClient::pageTargetUrl(const QByteArray &jsonList, QString *error)
{
    // The nesting limit of all JSON from outside (JsonDepth): a deep "[[[[..." would overflow
    // the stack when the document is copied or destroyed.
    if (jsonNestedDeeperThan(jsonList)) {
        if (error)
            *error = QStringLiteral("The DevTools target list nests arrays or objects deeper than %1 levels.")
                         .arg(kMaxJsonDepth);
        return {};
    }
    const json doc = json::parse(jsonList.constBegin(), jsonList.constEnd(), nullptr, false);
    if (!doc.is_array()) {
        if (error)
            *error = QStringLiteral("The DevTools target list is not a JSON array.");
        return {};
    }
    for (const json &t : doc) {
        if (!t.is_object())
            continue;
        const auto type = t.find("type");
        const auto ws = t.find("webSocketDebuggerUrl");
        if (type == t.end() || !type->is_string() || *type != "page" || ws == t.end() || !ws->is_string())
            continue;
        const QUrl url(QString::fromStdString(ws->get<std::string>()));
        if (url.isValid() && (url.scheme() == QLatin1String("ws") || url.scheme() == QLatin1String("wss")))
            return url;
    }
    if (error)
        *error = QStringLiteral("The browser has no page target to attach to.");
    return {};
}

void CdpClient::connectToBrowser(int port)
{
    m_port = port;
    m_attempts = 0;
    fetchTargets();
}

void CdpClient::fetchTargets()
{
    QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/json/list").arg(m_port)));
    req.setTransferTimeout(5000);
    QNetworkReply *reply = m_nam->get(req);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        QString error;
        QUrl url;
        if (reply->error() == QNetworkReply::NoError)
            url = pageTargetUrl(reply->readAll(), &error);
        else
            error = reply->errorString();
        if (url.isValid()) {
            connectToTarget(url);
            return;
        }
        if (++m_attempts >= kMaxAttempts) {
            emit failed(QStringLiteral("Could not find the browser's page over the DevTools protocol: %1")
                            .arg(error));
            return;
        }
        QTimer::singleShot(200, this, [this] { fetchTargets(); });
    });
}

void CdpClient::connectToTarget(const QUrl &webSocketDebuggerUrl)
{
    close();
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(256 * 1024 * 1024);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_open = true;
        emit connected();
    });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        const bool wasOpen = m_open;
        m_open = false;
        // Commands that will never be answered.
        auto pending = std::move(m_pending);
        m_pending.clear();
        for (auto &[id, fn] : pending)
            if (fn)
                fn(json(), QStringLiteral("the DevTools connection closed"));
        if (wasOpen)
            emit disconnected();
        else
            emit failed(
                QStringLiteral("Could not open the DevTools WebSocket: %1").arg(m_socket->errorString()));
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &m) { handleMessage(m.toUtf8()); });
    m_socket->open(webSocketDebuggerUrl);
}

void CdpClient::close()
{
    if (!m_socket)
        return;
    QWebSocket *s = m_socket;
    m_socket = nullptr;
    s->disconnect(this);
    m_open = false;
    s->abort();
    s->deleteLater();
    m_pending.clear();
}

int CdpClient::send(const QString &method, const json &params, ResultFn done, const QString &sessionId)
{
    const int id = m_nextId++;
    if (!m_socket || !m_open) {
        if (done)
            QTimer::singleShot(0, this, [done] { done(json(), QStringLiteral("not connected")); });
        return id;
    }
    if (done)
        m_pending[id] = std::move(done);
    json msg = {{"id", id}, {"method", method.toStdString()}, {"params", params}};
    if (!sessionId.isEmpty())
        msg["sessionId"] = sessionId.toStdString();
    m_socket->sendTextMessage(
        QString::fromStdString(msg.dump(-1, ' ', false, json::error_handler_t::replace)));
    return id;
}

void CdpClient::handleMessage(const QByteArray &message)
{
    auto malformed = [this](const QString &why) {
        ++m_malformed;
        emit malformedMessage(why);
    };
    if (jsonNestedDeeperThan(message)) { // the limit of all JSON from outside (JsonDepth)
        malformed(QStringLiteral("arrays or objects nested deeper than %1 levels").arg(kMaxJsonDepth));
        return;
    }
    const json msg = json::parse(message.constBegin(), message.constEnd(), nullptr, false);
    if (!msg.is_object()) {
        malformed(QStringLiteral("not a JSON object"));
        return;
    }
    if (const auto id = msg.find("id"); id != msg.end()) {
        if (!id->is_number_integer()) {
            malformed(QStringLiteral("an id that is not an integer"));
            return;
        }
        const auto it = m_pending.find(id->get<int>());
        if (it == m_pending.end())
            return; // a command sent without a callback, or answered twice
        ResultFn fn = std::move(it->second);
        m_pending.erase(it);
        if (const auto err = msg.find("error"); err != msg.end()) {
            QString text = QStringLiteral("DevTools error");
            if (err->is_object() && err->contains("message") && (*err)["message"].is_string())
                text = QString::fromStdString((*err)["message"].get<std::string>());
            fn(json(), text);
            return;
        }
        const auto result = msg.find("result");
        fn(result != msg.end() ? *result : json::object(), QString());
        return;
    }
    const auto method = msg.find("method");
    if (method == msg.end() || !method->is_string()) {
        malformed(QStringLiteral("neither a command result nor an event"));
        return;
    }
    const auto params = msg.find("params");
    if (params != msg.end() && !params->is_object()) {
        malformed(QStringLiteral("event params that are not an object"));
        return;
    }
    const auto session = msg.find("sessionId");
    emit event(
        QString::fromStdString(method->get<std::string>()), params != msg.end() ? *params : json::object(),
        session != msg.end() && session->is_string() ? QString::fromStdString(session->get<std::string>())
                                                     : QString());
}

} // namespace wb
