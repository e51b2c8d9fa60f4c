#pragma once
// TokensPanel: the session's token set — token type, scope and expiry, then one tab per token
// (access, ID, refresh) decoded by TokenView. Relative times ("expires in 4 min") keep ticking.

#include <QWidget>

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

private:
    void refreshTimes();

    Ui::TokensPanel *ui;
    TokenView *m_access, *m_id, *m_refresh;
    const Session *m_session = nullptr;
    QString m_shown; // the tokens on screen, to rebuild only when they change
    QTimer *m_timer;
};

} // namespace wb::gui
