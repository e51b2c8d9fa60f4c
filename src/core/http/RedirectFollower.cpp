#include "http/RedirectFollower.h"

#include <QNetworkCookie>
#include <QRegularExpression>
#include <algorithm>

namespace wb {

namespace {

bool isHttp(const QUrl &url)
{
    return url.scheme() == u"http" || url.scheme() == u"https";
}

int defaultPort(const QUrl &url)
{
    return url.scheme() == u"https" ? 443 : url.scheme() == u"http" ? 80 : -1;
}

// Same scheme, host and (effective) port, and the path equals the redirect_uri's path or
// continues it after a '/': "/callback" matches "/callback?code=x" but not "/callbackevil".
bool matchesRedirectUri(const QUrl &url, const QUrl &prefix)
{
    if (!prefix.isValid() || prefix.scheme().isEmpty() || url.scheme() != prefix.scheme())
        return false;
    if (url.host().compare(prefix.host(), Qt::CaseInsensitive) != 0)
        return false;
    if (url.port(defaultPort(url)) != prefix.port(defaultPort(prefix)))
        return false;
    const QString path = url.path(QUrl::FullyEncoded);
    const QString want = prefix.path(QUrl::FullyEncoded);
    if (want.isEmpty() || want == u"/")
        return true;
    if (!path.startsWith(want))
        return false;
    return path.size() == want.size() || want.endsWith(u'/') || path.at(want.size()) == u'/';
}

QString decodeEntities(QString text)
{
    static const QRegularExpression numeric(QStringLiteral("&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});"));
    QString out;
    qsizetype last = 0;
    for (auto it = numeric.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString n = m.captured(1);
        bool ok = false;
        const char32_t code = n.startsWith(u'x') ? n.mid(1).toUInt(&ok, 16) : n.toUInt(&ok, 10);
        out += text.mid(last, m.capturedStart() - last);
        out += ok && code > 0 && code <= 0x10FFFF ? QString::fromUcs4(&code, 1) : m.captured(0);
        last = m.capturedEnd();
    }
    out += text.mid(last);
    out.replace(QLatin1String("&lt;"), QLatin1String("<"))
        .replace(QLatin1String("&gt;"), QLatin1String(">"))
        .replace(QLatin1String("&quot;"), QLatin1String("\""))
        .replace(QLatin1String("&apos;"), QLatin1String("'"))
        .replace(QLatin1String("&nbsp;"), QLatin1String(" "))
        .replace(QLatin1String("&amp;"), QLatin1String("&"));
    return out;
}

// The page's <title>, whitespace collapsed and kept short; empty when there is none.
QString pageTitle(const QByteArray &body)
{
    static const QRegularExpression re(QStringLiteral("<title[^>]*>(.*?)</title\\s*>"),
                                       QRegularExpression::CaseInsensitiveOption |
                                           QRegularExpression::DotMatchesEverythingOption);
    const auto m = re.match(QString::fromUtf8(body.left(256 * 1024)));
    if (!m.hasMatch())
        return {};
    QString title = decodeEntities(m.captured(1)).simplified();
    if (title.size() > 120)
        title = title.left(117) + QStringLiteral("...");
    return title;
}

QString statusText(const Exchange &ex)
{
    return ex.reason.isEmpty() ? QString::number(ex.status)
                               : QStringLiteral("%1 %2").arg(ex.status).arg(ex.reason);
}

QString titleSentence(const Exchange &ex)
{
    const QString title = pageTitle(ex.responseBody);
    return title.isEmpty() ? QString() : QStringLiteral(" Page title: \"%1\".").arg(title);
}

} // namespace

RedirectFollower::RedirectFollower(HttpClient *client, QObject *parent) : QObject(parent), m_client(client) {}

RedirectFollower::~RedirectFollower()
{
    // The client's callback holds a QPointer to us, so its (queued) Cancelled answer is dropped.
    if (m_client && m_handle)
        m_client->cancel(m_handle);
}

void RedirectFollower::start(const QUrl &url, const QString &redirectUriPrefix, int maxHops, int timeoutMs)
{
    if (m_client && m_handle)
        m_client->cancel(m_handle); // an abandoned chain; its answer is ignored (m_run changes)
    ++m_run;
    m_prefix = QUrl(redirectUriPrefix);
    m_maxHops = std::max(1, maxHops);
    m_timeoutMs = timeoutMs;
    m_hops = 0;
    m_handle = 0;
    m_done = false;
    m_cancelled = false;
    m_cookies.clear();
    if (!m_client) {
        const quint64 run = m_run;
        QMetaObject::invokeMethod(
            this,
            [this, run, url] {
                if (run == m_run)
                    finish(FollowResult::End::TransportFailure, url,
                           QStringLiteral("No HTTP client to follow with."));
            },
            Qt::QueuedConnection);
        return;
    }
    request(url);
}

void RedirectFollower::cancel()
{
    if (m_done)
        return;
    m_cancelled = true;
    if (m_client && m_handle)
        m_client->cancel(m_handle); // onResponse() finishes once the Cancelled exchange arrives
    else
        finish(FollowResult::End::Cancelled, {}, QStringLiteral("Following redirects was cancelled."));
}

void RedirectFollower::request(const QUrl &url)
{
    ++m_hops;
    HttpRequest req;
    req.url = url;
    req.timeoutMs = m_timeoutMs;
    // What a browser navigation asks for, so servers answer with their HTML pages.
    req.headers.append(
        HttpHeader{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"});
    const QByteArray cookies = cookieHeader(url);
    if (!cookies.isEmpty())
        req.headers.append(HttpHeader{"Cookie", cookies});
    QPointer<RedirectFollower> self(this);
    const quint64 run = m_run;
    m_handle = m_client->send(req, ExchangeRole::FrontChannel, [self, run, url](const Exchange &ex) {
        if (self && self->m_run == run)
            self->onResponse(url, ex);
    });
}

void RedirectFollower::onResponse(const QUrl &url, const Exchange &ex)
{
    m_handle = 0;
    const quint64 run = m_run;
    emit hop(ex);
    if (m_done || run != m_run) // a hop() slot cancelled or restarted us
        return;
    if (m_cancelled || ex.transportError == TransportError::Cancelled) {
        finish(FollowResult::End::Cancelled, url, QStringLiteral("Following redirects was cancelled."),
               ex.status);
        return;
    }
    if (ex.transportError != TransportError::None) {
        finish(FollowResult::End::TransportFailure, url, ex.errorMessage, ex.status);
        return;
    }
    if (matchesRedirectUri(url, m_prefix)) {
        finish(
            FollowResult::End::ReachedRedirectUri, url,
            QStringLiteral("Reached the redirect URI after %1 request(s); the loopback listener received the "
                           "callback.")
                .arg(m_hops),
            ex.status);
        return;
    }
    storeCookies(url, ex.responseHeaders);
    const QString here = url.toString();

    if (ex.status >= 300 && ex.status < 400) {
        const QByteArray location = headerValue(ex.responseHeaders, "Location").trimmed();
        if (location.isEmpty()) {
            finish(
                FollowResult::End::HttpError, url,
                QStringLiteral("The server answered %1 at %2, a redirect without Location: there is nowhere "
                               "to go next.")
                    .arg(statusText(ex), here),
                ex.status);
            return;
        }
        const QUrl next = url.resolved(QUrl(QString::fromUtf8(location), QUrl::TolerantMode));
        if (!next.isValid()) {
            finish(FollowResult::End::HttpError, url,
                   QStringLiteral("The server at %1 redirected to an invalid Location: %2")
                       .arg(here, QString::fromUtf8(location)),
                   ex.status);
            return;
        }
        if (!isHttp(next)) {
            // A private-use redirect_uri (com.example.app:/cb) is reached without a request.
            const bool callback = matchesRedirectUri(next, m_prefix);
            finish(
                callback ? FollowResult::End::ReachedRedirectUri : FollowResult::End::HttpError, next,
                callback
                    ? QStringLiteral("Reached the redirect URI %1; it is not an http(s) URL, so it was not "
                                     "requested.")
                          .arg(next.toString())
                    : QStringLiteral("The server at %1 redirected to %2, which is not an http(s) URL; it "
                                     "was not followed.")
                          .arg(here, next.toString()),
                ex.status);
            return;
        }
        if (m_hops >= m_maxHops) {
            finish(FollowResult::End::TooManyHops, next,
                   QStringLiteral(
                       "Stopped after %1 requests without reaching the redirect URI; the server may be "
                       "redirecting in a loop. The next Location was %2.")
                       .arg(m_hops)
                       .arg(next.toString()),
                   ex.status);
            return;
        }
        request(next);
        return;
    }
    if (ex.status >= 200 && ex.status < 300) {
        finish(FollowResult::End::NeedsPerson, url,
               QStringLiteral(
                   "The server answered with a page at %1 that needs a person (login or consent). Open "
                   "it in a browser or use --browser system.")
                       .arg(here) +
                   titleSentence(ex),
               ex.status);
        return;
    }
    finish(FollowResult::End::HttpError, url,
           QStringLiteral("The server answered %1 at %2.").arg(statusText(ex), here) + titleSentence(ex),
           ex.status);
}

void RedirectFollower::finish(FollowResult::End end, const QUrl &url, const QString &message, int status)
{
    if (m_done)
        return;
    m_done = true;
    m_handle = 0;
    FollowResult result;
    result.end = end;
    result.finalUrl = url.toString();
    result.message = message;
    result.status = status;
    result.hops = m_hops;
    emit finished(result);
}

void RedirectFollower::storeCookies(const QUrl &url, const HttpHeaders &responseHeaders)
{
    const QString host = url.host().toLower();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const auto &h : responseHeaders) {
        if (h.name.compare("Set-Cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QNetworkCookie &cookie : QNetworkCookie::parseCookies(h.value)) {
            QString key = host;
            if (!cookie.domain().isEmpty()) {
                QString domain = cookie.domain().toLower();
                if (domain.startsWith(u'.'))
                    domain.remove(0, 1);
                // A browser refuses a Domain the host is not inside; so do we.
                if (!domain.contains(u'.') || (host != domain && !host.endsWith(u'.' + domain)))
                    continue;
                key = u'.' + domain;
            }
            HttpHeaders &jar = m_cookies[key];
            jar.removeIf([&](const HttpHeader &c) { return c.name == cookie.name(); });
            const bool expired = !cookie.isSessionCookie() && cookie.expirationDate() <= now;
            if (!expired)
                jar.append(HttpHeader{cookie.name(), cookie.value()});
        }
    }
}

QByteArray RedirectFollower::cookieHeader(const QUrl &url) const
{
    const QString host = url.host().toLower();
    HttpHeaders send = m_cookies.value(host);
    QStringList domains;
    for (auto it = m_cookies.cbegin(); it != m_cookies.cend(); ++it) {
        if (it.key().startsWith(u'.') && (host == it.key().mid(1) || host.endsWith(it.key())))
            domains.append(it.key());
    }
    domains.sort(); // QHash order is arbitrary; keep the header stable between runs
    for (const QString &d : std::as_const(domains)) {
        for (const auto &c : m_cookies.value(d)) {
            if (!hasHeader(send, c.name))
                send.append(c);
        }
    }
    QByteArray out;
    for (const auto &c : std::as_const(send))
        out += (out.isEmpty() ? "" : "; ") + c.name + '=' + c.value;
    return out;
}

} // namespace wb
