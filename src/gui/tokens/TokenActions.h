#pragma once
// TokenActions: runs the token operations for the window — refresh (single-flight, stored back
// to the keychain), revocation, introspection, userinfo and the race probe — asynchronously on
// the selected profile's stored tokens, and drives the opt-in auto-refresh (AutoRefreshPolicy)
// with a countdown. Each operation's Session is handed to the window like a flow's.

#include "flow/AutoRefreshPolicy.h"
#include "flow/RefreshSingleFlight.h"
#include "tokens/TokensPanel.h"
#include "util/Clock.h"

#include <QHash>
#include <QObject>
#include <memory>

class QNetworkAccessManager;
class QSettings;
class QTimer;

namespace wb {
class SecretStore;
class TokenOperation;
} // namespace wb

namespace wb::gui {

class TokenActions : public QObject {
    Q_OBJECT
public:
    using Action = TokensPanel::Action;

    // Not owned: the secret store, the network manager and the settings (may be null: auto-refresh
    // choices are then kept for this run only).
    TokenActions(SecretStore *secrets, QNetworkAccessManager *nam, QSettings *settings = nullptr,
                 QObject *parent = nullptr);
    ~TokenActions() override;

    // The profile the actions work on (its secret and tokens are read from the store when needed).
    void setProfile(const Profile &profile);
    QString profileId() const { return m_profile.id; }
    bool isRunning() const { return m_running; }
    // The last operation's session (live while it runs); null before the first one.
    const Session *session() const;

    void run(Action action, int parallel = 3);

    // Auto-refresh for the current profile: remembered per profile.
    void setAutoRefresh(bool on, int marginSeconds);
    bool autoRefreshOn() const { return m_autoOn; }
    int autoRefreshMargin() const { return m_policy.settings().marginSeconds; }
    AutoRefreshPolicy::State autoState() const { return m_decision.state; }
    QString autoStatus() const;
    // Once a second from a timer; public so tests can drive it with their own clock.
    void tick();
    void setClock(Clock clock) { m_clock = std::move(clock); }

signals:
    void sessionReplaced(const wb::Session *session);
    void stepChanged(int index);
    void exchangeAdded(int index);
    void finished(const wb::Session *session);
    void runningChanged(bool running);
    void autoStatusChanged(const QString &text);
    void error(const QString &message); // could not start (no tokens, keychain refused...)

private:
    void withSecretAndTokens(const std::function<void(const Profile &, const TokenSet &)> &go);
    void startOperation(std::unique_ptr<TokenOperation> op);
    void startRefresh(bool automatic);
    void done(const Session &session, bool automaticRefresh);
    void fail(const QString &message);
    void setRunning(bool on);
    void scheduleFromStore();
    void loadAutoSettings();

    SecretStore *m_secrets;
    QNetworkAccessManager *m_nam;
    QSettings *m_settings;
    RefreshSingleFlight m_flight;
    Profile m_profile;
    std::unique_ptr<TokenOperation> m_op; // the running (or last) operation, not a refresh
    std::unique_ptr<Session> m_result;    // the last finished refresh's session
    bool m_running = false;
    bool m_showingOp = false;
    int m_generation = 0; // bumped on profile change: stale callbacks are ignored

    AutoRefreshPolicy m_policy;
    AutoRefreshPolicy::Decision m_decision;
    bool m_autoOn = false;
    QTimer *m_tick;
    Clock m_clock = systemClock();
};

} // namespace wb::gui
