#pragma once
// TokensPanel: the session's token set — token type, scope and expiry, then one tab per token
// (access, ID, refresh) decoded by TokenView. Relative times ("expires in 4 min") keep ticking.
// Its action row asks for the token operations (refresh, revoke, introspect, userinfo, race
// probe) and auto-refresh; TokenActions performs them.

#include <QWidget>

class QAbstractButton;
class QTimer;

namespace Ui {
class TokensPanel;
}

namespace wb {
struct Session;
}

namespace wb::gui {

class TokenView;

class TokensPanel : public QWidget {
    Q_OBJECT
public:
    explicit TokensPanel(QWidget *parent = nullptr);
    ~TokensPanel() override;

    void setSession(const Session *session);
    void refresh(); // the token set may have changed
    TokenView *accessTokenView() const { return m_access; }
    TokenView *idTokenView() const { return m_id; }
    TokenView *refreshTokenView() const { return m_refresh; }

    // Introspect asks about the access token, IntrospectRefresh about the refresh token (the
    // Introspect button's menu offers both).
    enum class Action {
        Refresh,
        RevokeAccess,
        RevokeRefresh,
        Introspect,
        IntrospectRefresh,
        Userinfo,
        RaceProbe
    };
    QAbstractButton *actionButton(Action a) const;
    // Enables the action row (a profile with stored tokens is selected and nothing runs).
    void setActionsEnabled(bool enabled);
    // The per-profile auto-refresh settings as shown; changing them emits autoRefreshChanged.
    void setAutoRefresh(bool on, int marginSeconds);
    void setAutoRefreshStatus(const QString &text); // countdown, back-off or "re-authorize"
    QString autoRefreshStatus() const;

signals:
    void actionRequested(wb::gui::TokensPanel::Action action, int parallel);
    void autoRefreshChanged(bool on, int marginSeconds);

private:
    void refreshTimes();

    Ui::TokensPanel *ui;
    TokenView *m_access, *m_id, *m_refresh;
    const Session *m_session = nullptr;
    QString m_shown; // the tokens on screen, to rebuild only when they change
    QTimer *m_timer;
};

} // namespace wb::gui
