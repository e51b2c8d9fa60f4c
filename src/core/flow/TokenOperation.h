#pragma once
// TokenOperation: the shared base of the token lifecycle operations (refresh, revocation,
// introspection, userinfo, race probe). Each runs on a stored token set and records its Steps
// and Exchanges into a Session like AuthCodeFlow does; endpoints come from the profile or from
// discovery. Event-loop driven; observers use the signals and read session().

#include "flow/Session.h"
#include "http/HttpClient.h"
#include "oauth/Discovery.h"
#include "util/Clock.h"

#include <QObject>

class QNetworkAccessManager;

namespace wb {

enum class TokenEndpoint { Token, Revocation, Introspection, Userinfo };
enum class TokenChoice { Access, Refresh };
QString toString(TokenChoice c);                           // "access" | "refresh"
bool parseTokenChoice(const QString &s, TokenChoice &out); // false on anything else
QString tokenTypeHint(TokenChoice c);                      // "access_token" | "refresh_token"

class TokenOperation : public QObject {
    Q_OBJECT
public:
    // `nam` is not owned. `tokens` is the stored token set the operation works on.
    TokenOperation(Profile profile, TokenSet tokens, QNetworkAccessManager *nam, Clock clock = systemClock(),
                   QObject *parent = nullptr);
    ~TokenOperation() override;

    // Uses `url` instead of the profile's or the discovered endpoint.
    void setEndpointOverride(const QString &url) { m_endpointOverride = url; }

    void start();
    void cancel();
    bool isFinished() const { return m_finished; }
    const Session &session() const { return m_session; }
    const TokenSet &inputTokens() const { return m_input; }
    // The stored token `which` names (empty when none is stored).
    const QString &inputToken(TokenChoice which) const
    {
        return which == TokenChoice::Access ? m_input.accessToken : m_input.refreshToken;
    }

signals:
    void stepChanged(int index);
    void exchangeAdded(int index);
    void finished();

protected:
    virtual TokenEndpoint endpointKind() const = 0;
    // Runs once the endpoint is known (after discovery when it was needed).
    virtual void run(const QString &endpoint) = 0;
    // A config problem found before anything is sent, or empty.
    virtual QString precondition() const { return {}; }

    int beginStep(StepKind kind, const QString &title);
    void updateStep(int index, StepStatus status, const QString &summary);
    QString addExchange(Exchange x, int stepIndex);
    void failStep(int index, const Error &error, const QString &summary = {});
    void finish(Outcome outcome, const Error &error = {});
    void rememberSecret(const QString &value);
    static Error transportError(const Exchange &x, const QString &what);
    // The OAuth error of a non-2xx answer (or an Http error naming the body).
    Error errorResponse(const Exchange &x) const;

    HttpClient *http() const { return m_http; }
    Clock clock() const { return m_clock; }
    Session &mutableSession() { return m_session; }
    const ProviderMetadata &metadata() const { return m_metadata; }

private:
    QString knownEndpoint() const;
    void runDiscovery(int urlIndex);

    Session m_session;
    TokenSet m_input;
    Clock m_clock;
    HttpClient *m_http;
    QString m_endpointOverride;
    ProviderMetadata m_metadata;
    QStringList m_discoveryUrls;
    int m_discoveryStep = -1;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace wb
