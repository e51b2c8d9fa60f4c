#include "profiles/DiscoveryFetcher.h"

#include "http/HttpClient.h"

namespace wb::gui {

DiscoveryFetcher::DiscoveryFetcher(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent), m_http(new HttpClient(nam, this))
{
}

void DiscoveryFetcher::fetch(const QString &issuer, int timeoutMs)
{
    m_http->cancelAll();
    ++m_generation;
    m_issuer = issuer.trimmed();
    m_timeoutMs = timeoutMs;
    m_urls = discoveryUrls(m_issuer);
    m_busy = true;
    tryUrl(0);
}

void DiscoveryFetcher::setPinnedCertificates(const QStringList &sha256)
{
    m_http->setPinnedCertificates(sha256);
}

void DiscoveryFetcher::tryUrl(int index)
{
    HttpRequest req;
    req.url = QUrl(m_urls.value(index));
    req.headers.append(HttpHeader{"Accept", "application/json"});
    req.timeoutMs = m_timeoutMs;
    const quint64 generation = m_generation;
    m_http->send(req, ExchangeRole::Discovery, [this, index, generation](const Exchange &x) {
        if (generation != m_generation)
            return;
        DiscoveryResult r;
        if (x.transportError != TransportError::None) {
            r.error = Error::make(ErrorKind::Network, QStringLiteral("network_error"),
                                  tr("Could not fetch %1: %2").arg(x.url, x.errorMessage));
        } else if (x.status == 404 && index + 1 < m_urls.size()) {
            tryUrl(index + 1);
            return;
        } else if (x.status < 200 || x.status >= 300) {
            r.error = Error::make(ErrorKind::Http, QStringLiteral("discovery_failed"),
                                  tr("%1 answered HTTP %2 %3.").arg(x.url).arg(x.status).arg(x.reason));
        } else {
            r = parseDiscoveryDocument(x.responseBody, m_issuer);
        }
        done(r, x.url);
    });
}

void DiscoveryFetcher::done(const DiscoveryResult &r, const QString &url)
{
    m_result = r;
    m_url = url;
    m_busy = false;
    emit finished();
}

} // namespace wb::gui
