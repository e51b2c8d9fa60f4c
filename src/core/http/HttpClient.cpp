#include "http/HttpClient.h"

#include "Version.h"
#include "http/CertificatePin.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

namespace wb {

// One request in flight: the reply, its timer and the Exchange being filled in.
struct HttpClient::Pending {
    QPointer<QNetworkReply> reply;
    QTimer *timer = nullptr; // child of the client
    QElapsedTimer clock;
    Exchange exchange;
    Callback done;
    qint64 maxBytes = 0;
};

namespace {

bool sameName(const QByteArray &a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

// RFC 9110 token characters: anything else in a name could split or smuggle a header.
bool isToken(const QByteArray &name)
{
    static const QByteArrayView extra("!#$%&'*+-.^_`|~");
    if (name.isEmpty())
        return false;
    for (char c : name) {
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum && !extra.contains(c))
            return false;
    }
    return true;
}

QString headerProblem(const HttpHeaders &headers)
{
    for (const auto &h : headers) {
        if (!isToken(h.name))
            return QStringLiteral("header name \"%1\" is not a valid HTTP token")
                .arg(QString::fromLatin1(h.name));
        if (h.value.contains('\r') || h.value.contains('\n') || h.value.contains('\0'))
            return QStringLiteral("header %1 contains a line break or NUL").arg(QString::fromLatin1(h.name));
    }
    return {};
}

// Host as Qt would format it; the port only when it is not the scheme's default.
QByteArray hostHeader(const QUrl &url)
{
    const QString host = url.host();
    QByteArray value;
    QHostAddress address;
    if (address.setAddress(host))
        value = address.protocol() == QAbstractSocket::IPv6Protocol ? '[' + host.toLatin1() + ']'
                                                                    : host.toLatin1();
    else
        value = QUrl::toAce(host);
    const int defaultPort = url.scheme() == u"https" ? 443 : 80;
    const int port = url.port(defaultPort);
    if (port != defaultPort)
        value += ':' + QByteArray::number(port);
    return value;
}

QString hostForMessage(const QUrl &url)
{
    return url.port() == -1 ? url.host() : QStringLiteral("%1:%2").arg(url.host()).arg(url.port());
}

// GET/HEAD/DELETE without a body go out without an upload device, hence without
// Content-Length; POST and PUT always upload (Content-Length: 0 for an empty body).
bool uploadsBody(const HttpRequest &request)
{
    return !request.body.isEmpty() || request.method == u"POST" || request.method == u"PUT";
}

// Headers that Qt fills in itself when absent *or empty*, so an empty caller value is dropped.
bool isQtDefaulted(const QByteArray &name)
{
    for (const char *n : {"Host", "User-Agent", "Accept-Encoding", "Accept-Language", "Connection"}) {
        if (sameName(name, n))
            return true;
    }
    return false;
}

// Qt's own sentence first, then what it usually means for someone debugging a login.
QString networkMessage(QNetworkReply::NetworkError code, const QString &qtMessage, const QUrl &url)
{
    const QString host = hostForMessage(url);
    QString plain;
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        plain = QStringLiteral("%1 refused the connection: nothing is listening there, or the port is wrong.")
                    .arg(host);
        break;
    case QNetworkReply::HostNotFoundError:
        plain = QStringLiteral("The host name %1 could not be resolved (DNS).").arg(url.host());
        break;
    case QNetworkReply::RemoteHostClosedError:
        plain = QStringLiteral("%1 closed the connection before the response was complete.").arg(host);
        break;
    case QNetworkReply::TimeoutError:
        plain = QStringLiteral("The connection to %1 timed out.").arg(host);
        break;
    default:
        plain = QStringLiteral("The request to %1 failed before a complete response arrived.").arg(host);
    }
    return QStringLiteral("%1 (%2)").arg(plain, qtMessage);
}

// Errors Qt derives from an HTTP status (4xx → 201..299, except 400 → 302; 5xx → 401..499):
// these are answers, not transport failures.
bool isHttpStatusError(QNetworkReply::NetworkError code)
{
    return (code >= QNetworkReply::ContentAccessDenied && code <= QNetworkReply::UnknownContentError) ||
           code == QNetworkReply::ProtocolInvalidOperationError ||
           (code >= QNetworkReply::InternalServerError && code <= QNetworkReply::UnknownServerError);
}

void fillResponse(Exchange &ex, QNetworkReply *reply)
{
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return;
    ex.status = status.toInt();
    ex.reason =
        QString::fromLatin1(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
    if (reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool())
        ex.httpVersion = QStringLiteral("HTTP/2");
    // Wire order, except that Qt merges a repeated header into one entry at the position of its
    // last occurrence: Set-Cookie lines joined with '\n' (split back here; a value cannot hold a
    // newline), any other header joined with ", " (kept as one line: equivalent per RFC 9110,
    // and not safely splittable). QNetworkReply offers no way to see the original layout.
    ex.responseHeaders.clear();
    for (const auto &[name, value] : reply->rawHeaderPairs()) {
        if (sameName(name, "Set-Cookie")) {
            for (const QByteArray &line : value.split('\n'))
                ex.responseHeaders.append(HttpHeader{name, line});
        } else {
            ex.responseHeaders.append(HttpHeader{name, value});
        }
    }
}

// A pinned client's reply that saw no TLS errors either verified normally or came over a pooled
// connection that another pinned client accepted by its pin (a reused connection reports no
// errors). Verifies the presented chain again; when it does not verify, the leaf must match one
// of *these* pins. Returns why the reply must not be trusted, or empty.
QString reusedPinnedConnectionProblem(Exchange &ex, QNetworkReply *reply, const QStringList &pins)
{
    const QList<QSslCertificate> chain = reply->sslConfiguration().peerCertificateChain();
    if (chain.isEmpty())
        return QStringLiteral("the server's certificate could not be checked against the pins");
    const QList<QSslError> errors = QSslCertificate::verify(chain, reply->url().host());
    if (errors.isEmpty())
        return {}; // verifies on its own: no pin involved
    ex.tlsCertificate = certpin::describe(chain.first());
    QStringList listed;
    for (const QSslError &e : errors)
        listed << e.errorString();
    const QString pin = certpin::matchingPin(chain.first(), pins);
    if (!pin.isEmpty()) {
        ex.tlsTrustedByPin = certpin::display(pin);
        ex.tlsCertificate << QStringLiteral("Overridden by the pin: %1").arg(listed.join(u"; "));
        return {};
    }
    ex.tlsErrors = listed;
    ex.tlsErrors << QStringLiteral("The certificate's SHA-256 matches none of the %1 pinned fingerprint(s)")
                        .arg(pins.size());
    return ex.tlsErrors.join(QStringLiteral("; "));
}

} // namespace

HttpClient::HttpClient(QNetworkAccessManager *nam, QObject *parent) : QObject(parent), m_nam(nam) {}

void HttpClient::setPinnedCertificates(const QStringList &sha256)
{
    m_pins.clear();
    for (const QString &pin : sha256) {
        const QString n = certpin::normalize(pin);
        if (!n.isEmpty() && !m_pins.contains(n))
            m_pins << n;
    }
}

HttpClient::~HttpClient()
{
    for (Pending *p : std::as_const(m_pending)) {
        if (p->reply) {
            p->reply->disconnect(this);
            p->reply->abort();
            p->reply->deleteLater();
        }
        delete p;
    }
    m_pending.clear();
}

QByteArray HttpClient::userAgent()
{
    return QByteArrayLiteral("OAuthWorkbench/") + kAppVersion;
}

QByteArray HttpClient::defaultAcceptLanguage()
{
    // Mirrors QHttpNetworkConnectionPrivate::prepareRequest (Qt 6.4).
    const QString locale = QLocale::system().name().replace(u'_', u'-');
    if (locale == u"C")
        return "en,*";
    if (locale.startsWith(u"en-"))
        return locale.toLatin1() + ",*";
    return locale.toLatin1() + ",en,*";
}

HttpHeaders HttpClient::wireHeaders(const HttpRequest &request)
{
    HttpHeaders wire;
    // QNetworkRequest keeps one value per name, so a repeated header becomes one line.
    for (const auto &h : request.headers) {
        if (sameName(h.name, "Content-Length"))
            continue; // Qt always rewrites it from the body; the real length is added below
        if (h.value.isEmpty() && isQtDefaulted(h.name))
            continue;
        auto it = std::find_if(wire.begin(), wire.end(),
                               [&](const HttpHeader &w) { return sameName(w.name, h.name); });
        if (it == wire.end())
            wire.append(HttpHeader{h.name, h.value.isNull() ? QByteArray("") : h.value});
        else
            it->value += (sameName(h.name, "Cookie") ? "; " : ", ") + h.value;
    }
    // Same order Qt uses when it adds these itself: Host first, the rest after the caller's.
    if (!hasHeader(wire, "Host"))
        wire.prepend(HttpHeader{"Host", hostHeader(request.url)});
    if (!hasHeader(wire, "User-Agent"))
        wire.append(HttpHeader{"User-Agent", userAgent()});
    if (!hasHeader(wire, "Accept-Encoding"))
        wire.append(HttpHeader{"Accept-Encoding", "identity"}); // else Qt asks for gzip and decodes silently
    if (!hasHeader(wire, "Accept-Language"))
        wire.append(HttpHeader{"Accept-Language", defaultAcceptLanguage()});
    if (!hasHeader(wire, "Connection"))
        wire.append(HttpHeader{"Connection", "Keep-Alive"});
    if (request.method == u"POST" && !hasHeader(wire, "Content-Type")) // Qt's fallback, even for no body
        wire.append(HttpHeader{"Content-Type", "application/x-www-form-urlencoded"});
    // Qt re-inserts Content-Length at the end whatever we do, so it goes last here too.
    if (uploadsBody(request))
        wire.append(HttpHeader{"Content-Length", QByteArray::number(request.body.size())});
    return wire;
}

quint64 HttpClient::send(const HttpRequest &request, ExchangeRole role, Callback done)
{
    const quint64 handle = m_next++;
    auto *p = new Pending;
    p->clock.start();
    p->done = std::move(done);
    p->maxBytes = qMax<qint64>(0, request.maxResponseBytes);
    Exchange &ex = p->exchange;
    ex.role = role;
    ex.method = request.method;
    ex.url = request.url.adjusted(QUrl::RemoveFragment).toString(QUrl::FullyEncoded); // never sent
    ex.requestBody = request.body;
    ex.startedAt = QDateTime::currentDateTimeUtc();

    QString problem;
    const QString scheme = request.url.scheme();
    if (!request.url.isValid() || request.url.host().isEmpty())
        problem = QStringLiteral("the URL \"%1\" is not a valid absolute URL").arg(request.url.toString());
    else if (scheme != u"http" && scheme != u"https")
        problem = QStringLiteral("only http and https URLs are requested, not %1:").arg(scheme);
    else if (!isToken(request.method.toLatin1()))
        problem = QStringLiteral("the method \"%1\" is not a valid HTTP token").arg(request.method);
    else
        problem = headerProblem(request.headers);
    if (!problem.isEmpty()) {
        ex.requestHeaders = request.headers;
        ex.transportError = TransportError::Malformed;
        ex.errorMessage = QStringLiteral("Request not sent: %1.").arg(problem);
        deliver(p->done, ex);
        delete p;
        return handle;
    }

    ex.requestHeaders = wireHeaders(request);
    const bool pinned = !m_pins.isEmpty() && scheme == u"https";
    QNetworkRequest req(request.url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false); // HTTP/1.1 text = the record
    req.setAttribute(QNetworkRequest::Http2CleartextAllowedAttribute, false);
    for (const auto &h : std::as_const(ex.requestHeaders))
        req.setRawHeader(h.name, h.value);
    // Qt pools connections by scheme, host, port and peer verify name: naming the (same) host
    // here keeps connections accepted by a pin out of the pool unpinned clients use. Pinned
    // clients share one pool, so their replies are re-checked (reusedPinnedConnectionProblem).
    if (pinned)
        req.setPeerVerifyName(request.url.host());

    const QByteArray verb = request.method.toLatin1();
    QNetworkReply *reply = nullptr;
    if (verb == "GET" && request.body.isEmpty())
        reply = m_nam->get(req);
    else if (verb == "HEAD" && request.body.isEmpty())
        reply = m_nam->head(req);
    else if (verb == "DELETE" && request.body.isEmpty())
        reply = m_nam->deleteResource(req);
    else if (verb == "POST")
        reply = m_nam->post(req, request.body);
    else if (verb == "PUT")
        reply = m_nam->put(req, request.body);
    else if (request.body.isEmpty())
        reply = m_nam->sendCustomRequest(req, verb, static_cast<QIODevice *>(nullptr));
    else
        reply = m_nam->sendCustomRequest(req, verb, request.body);
    p->reply = reply;

    connect(reply, &QNetworkReply::readyRead, this, [this, handle] { onReadyRead(handle); });
    connect(reply, &QNetworkReply::finished, this, [this, handle] { onFinished(handle); });
    // Recorded, and ignored only for a leaf certificate pinned in the profile; otherwise the
    // handshake fails and the exchange ends as Tls, showing the certificate so it can be pinned.
    connect(reply, &QNetworkReply::sslErrors, this, [this, handle](const QList<QSslError> &errors) {
        Pending *pending = m_pending.value(handle);
        if (!pending || !pending->reply)
            return;
        QSslCertificate leaf = pending->reply->sslConfiguration().peerCertificate();
        if (leaf.isNull() && !errors.isEmpty())
            leaf = errors.first().certificate();
        Exchange &record = pending->exchange;
        record.tlsCertificate = certpin::describe(leaf);
        const QString pin = certpin::matchingPin(leaf, m_pins);
        if (!pin.isEmpty()) {
            QStringList overridden;
            for (const QSslError &e : errors)
                overridden << e.errorString();
            record.tlsTrustedByPin = certpin::display(pin);
            record.tlsCertificate << QStringLiteral("Overridden by the pin: %1").arg(overridden.join(u"; "));
            pending->reply->ignoreSslErrors(errors);
            return;
        }
        for (const QSslError &e : errors)
            record.tlsErrors.append(e.errorString());
        if (!m_pins.isEmpty())
            record.tlsErrors.append(QStringLiteral("The certificate's SHA-256 matches none of the %1 pinned "
                                                   "fingerprint(s)")
                                        .arg(m_pins.size()));
    });
    // The manager owns its replies; if it dies first the request ends instead of hanging.
    connect(reply, &QObject::destroyed, this, [this, handle] {
        finish(handle, TransportError::Network,
               QStringLiteral("The request was dropped: its network manager was destroyed."));
    });

    p->timer = new QTimer(this);
    p->timer->setSingleShot(true);
    const QUrl url = request.url;
    const int timeoutMs = request.timeoutMs;
    connect(p->timer, &QTimer::timeout, this, [this, handle, url, timeoutMs] {
        finish(handle, TransportError::Timeout,
               QStringLiteral("No response from %1 within %2 s")
                   .arg(hostForMessage(url), QString::number(timeoutMs / 1000.0)));
    });
    p->timer->start(qMax(0, timeoutMs));
    m_pending.insert(handle, p);
    return handle;
}

void HttpClient::onReadyRead(quint64 handle)
{
    Pending *p = m_pending.value(handle);
    if (!p || !p->reply)
        return;
    const QByteArray chunk = p->reply->readAll();
    Exchange &ex = p->exchange;
    ex.responseSize += chunk.size();
    const qint64 room = p->maxBytes - ex.responseBody.size();
    if (chunk.size() <= room) {
        ex.responseBody += chunk;
        return;
    }
    ex.responseBody += chunk.left(room);
    ex.responseTruncated = true;
    finish(handle, TransportError::TooLarge,
           QStringLiteral("The response from %1 is larger than the %2-byte limit; it was cut there.")
               .arg(hostForMessage(p->reply->url()))
               .arg(p->maxBytes));
}

void HttpClient::onFinished(quint64 handle)
{
    onReadyRead(handle); // whatever is still buffered; may end the request as TooLarge
    Pending *p = m_pending.value(handle);
    if (!p || !p->reply)
        return;
    QNetworkReply *reply = p->reply;
    const QNetworkReply::NetworkError code = reply->error();
    const bool hasStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
    const QUrl url = reply->url();
    if ((code == QNetworkReply::NoError || (hasStatus && isHttpStatusError(code))) && !m_pins.isEmpty() &&
        url.scheme() == u"https" && p->exchange.tlsTrustedByPin.isEmpty()) {
        const QString problem = reusedPinnedConnectionProblem(p->exchange, reply, m_pins);
        if (problem.isEmpty())
            finish(handle, TransportError::None, {});
        else
            finish(handle, TransportError::Tls,
                   QStringLiteral("The TLS connection to %1 was not trusted: %2.")
                       .arg(hostForMessage(url), problem));
    } else if (code == QNetworkReply::NoError || (hasStatus && isHttpStatusError(code))) {
        finish(handle, TransportError::None, {});
    } else if (code == QNetworkReply::SslHandshakeFailedError || !p->exchange.tlsErrors.isEmpty()) {
        const QString detail = p->exchange.tlsErrors.isEmpty()
                                   ? reply->errorString()
                                   : p->exchange.tlsErrors.join(QStringLiteral("; "));
        const QString presented = p->exchange.tlsCertificate.isEmpty()
                                      ? QString()
                                      : QStringLiteral(" The server presented: %1.")
                                            .arg(p->exchange.tlsCertificate.join(QStringLiteral("; ")));
        finish(handle, TransportError::Tls,
               QStringLiteral("The TLS connection to %1 failed and was not trusted: %2 (%3).%4")
                   .arg(hostForMessage(url), detail, reply->errorString(), presented));
    } else if (code == QNetworkReply::OperationCanceledError) {
        finish(handle, TransportError::Cancelled, QStringLiteral("The request was aborted."));
    } else if (code >= QNetworkReply::ProtocolUnknownError && code <= QNetworkReply::ProtocolFailure) {
        finish(handle, TransportError::Malformed,
               QStringLiteral("The response from %1 was not valid HTTP (%2)")
                   .arg(hostForMessage(url), reply->errorString()));
    } else {
        finish(handle, TransportError::Network, networkMessage(code, reply->errorString(), url));
    }
}

void HttpClient::finish(quint64 handle, TransportError err, const QString &message)
{
    Pending *p = m_pending.take(handle);
    if (!p)
        return;
    if (p->timer) {
        p->timer->stop();
        p->timer->deleteLater(); // may be running its own timeout slot right now
    }
    Exchange &ex = p->exchange;
    if (p->reply) {
        fillResponse(ex, p->reply);
        p->reply->disconnect(this); // abort() below emits finished synchronously
        if (p->reply->isRunning())
            p->reply->abort();
        p->reply->deleteLater();
    }
    ex.durationMs = p->clock.elapsed();
    ex.transportError = err;
    ex.errorMessage = message;
    deliver(p->done, ex);
    delete p;
}

void HttpClient::deliver(const Callback &done, const Exchange &exchange)
{
    // Queued on this object: never re-entrant into send()/cancel(), and Qt drops the call if
    // the client is destroyed first.
    QMetaObject::invokeMethod(
        this,
        [done, exchange] {
            if (done)
                done(exchange);
        },
        Qt::QueuedConnection);
}

void HttpClient::cancel(quint64 handle)
{
    finish(handle, TransportError::Cancelled, QStringLiteral("Cancelled before the response was complete."));
}

void HttpClient::cancelAll()
{
    const auto handles = m_pending.keys();
    for (quint64 h : handles)
        cancel(h);
}

} // namespace wb
