#pragma once
// RedirectFollower: the `follow` browser mode. Requests the authorization URL and follows each
// 3xx Location itself, recording every hop (status, Location, Set-Cookie names) and carrying
// cookies between hops as explicit Cookie headers, until a response is not a redirect: the
// loopback callback (the listener records that hit) or a page that needs a person.

#include "http/HttpClient.h"

#include <QObject>
#include <QPointer>

namespace wb {

struct FollowResult {
    enum class End {
        ReachedRedirectUri, // the last hop requested the redirect_uri (the listener got it)
        NeedsPerson,        // a 2xx page (login form, consent) that a person must complete
        HttpError,          // a 4xx/5xx page on the way (e.g. an error page about redirect_uri)
        TransportFailure,   // network/TLS/timeout
        TooManyHops,
        Cancelled,
    };
    End end = End::NeedsPerson;
    QString finalUrl; // the URL the chain stopped at
    QString message;  // plain sentence for the user
    int status = 0;   // HTTP status of the last response; 0 when there was none
    int hops = 0;     // requests made (each one was emitted as hop())
};

// Cookies: kept per host from Set-Cookie (name=value only; Max-Age/Expires deletion honoured; a
// Domain attribute widens a cookie to that domain's subdomains; Path and Secure are ignored).
class RedirectFollower : public QObject {
    Q_OBJECT
public:
    RedirectFollower(HttpClient *client, QObject *parent = nullptr);
    // Cancels a request in flight without emitting anything.
    ~RedirectFollower() override;

    // `redirectUriPrefix`: scheme://host:port/path of the redirect_uri; a hop to the same
    // scheme, host and port whose path equals or continues that path (at a '/') is the callback.
    // Emits hop() for each Exchange and finished() once, both from the event loop (never inside
    // start()). Calling start() again abandons a running chain silently. At most `maxHops`
    // requests are made.
    void start(const QUrl &url, const QString &redirectUriPrefix, int maxHops = 20, int timeoutMs = 30000);
    // Ends a running chain with End::Cancelled (the request in flight is still emitted as a hop).
    void cancel();

signals:
    void hop(const wb::Exchange &exchange);
    void finished(const wb::FollowResult &result);

private:
    void request(const QUrl &url);
    void onResponse(const QUrl &url, const Exchange &exchange);
    void finish(FollowResult::End end, const QUrl &url, const QString &message, int status = 0);
    void storeCookies(const QUrl &url, const HttpHeaders &responseHeaders);
    QByteArray cookieHeader(const QUrl &url) const;
    QPointer<HttpClient> m_client;
    QUrl m_prefix;
    int m_maxHops = 20, m_hops = 0, m_timeoutMs = 30000;
    quint64 m_handle = 0; // request in flight, 0 when none
    quint64 m_run = 0;    // bumped by start(): answers to an abandoned chain are ignored
    bool m_done = true;   // no chain running
    bool m_cancelled = false;
    // host (host-only cookies) or ".domain" (Domain= cookies) -> name/value in arrival order
    QHash<QString, HttpHeaders> m_cookies;
};

} // namespace wb
