// The centre of MainWindow (docs/performance.md, start-up): of its two pages only the one shown is
// built. A start without profiles shows the empty-state page and never pays for the profile
// editor, the timeline and the Flow tab; a start with a profile never builds the empty state.
// The work page is built on first need: a profile selected or created, a session shown, or one
// of the getters (profileEditor(), timelinePanel(), waitingBanner(), the detail panels). Its Flow
// tab, hidden behind the Profile tab at every start, gets its content (waiting banner, timeline,
// detail tabs) when it is first opened, a session is shown, or one of those getters is called.
#include "app/EmptyStateWidget.h"
#include "app/MainWindow.h"
#include "app/WindowState.h"
#include "flow/FlowRunner.h"
#include "flow/WaitingBanner.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfilesController.h"
#include "secrets/SecretsIndicator.h"
#include "secrets/SwitchableSecretStore.h"
#include "timeline/TimelinePanel.h"
#include "ui_FlowTab.h"
#include "ui_MainWindow.h"
#include "ui_WorkPage.h"

#include <QSettings>
#include <QTimer>

namespace wb::gui {

Ui::WorkPage *MainWindow::work() const
{
    if (!m_work) {
        auto *self = const_cast<MainWindow *>(this);
        self->m_work = new Ui::WorkPage;
        self->m_work->setupUi(ui->workPage);
        self->connectWorkPage();
    }
    return m_work;
}

Ui::FlowTab *MainWindow::flow() const
{
    if (!m_flow) {
        Ui::WorkPage *w = work();
        auto *self = const_cast<MainWindow *>(this);
        self->m_flow = new Ui::FlowTab;
        self->m_flow->setupUi(w->flowTab);
        self->connectFlowTab();
    }
    return m_flow;
}

QString MainWindow::currentProfileId() const
{
    return m_work ? m_work->profileEditor->profileId() : QString();
}

void MainWindow::ensureEmptyState()
{
    if (m_emptyState)
        return;
    m_emptyState = new EmptyStateWidget(ui->emptyPage);
    m_emptyState->setObjectName(QStringLiteral("emptyState"));
    ui->emptyPageLayout->addWidget(m_emptyState);
    m_emptyState->setSandboxAvailable(true);
    connect(m_emptyState, &EmptyStateWidget::createProfileRequested, this, &MainWindow::newProfile);
    connect(m_emptyState, &EmptyStateWidget::sandboxRequested, this, &MainWindow::trySandbox);
    connect(m_emptyState, &EmptyStateWidget::openSessionRequested, this, &MainWindow::chooseAndOpenSession);
}

void MainWindow::connectWorkPage()
{
    ProfileEditor *editor = m_work->profileEditor;
    editor->setNetworkAccessManager(m_runner->network());
    editor->setSettings(m_settings.get()); // whether "Advanced" is open

    connect(editor, &ProfileEditor::profileEdited, this, [this](const Profile &edited) {
        Profile p = edited;
        const ProfileStoreResult r = m_profiles->save(p);
        m_work->profileEditor->setSaveState(r.ok(), r.ok() ? m_profiles->directory() : r.message);
    });
    connect(editor, &ProfileEditor::discoveryFinished, this, [this] { status(tr("Discovery finished.")); });
    connect(editor, &ProfileEditor::clientSecretEdited, this,
            [this](const QString &id, const QString &secret) {
                m_profiles->storeSecret(id, secret, [this](const SecretResult &r) {
                    if (r.ok())
                        status(tr("Client secret stored in %1.").arg(SecretsIndicator::place(*m_secrets)));
                });
            });
    connect(editor, &ProfileEditor::revealSecretRequested, this, [this](const QString &id) {
        m_profiles->readSecret(id, [this, id](const SecretResult &r) {
            if (r.ok() && id == currentProfileId())
                m_work->profileEditor->revealSecret(r.value);
            else if (!r.ok())
                status(r.message);
        });
    });
    connect(editor, &ProfileEditor::forgetSecretRequested, this, &MainWindow::forgetSecret);
    connect(editor, &ProfileEditor::forgetTokensRequested, this, &MainWindow::forgetTokens);

    // The Flow tab's content and its detail panels are built when it is first opened.
    connect(m_work->workTabs, &QTabWidget::currentChanged, this, [this] {
        if (m_work->workTabs->currentWidget() == m_work->flowTab)
            ensureDetailPanels();
    });
}

void MainWindow::connectFlowTab()
{
    restoreFlowTabState(*m_flow, *m_settings);
    connect(m_tick, &QTimer::timeout, m_flow->timelinePanel, &TimelinePanel::tick);
    connect(m_flow->waitingBanner, &WaitingBanner::cancelRequested, this, &MainWindow::cancelFlow);
    connect(m_flow->waitingBanner, &WaitingBanner::message, this, [this](const QString &m) { status(m); });
}

} // namespace wb::gui
