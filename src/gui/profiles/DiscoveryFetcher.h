#pragma once
// DiscoveryFetcher: the editor's "Fetch discovery" — tries each metadata URL of an issuer (OIDC,
// then RFC 8414) through the recording HttpClient and parses the first document found.

#include "oauth/Discovery.h"

#include <QObject>

class QNetworkAccessManager;

namespace wb {
class HttpClient;
}

namespace wb::gui {

class DiscoveryFetcher : public QObject {
    Q_OBJECT
public:
    explicit DiscoveryFetcher(QNetworkAccessManager *nam, QObject *parent = nullptr);

    // Starts over (a fetch in progress is abandoned); finished() follows from the event loop.
    void fetch(const QString &issuer, int timeoutMs = 30000);
    // The profile's pinned certificate fingerprints (docs/tls.md), used from the next fetch on.
    void setPinnedCertificates(const QStringList &sha256);
    bool isBusy() const { return m_busy; }
    const DiscoveryResult &result() const { return m_result; }
    QString documentUrl() const { return m_url; } // the URL that answered (or failed last)

signals:
    void finished();

private:
    void tryUrl(int index);
    void done(const DiscoveryResult &r, const QString &url);

    HttpClient *m_http;
    QStringList m_urls;
    QString m_issuer, m_url;
    int m_timeoutMs = 30000;
    quint64 m_generation = 0; // ignores answers of an abandoned fetch
    bool m_busy = false;
    DiscoveryResult m_result;
};

} // namespace wb::gui
