// MainWindow's wiring of the tokens panel: its buttons run TokenActions on the selected profile's
// stored tokens, whose sessions are shown like a flow's; auto-refresh settings and countdown.
#include "app/MainWindow.h"

#include "flow/FlowRunner.h"
#include "profiles/ProfilesController.h"
#include "secrets/SwitchableSecretStore.h"
#include "tokens/TokenActions.h"
#include "ui_FlowTab.h"
#include "ui_MainWindow.h"
#include "ui_WorkPage.h"

#include <QSettings>
#include <QTimer>

namespace wb::gui {

void MainWindow::connectTokens()
{
    m_tokenActions = new TokenActions(m_secrets, m_runner->network(), m_settings.get(), this);
    if (m_tokensPanel) // built already (a stored token set answered early)
        connectTokensPanel();
    const auto selectProfile = [this](const QString &id) {
        const auto profile = m_profiles->profile(id);
        m_tokenActions->setProfile(profile ? *profile : Profile{});
        if (m_tokensPanel) // else set when the panel is built (connectTokensPanel)
            m_tokensPanel->setAutoRefresh(m_tokenActions->autoRefreshOn(),
                                          m_tokenActions->autoRefreshMargin());
        if (m_tokensPanel)
            m_tokensPanel->setAutoRefreshStatus(m_tokenActions->autoStatus());
        updateActions();
    };
    connect(ui->profilesSidebar, &ProfilesSidebar::currentProfileChanged, this, selectProfile);
    if (!currentProfileId().isEmpty())
        selectProfile(currentProfileId());
    connect(m_tokenActions, &TokenActions::runningChanged, this, [this] { updateActions(); });
    connect(m_tokenActions, &TokenActions::sessionReplaced, this, [this](const Session *session) {
        if (m_runner->isRunning())
            return; // a flow owns the views; the result stays available in TokenActions
        showSession(session, QString());
        m_opened.reset();
        m_openedPath.clear();
    });
    const auto onChange = [this] {
        flow()->timelinePanel->sync();
        if (!m_detailRefresh->isActive())
            m_detailRefresh->start();
    };
    connect(m_tokenActions, &TokenActions::stepChanged, this, onChange);
    connect(m_tokenActions, &TokenActions::exchangeAdded, this, onChange);
    connect(m_tokenActions, &TokenActions::finished, this, [this](const Session *session) {
        flow()->timelinePanel->sync();
        refreshDetails();
        const QString what = session->steps.isEmpty() ? tr("Token operation") : session->steps.last().title;
        if (session->outcome == Outcome::Succeeded)
            status(
                tr("%1: %2").arg(what, session->steps.isEmpty() ? QString() : session->steps.last().summary),
                0);
        else
            status(tr("%1 failed: %2").arg(what, session->error.message), 0);
        updateActions();
    });
    connect(m_tokenActions, &TokenActions::error, this,
            [this](const QString &message) { reportError(tr("Tokens"), message); });
}

void MainWindow::connectTokensPanel()
{
    TokensPanel *panel = m_tokensPanel;
    panel->setAutoRefresh(m_tokenActions->autoRefreshOn(), m_tokenActions->autoRefreshMargin());
    panel->setAutoRefreshStatus(m_tokenActions->autoStatus());
    connect(panel, &TokensPanel::actionRequested, this, [this](TokensPanel::Action action, int parallel) {
        if (m_runner->isRunning())
            return;
        work()->profileEditor->flushPendingEdit();
        const auto profile = m_profiles->profile(currentProfileId());
        if (profile)
            m_tokenActions->setProfile(*profile); // the latest edits (same profile: no reset)
        m_tokenActions->run(action, parallel);
    });
    connect(panel, &TokensPanel::autoRefreshChanged, m_tokenActions, &TokenActions::setAutoRefresh);
    connect(m_tokenActions, &TokenActions::autoStatusChanged, panel, &TokensPanel::setAutoRefreshStatus);
}

} // namespace wb::gui
