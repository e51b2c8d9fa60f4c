#pragma once
// AuthCodeFlow: runs one authorization-code + PKCE flow over a loopback redirect and records
// every step and exchange into a Session as it happens. Event-loop driven, cancellable; the
// GUI and the CLI observe it through signals and read session().

#include "flow/SessionProducer.h"
#include "http/HttpClient.h"
#include "http/LoopbackListener.h"
#include "oauth/CallbackValidator.h"
#include "oauth/Discovery.h"
#include "oauth/JwksCache.h"
#include "oauth/Pkce.h"
#include "util/Clock.h"

#include <QObject>
#include <QPointer>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QTimer;

namespace wb {

class RedirectFollower;
class CapturedBrowser;

struct FlowOptions {
    ParamList tokenParamOverrides; // replace/add token request parameters on purpose
    bool checkState = true;        // opt-outs are recorded in Session::checksDisabled
    bool checkIss = true;
    qint64 leewaySeconds = 60; // clock leeway for exp/iat/nbf and the clock-skew warnings
    Clock clock = systemClock();
};

class AuthCodeFlow : public SessionProducer {
    Q_OBJECT
public:
    // `nam` is not owned (principle 7: injected so tests can control the network).
    AuthCodeFlow(Profile profile, QNetworkAccessManager *nam, FlowOptions options = {},
                 QObject *parent = nullptr);
    ~AuthCodeFlow() override;

    void start();

signals:
    void waitingForCallback(const QString &authorizationUrl, const QString &redirectUri,
                            const QString &listenAddress, int timeoutSeconds);
    // Captured browser mode: the launched browser's DevTools endpoint (http://127.0.0.1:PORT), so
    // a person or a script can attach to the same browser.
    void browserDevTools(const QString &endpoint);

protected:
    void stopActivity() override;
    QString cancelMessage() const override;

private:
    // Stages, in order.
    void runDiscovery(int urlIndex);
    void startListenerAndAuthorize();
    void launchBrowser();
    // The `captured` browser mode (AuthCodeFlowCapture.cpp): launch, capture, record the hops.
    void startCapturedBrowser();
    void endCapture();
    CallbackReply handleCallback(const Exchange &x, const CallbackParams &params);
    void onCallback(const CallbackParams &params);
    void exchangeCode();
    void onTokenResponse(const Exchange &x);
    // After the token exchange (AuthCodeFlowValidation.cpp): JWKS step, ID token validation step.
    void validateTokens();
    void fetchJwks(const QString &uri, const JwksCache::FetchDone &done);
    void finishTokenValidation(const std::optional<JwksCache::Result> &idSig,
                               const std::optional<JwksCache::Result> &accessSig);

    FlowOptions m_options;
    HttpClient *m_http;
    LoopbackListener *m_listener;
    RedirectFollower *m_follower = nullptr;
    QPointer<CapturedBrowser> m_captured;
    bool m_captureRecorded = false;
    QTimer *m_callbackTimer;
    ProviderMetadata m_metadata;
    bool m_haveMetadata = false;
    QStringList m_discoveryUrls;
    std::optional<PkcePair> m_pkce;
    QString m_state, m_nonce, m_authorizationUrl, m_code;
    int m_discoveryStep = -1, m_authStep = -1, m_browserStep = -1, m_callbackStep = -1, m_tokenStep = -1;
    bool m_callbackHandled = false;
    CallbackResult m_callbackResult;
    std::unique_ptr<JwksCache> m_jwks;
    QString m_jwksUri;
    int m_jwksStep = -1;
};

} // namespace wb
