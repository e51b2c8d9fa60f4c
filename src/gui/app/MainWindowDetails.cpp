// What MainWindow leaves out of its start (docs/performance.md, start-up): the detail panels
// (inspector, tokens, findings under the timeline) sit in the Flow tab, which no start shows, so
// they are built on first use; the keychain probe, the selected profile's keychain items, the
// history list, the menus' icons and the presets menu wait for finishStartup(), after the first
// paint.
#include "app/MainWindow.h"

#include "findings/FindingsPanel.h"
#include "flow/Session.h"
#include "history/HistoryPanel.h"
#include "inspector/InspectorPanel.h"
#include "secrets/SwitchableSecretStore.h"
#include "timeline/TimelinePanel.h"
#include "tokens/TokensPanel.h"
#include "ui_FlowTab.h"
#include "ui_MainWindow.h"

#include <QHeaderView>
#include <QSettings>
#include <QStyle>
#include <QTreeView>

namespace wb::gui {

void MainWindow::finishStartup()
{
    if (m_startupFinished)
        return;
    m_startupFinished = true;
    // Only in menus, which the first paint does not show: each standard icon reads several images.
    const QList<std::pair<QAction *, QStyle::StandardPixmap>> menuIcons = {
        {ui->actionDeleteProfile, QStyle::SP_TrashIcon},
        {ui->actionFetchDiscovery, QStyle::SP_BrowserReload},
        {ui->actionQuit, QStyle::SP_DialogCloseButton}};
    for (const auto &[action, pixmap] : menuIcons)
        action->setIcon(style()->standardIcon(pixmap));
    connectPresets(); // Profile > New Profile from Preset reads the provider catalogue
    ui->historyPanel->setStore(m_history.get()); // reads the history folder
    rescanJournals();                            // reads each leftover journal of an interrupted session
    if (m_options.probeSecrets)
        m_secrets->startProbe();
    if (m_options.deferStartupWork)
        loadStoredItems(currentProfileId()); // the selected profile's secret and tokens, held back
}

InspectorPanel *MainWindow::inspectorPanel() const
{
    const_cast<MainWindow *>(this)->ensureDetailPanels();
    return m_inspector;
}

TokensPanel *MainWindow::tokensPanel() const
{
    const_cast<MainWindow *>(this)->ensureDetailPanels();
    return m_tokensPanel;
}

FindingsPanel *MainWindow::findingsPanel() const
{
    const_cast<MainWindow *>(this)->ensureDetailPanels();
    return m_findings;
}

void MainWindow::ensureDetailPanels()
{
    if (m_inspector)
        return;
    Ui::FlowTab *w = flow(); // the detail tabs are in the work page's Flow tab
    m_inspector = new InspectorPanel(w->inspectorTab);
    m_inspector->setObjectName(QStringLiteral("inspectorPanel"));
    w->inspectorTabLayout->addWidget(m_inspector);
    m_tokensPanel = new TokensPanel(w->tokensTab);
    m_tokensPanel->setObjectName(QStringLiteral("tokensPanel"));
    w->tokensTabLayout->addWidget(m_tokensPanel);
    m_findings = new FindingsPanel(w->findingsTab);
    m_findings->setObjectName(QStringLiteral("findingsPanel"));
    w->findingsTabLayout->addWidget(m_findings);
    m_findings->view()->header()->restoreState(
        m_settings->value(QStringLiteral("window/findingsHeader")).toByteArray());
    connectDetailPanels();
    if (m_tokenActions)
        connectTokensPanel();
    // What the window shows already: the shown session, else the profile's stored tokens.
    m_inspector->setSession(m_shown);
    m_findings->setSession(m_shown);
    m_tokensPanel->setSession(m_shown ? m_shown : m_storedTokens.get());
    updateActions();
}

void MainWindow::connectDetailPanels()
{
    connect(m_inspector, &InspectorPanel::message, this, [this](const QString &m) { status(m); });
    connect(m_flow->timelinePanel, &TimelinePanel::selectionChanged, m_inspector,
            &InspectorPanel::showSelection);
    connect(m_findings, &FindingsPanel::stepActivated, this, [this](int step) {
        m_flow->timelinePanel->selectStep(step);
        showPage(QStringLiteral("inspector"));
    });
    connect(m_findings, &FindingsPanel::exchangeActivated, this,
            [this](int exchange) { m_flow->timelinePanel->selectExchange(exchange); });
    connect(m_findings, &FindingsPanel::countChanged, this, [this](int n) {
        m_flow->detailTabs->setTabText(m_flow->detailTabs->indexOf(m_flow->findingsTab),
                                       n ? tr("Findings (%1)").arg(n) : tr("Findings"));
    });
}

} // namespace wb::gui
