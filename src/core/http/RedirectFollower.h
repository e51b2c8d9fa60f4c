#pragma once
// RedirectFollower: the `follow` browser mode. Requests the authorization URL and follows each
// 3xx Location itself, recording every hop (status, Location, Set-Cookie names) and carrying
// cookies between hops as explicit Cookie headers, until a response is not a redirect: the
// loopback callback (the listener records that hit) or a page that needs a person.

#include "http/HttpClient.h"

#include <QObject>

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
    QString finalUrl;     // the URL the chain stopped at
    QString message;      // plain sentence for the user
};

class RedirectFollower : public QObject {
    Q_OBJECT
public:
    RedirectFollower(HttpClient *client, QObject *parent = nullptr);

    // `redirectUriPrefix`: scheme://host:port/path of the redirect_uri; a hop whose URL starts
    // with it is the callback. Emits hop() for each Exchange and finished() once.
    void start(const QUrl &url, const QString &redirectUriPrefix, int maxHops = 20, int timeoutMs = 30000);
    void cancel();

signals:
    void hop(const wb::Exchange &exchange);
    void finished(const wb::FollowResult &result);

private:
    void request(const QUrl &url);
    HttpClient *m_client;
    QString m_prefix;
    int m_maxHops = 20, m_hops = 0, m_timeoutMs = 30000;
    quint64 m_handle = 0;
    bool m_done = false;
    QHash<QString, QHash<QString, QByteArray>> m_cookies; // host -> name -> value
};

} // namespace wb
