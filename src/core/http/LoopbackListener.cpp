#include "http/LoopbackListener.h"

#include "http/HttpStatus.h"
#include "http/LoopbackPages.h"

#include <QHostAddress>
#include <QPointer>

namespace wb {

namespace {

TransportError transportErrorFor(int status)
{
    return (status == 413 || status == 414 || status == 431) ? TransportError::TooLarge
                                                             : TransportError::Malformed;
}

QByteArrayView pathOf(QByteArrayView target)
{
    const qsizetype end = std::min<qsizetype>(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'),
                                              target.indexOf('#') < 0 ? target.size() : target.indexOf('#'));
    return target.first(end);
}

CallbackReply defaultReply(const CallbackParams &p)
{
    if (p.hasError) {
        QString message = QStringLiteral("The authorization server answered with error \"%1\".").arg(p.error);
        if (!p.errorDescription.isEmpty())
            message += QStringLiteral("\n%1").arg(p.errorDescription);
        if (!p.errorUri.isEmpty())
            message += QStringLiteral("\nMore information: %1").arg(p.errorUri);
        return {false, QStringLiteral("Authorization failed"), message};
    }
    if (p.hasCode)
        return {true, QStringLiteral("Authorization code received"),
                QStringLiteral("OAuth Workbench received the authorization response.")};
    QStringList names;
    for (const auto &pair : p.all)
        names << pair.first;
    return {false, QStringLiteral("Unexpected callback"),
            QStringLiteral("The redirect carried neither a code nor an error. Parameters received: %1.")
                .arg(names.join(QStringLiteral(", ")))};
}

} // namespace

using Connection = HttpConnectionPool::Connection;

LoopbackListener::LoopbackListener(QObject *parent)
    : QObject(parent),
      m_pool(new HttpConnectionPool(
          {[this](const Connection &c) { handleComplete(c); },
           [this](const Connection &c, int status, const QString &why) {
               reject(c, status, why, status == 408 ? TransportError::Timeout : transportErrorFor(status));
           },
           [this](const Connection &c, HttpConnectionPool::CloseReason reason) { onClosed(c, reason); }},
          this))
{
}

LoopbackListener::~LoopbackListener()
{
    stop();
}

bool LoopbackListener::start(const LoopbackConfig &config, QString *error)
{
    stop();
    auto failWith = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };

    // Only the three loopback spellings of RFC 8252 7.3 / 8.3; anything else would need a wildcard
    // or a routable address, which a redirect receiver must never listen on.
    LoopbackConfig cfg = config;
    const QString host = config.redirectHost.trimmed().toLower();
    if (host == u"127.0.0.1") {
        if (config.bindIpv6)
            return failWith(QStringLiteral("Redirect host 127.0.0.1 cannot be served on ::1; use [::1]."));
        cfg.redirectHost = host;
    } else if (host == u"[::1]" || host == u"::1") {
        cfg.redirectHost = QStringLiteral("[::1]");
        cfg.bindIpv6 = true;
    } else if (host == u"localhost") {
        cfg.redirectHost = host; // binds 127.0.0.1 (or ::1 with bindIpv6), never both
    } else {
        return failWith(QStringLiteral("Redirect host \"%1\" is not a loopback address; use 127.0.0.1, [::1] "
                                       "or localhost.")
                            .arg(config.redirectHost));
    }
    if (!cfg.path.startsWith(QLatin1Char('/')) || cfg.path.contains(QLatin1Char('?')) ||
        cfg.path.contains(QLatin1Char('#')) || cfg.path.contains(QLatin1Char(' ')))
        return failWith(
            QStringLiteral("Redirect path \"%1\" must start with / and contain no ?, # or spaces.")
                .arg(cfg.path));
    cfg.maxConnections = std::max(1, cfg.maxConnections);
    cfg.readTimeoutMs = std::max(1, cfg.readTimeoutMs);

    m_config = cfg;
    const HttpConnectionLimits limits{
        HttpRequestLimits{cfg.maxRequestLineBytes, cfg.maxHeaderBytes, cfg.maxHeaderCount, cfg.maxBodyBytes},
        cfg.maxConnections, cfg.readTimeoutMs};
    QString message;
    if (!m_pool->listen(QHostAddress(cfg.bindIpv6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost),
                        cfg.port, limits, &message))
        return failWith(message);
    return true;
}

void LoopbackListener::stop()
{
    // An answered connection is left to finish: the flow typically stops us from inside
    // callbackReceived, before the page has left the write buffer.
    m_pool->close(true);
}

bool LoopbackListener::isListening() const
{
    return m_pool->isListening();
}

quint16 LoopbackListener::port() const
{
    return m_pool->port();
}

QString LoopbackListener::redirectUri() const
{
    if (!isListening())
        return {};
    return QStringLiteral("http://%1:%2%3").arg(m_config.redirectHost).arg(port()).arg(m_config.path);
}

QString LoopbackListener::listenAddress() const
{
    if (!isListening())
        return {};
    return QStringLiteral("%1:%2")
        .arg(m_config.bindIpv6 ? QStringLiteral("[::1]") : QStringLiteral("127.0.0.1"))
        .arg(port());
}

void LoopbackListener::setCallbackHandler(
    std::function<CallbackReply(const Exchange &, const CallbackParams &)> handler)
{
    m_handler = std::move(handler);
}

void LoopbackListener::onClosed(const Connection &c, HttpConnectionPool::CloseReason reason)
{
    if (c.answered || c.bytesReceived == 0)
        return; // an idle socket, or a request already recorded with its answer
    Exchange x = requestSide(c);
    if (reason == HttpConnectionPool::CloseReason::Evicted) {
        // Every slot was mid-request and this one the oldest: recorded as a stray with what it had sent.
        x.transportError = TransportError::Timeout;
        x.errorMessage = QStringLiteral("closed to make room for a new connection: all %1 connection slots "
                                        "were busy and this request was still incomplete after %2 bytes")
                             .arg(m_config.maxConnections)
                             .arg(c.bytesReceived);
    } else if (reason == HttpConnectionPool::CloseReason::Disconnected) {
        x.transportError = TransportError::Network;
        x.errorMessage = QStringLiteral("the client closed the connection after %1 bytes, before the request "
                                        "was complete")
                             .arg(c.bytesReceived);
    } else {
        return;
    }
    emit requestRecorded(x);
}

bool LoopbackListener::hostAllowed(const QByteArray &host) const
{
    const QString value = QString::fromLatin1(host).toLower();
    const QString port = QString::number(this->port());
    const QString bound = m_config.bindIpv6 ? QStringLiteral("[::1]") : QStringLiteral("127.0.0.1");
    QStringList allowed = {m_config.redirectHost + u':' + port, bound + u':' + port};
    if (this->port() == 80) // the only case where a browser omits the port
        allowed << m_config.redirectHost << bound;
    return allowed.contains(value);
}

Exchange LoopbackListener::requestSide(const Connection &c) const
{
    const HttpRequestParser &p = c.parser;
    Exchange x;
    x.role = ExchangeRole::Stray;
    x.method = p.method();
    if (!p.target().isEmpty())
        x.url = QStringLiteral("http://%1:%2%3")
                    .arg(m_config.redirectHost)
                    .arg(port())
                    .arg(QString::fromLatin1(p.target()));
    if (!p.version().isEmpty())
        x.httpVersion = p.version();
    x.requestHeaders = p.headers();
    x.requestBody = p.body();
    x.startedAt = c.startedAt.isValid() ? c.startedAt : QDateTime::currentDateTimeUtc();
    x.durationMs = c.elapsed.isValid() ? c.elapsed.elapsed() : 0;
    x.peer = c.peer;
    return x;
}

void LoopbackListener::answer(QTcpSocket *socket, Exchange &x, const loopback::Response &response,
                              bool lingering)
{
    const Connection *c = m_pool->connection(socket);
    if (!c) { // the callback handler stopped the listener: nothing was sent
        x.transportError = TransportError::Cancelled;
        x.errorMessage = QStringLiteral("the listener was stopped before it answered");
        return;
    }
    x.status = response.status;
    x.reason = QString::fromLatin1(response.reason);
    x.responseHeaders = response.headers;
    x.responseBody = response.body;
    x.responseSize = response.body.size();
    x.durationMs = c->elapsed.isValid() ? c->elapsed.elapsed() : 0;
    m_pool->answer(socket, response.toWire(), lingering); // may forget `c` at once
}

void LoopbackListener::reject(const Connection &c, int status, const QString &why, TransportError err)
{
    Exchange x = requestSide(c);
    x.transportError = err;
    x.errorMessage = why;
    const QString heading = QString::fromLatin1(httpReasonPhrase(status));
    const QString message =
        status == 408 ? QStringLiteral("The request did not arrive completely in time, so OAuth "
                                       "Workbench closed the connection.")
                      : QStringLiteral("OAuth Workbench could not accept this request: %1.").arg(why);
    answer(c.socket, x,
           loopback::htmlResponse(status, loopback::renderPage(loopback::PageKind::Error, heading, message)),
           true);
    emit requestRecorded(x);
}

void LoopbackListener::handleComplete(const Connection &c)
{
    using loopback::PageKind;
    QTcpSocket *socket = c.socket; // `c` may be forgotten once the callback handler ran
    const HttpRequestParser &p = c.parser;
    Exchange x = requestSide(c);
    auto answerStray = [&](int status, PageKind kind, const QString &heading, const QString &message,
                           const QString &why = {}, const HttpHeaders &extra = {}) {
        x.errorMessage = why;
        answer(socket, x,
               loopback::htmlResponse(status, loopback::renderPage(kind, heading, message), false, extra),
               false);
        emit requestRecorded(x);
    };

    // DNS rebinding guard: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
    if (!hostAllowed(headerValue(p.headers(), "Host"))) {
        const bool missing = !hasHeader(p.headers(), "Host");
        const QString why =
            missing ? QStringLiteral("request without a Host header")
                    : QStringLiteral("Host \"%1\" is not this listener (%2); possible DNS rebinding")
                          .arg(QString::fromLatin1(headerValue(p.headers(), "Host")), listenAddress());
        answerStray(missing ? 400 : 421, PageKind::Error, QStringLiteral("Request refused"),
                    QStringLiteral("This request was not addressed to the OAuth Workbench listener."), why);
        return;
    }
    if (pathOf(p.target()) != m_config.path.toUtf8()) {
        answerStray(404, PageKind::Error, QStringLiteral("Not the redirect address"),
                    QStringLiteral("OAuth Workbench only receives the authorization response on %1.")
                        .arg(m_config.path));
        return;
    }
    if (p.method() != u"GET" && p.method() != u"POST") {
        answerStray(
            405, PageKind::Error, QStringLiteral("Method not allowed"),
            QStringLiteral("The redirect address accepts GET (query, fragment) and POST (form_post)."), {},
            {{"Allow", "GET, POST"}});
        return;
    }

    const CallbackParams params = parseCallbackRequest(p.method(), p.target(), p.headers(), p.body());
    if (params.all.isEmpty()) {
        if (p.method() == u"GET") {
            // No query: the response may be in the fragment, which browsers keep to themselves. This
            // GET is recorded as Stray (it carries no callback); the page's script POSTs the
            // fragment back as wb_fragment and that POST becomes the Callback (source "fragment").
            answer(socket, x, loopback::htmlResponse(200, loopback::fragmentPage(), true), false);
            emit requestRecorded(x);
        } else {
            answerStray(400, PageKind::Error, QStringLiteral("No authorization response"),
                        QStringLiteral("This POST carried no application/x-www-form-urlencoded parameters."),
                        QStringLiteral("POST on the redirect path without form parameters"));
        }
        return;
    }

    x.role = ExchangeRole::Callback;
    QPointer<LoopbackListener> guard(this);
    const CallbackReply reply = m_handler ? m_handler(x, params) : defaultReply(params);
    if (!guard)
        return;
    const QString heading = !reply.title.isEmpty() ? reply.title
                                                   : (reply.success ? QStringLiteral("Signed in")
                                                                    : QStringLiteral("Authorization failed"));
    answer(
        socket, x,
        loopback::htmlResponse(200, loopback::renderPage(reply.success ? PageKind::Success : PageKind::Error,
                                                         heading, reply.message)),
        false);
    emit requestRecorded(x);
    if (guard)
        emit callbackReceived(x, params);
}

} // namespace wb
