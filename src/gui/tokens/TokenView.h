#pragma once
// TokenView: one token of the token set — raw as received, whether it is a JWT or opaque, the
// decoded header and payload as pretty JSON, and its time claims with expired ones marked.

#include <QDateTime>
#include <QWidget>
#include <nlohmann/json.hpp>

namespace Ui {
class TokenView;
}

namespace wb::gui {

class TokenView : public QWidget {
    Q_OBJECT
public:
    explicit TokenView(QWidget *parent = nullptr);
    ~TokenView() override;

    // `known*`: a decoded header/payload recorded in the session, used when the token itself was
    // redacted in a saved file (the ID token's claims are kept there).
    void setToken(const QString &token, const nlohmann::json &knownHeader = {},
                  const nlohmann::json &knownPayload = {});
    void refreshTimes(const QDateTime &now);
    bool isExpired() const { return m_expired; }
    bool isJwt() const { return m_jwt; }
    QString kindText() const;

private:
    void showDecoded(const nlohmann::json &header, const nlohmann::json &payload);

    Ui::TokenView *ui;
    nlohmann::json m_payload;
    QString m_kind;
    bool m_jwt = false;
    bool m_expired = false;
};

} // namespace wb::gui
