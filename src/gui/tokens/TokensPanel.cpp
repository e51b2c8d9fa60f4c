#include "tokens/TokensPanel.h"

#include "common/Format.h"
#include "common/StatusIcons.h"
#include "flow/Session.h"
#include "tokens/ClaimTimes.h"
#include "tokens/TokenView.h"
#include "ui_TokensPanel.h"

#include <QMenu>
#include <QSignalBlocker>
#include <QTimer>

namespace wb::gui {

namespace {
// The ID token's decoded header and claims as the flow recorded them (kept in saved sessions
// even when the token itself is redacted).
void recordedIdToken(const Session &s, nlohmann::json &header, nlohmann::json &claims)
{
    for (const Step &st : s.steps) {
        if (st.kind != StepKind::TokenExchange || !st.details.is_object())
            continue;
        auto it = st.details.find("id_token");
        if (it == st.details.end() || !it->is_object())
            continue;
        header = it->value("header", nlohmann::json::object());
        claims = it->value("claims", nlohmann::json::object());
    }
}
} // namespace

TokensPanel::TokensPanel(QWidget *parent)
    : QWidget(parent), ui(new Ui::TokensPanel), m_access(new TokenView), m_id(new TokenView),
      m_refresh(new TokenView), m_timer(new QTimer(this))
{
    ui->setupUi(this);
    m_access->setObjectName(QStringLiteral("accessTokenView"));
    m_id->setObjectName(QStringLiteral("idTokenView"));
    m_refresh->setObjectName(QStringLiteral("refreshTokenView"));
    ui->tokenTabs->addTab(m_access, tr("Access token"));
    ui->tokenTabs->addTab(m_id, tr("ID token"));
    ui->tokenTabs->addTab(m_refresh, tr("Refresh token"));
    ui->tokenTabs->setEnabled(false);
    m_timer->setInterval(5000);
    connect(m_timer, &QTimer::timeout, this, &TokensPanel::refreshTimes);
    for (const Action a : {Action::Refresh, Action::RevokeAccess, Action::RevokeRefresh, Action::Userinfo,
                           Action::RaceProbe}) {
        connect(actionButton(a), &QAbstractButton::clicked, this,
                [this, a] { emit actionRequested(a, ui->raceParallelSpin->value()); });
    }
    // RFC 7662 introspects either token: the button opens a menu of the two.
    auto *introspectMenu = new QMenu(ui->introspectButton);
    introspectMenu->setObjectName(QStringLiteral("introspectMenu"));
    introspectMenu->addAction(tr("Access token"), this,
                              [this] { emit actionRequested(Action::Introspect, 0); });
    introspectMenu->addAction(tr("Refresh token"), this,
                              [this] { emit actionRequested(Action::IntrospectRefresh, 0); });
    ui->introspectButton->setMenu(introspectMenu);
    const auto autoChanged = [this] {
        ui->marginSpin->setEnabled(ui->autoRefreshCheck->isChecked());
        emit autoRefreshChanged(ui->autoRefreshCheck->isChecked(), ui->marginSpin->value());
    };
    connect(ui->autoRefreshCheck, &QCheckBox::toggled, this, autoChanged);
    connect(ui->marginSpin, &QSpinBox::editingFinished, this, autoChanged);
    ui->marginSpin->setEnabled(false);
    setActionsEnabled(false);
}

QAbstractButton *TokensPanel::actionButton(Action a) const
{
    switch (a) {
    case Action::Refresh:
        return ui->refreshButton;
    case Action::RevokeAccess:
        return ui->revokeAccessButton;
    case Action::RevokeRefresh:
        return ui->revokeRefreshButton;
    case Action::Introspect:
    case Action::IntrospectRefresh:
        return ui->introspectButton;
    case Action::Userinfo:
        return ui->userinfoButton;
    case Action::RaceProbe:
        return ui->raceButton;
    }
    return ui->refreshButton;
}

void TokensPanel::setActionsEnabled(bool enabled)
{
    for (const Action a : {Action::Refresh, Action::RevokeAccess, Action::RevokeRefresh, Action::Introspect,
                           Action::Userinfo, Action::RaceProbe})
        actionButton(a)->setEnabled(enabled);
    ui->raceParallelSpin->setEnabled(enabled);
}

void TokensPanel::setAutoRefresh(bool on, int marginSeconds)
{
    const QSignalBlocker b1(ui->autoRefreshCheck);
    const QSignalBlocker b2(ui->marginSpin);
    ui->autoRefreshCheck->setChecked(on);
    ui->marginSpin->setValue(marginSeconds);
    ui->marginSpin->setEnabled(on);
}

void TokensPanel::setAutoRefreshStatus(const QString &text)
{
    ui->autoStatusLabel->setText(text);
}

QString TokensPanel::autoRefreshStatus() const
{
    return ui->autoStatusLabel->text();
}

TokensPanel::~TokensPanel()
{
    delete ui;
}

void TokensPanel::setSession(const Session *session)
{
    m_session = session;
    m_shown = QStringLiteral("-");
    refresh();
}

void TokensPanel::refresh()
{
    const TokenSet empty;
    const TokenSet &t = m_session ? m_session->tokens : empty;
    const QString key = t.accessToken + QLatin1Char('|') + t.idToken + QLatin1Char('|') + t.refreshToken;
    if (key == m_shown)
        return;
    m_shown = key;
    nlohmann::json idHeader, idClaims;
    if (m_session)
        recordedIdToken(*m_session, idHeader, idClaims);
    m_access->setToken(t.accessToken);
    m_id->setToken(t.idToken, idHeader, idClaims);
    m_refresh->setToken(t.refreshToken);
    ui->tokenTabs->setEnabled(!t.isEmpty());
    if (!t.isEmpty()) {
        // Open on the most telling token: the ID token's claims when there is one.
        ui->tokenTabs->setCurrentWidget(!t.idToken.isEmpty() ? static_cast<QWidget *>(m_id) : m_access);
        m_timer->start();
    } else {
        m_timer->stop();
    }
    refreshTimes();
}

void TokensPanel::refreshTimes()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (TokenView *v : {m_access, m_id, m_refresh})
        v->refreshTimes(now);
    const TokenSet empty;
    const TokenSet &t = m_session ? m_session->tokens : empty;
    if (t.isEmpty()) {
        ui->summaryLabel->setText(
            tr("No tokens yet: they appear here when a flow reaches the token endpoint."));
        return;
    }
    QStringList parts;
    parts << tr("<b>%1</b> token").arg(t.tokenType.isEmpty() ? tr("Untyped") : t.tokenType.toHtmlEscaped());
    parts << tr("scope: %1")
                 .arg(t.scope.isEmpty() ? tr("not returned (as requested)") : t.scope.toHtmlEscaped());
    parts << tr("received %1").arg(formatLocalTime(t.obtainedAt));
    if (const auto at = t.expiresAt()) {
        const QDateTime local = at->toLocalTime();
        const QString when = local.date() == QDate::currentDate() ? local.toString(QStringLiteral("HH:mm:ss"))
                                                                  : formatLocalTime(*at);
        const QString text = tr("access token %1 (at %2)").arg(expiryPhrase(*at, now), when);
        parts << (*at <= now ? QStringLiteral("<b>%1</b>").arg(text) : text);
    } else {
        parts << tr("no expires_in");
    }
    ui->summaryLabel->setText(parts.join(QStringLiteral(" · ")));
    const QList<std::pair<TokenView *, QString>> tabs = {
        {m_access, tr("Access token")}, {m_id, tr("ID token")}, {m_refresh, tr("Refresh token")}};
    for (const auto &[view, title] : tabs) {
        const int i = ui->tokenTabs->indexOf(view);
        ui->tokenTabs->setTabText(i, view->isExpired() ? tr("%1 (expired)").arg(title) : title);
        ui->tokenTabs->setTabIcon(i, view->isExpired() ? toneIcon(Tone::Error) : QIcon());
    }
}

} // namespace wb::gui
