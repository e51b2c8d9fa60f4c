#pragma once
// TokenOperation: the shared base of the token lifecycle operations (refresh, revocation,
// introspection, userinfo, race probe). Each runs on a stored token set and records its Steps
// and Exchanges into a Session like AuthCodeFlow does; endpoints come from the profile or from
// discovery. Event-loop driven; observers use the signals and read session().

#include "flow/SessionProducer.h"
#include "http/HttpClient.h"
#include "oauth/Discovery.h"

class QNetworkAccessManager;

namespace wb {

enum class TokenEndpoint { Token, Revocation, Introspection, Userinfo };
enum class TokenChoice { Access, Refresh };
QString toString(TokenChoice c);                           // "access" | "refresh"
bool parseTokenChoice(const QString &s, TokenChoice &out); // false on anything else
QString tokenTypeHint(TokenChoice c);                      // "access_token" | "refresh_token"

class TokenOperation : public SessionProducer {
    Q_OBJECT
public:
    // `nam` is not owned. `tokens` is the stored token set the operation works on.
    TokenOperation(Profile profile, TokenSet tokens, QNetworkAccessManager *nam, Clock clock = systemClock(),
                   QObject *parent = nullptr);
    ~TokenOperation() override;

    // Uses `url` instead of the profile's or the discovered endpoint.
    void setEndpointOverride(const QString &url) { m_endpointOverride = url; }

    void start();
    const TokenSet &inputTokens() const { return m_input; }
    // The stored token `which` names (empty when none is stored).
    const QString &inputToken(TokenChoice which) const
    {
        return which == TokenChoice::Access ? m_input.accessToken : m_input.refreshToken;
    }

protected:
    virtual TokenEndpoint endpointKind() const = 0;
    // Runs once the endpoint is known (after discovery when it was needed).
    virtual void run(const QString &endpoint) = 0;
    // A config problem found before anything is sent, or empty.
    virtual QString precondition() const { return {}; }

    void stopActivity() override;
    QString cancelMessage() const override;
    // The OAuth error of a non-2xx answer (or an Http error naming the body).
    Error errorResponse(const Exchange &x) const;

    HttpClient *http() const { return m_http; }
    const ProviderMetadata &metadata() const { return m_metadata; }

private:
    QString knownEndpoint() const;
    void runDiscovery(int urlIndex);

    TokenSet m_input;
    HttpClient *m_http;
    QString m_endpointOverride;
    ProviderMetadata m_metadata;
    QStringList m_discoveryUrls;
    int m_discoveryStep = -1;
    bool m_started = false;
};

} // namespace wb
