#include "app/MainWindow.h"

#include "app/AboutDialog.h"
#include "app/ExportDialog.h"
#include "app/SessionDialogs.h"
#include "app/SessionFile.h"
#include "app/WindowState.h"
#include "common/PrefetchedIcons.h"
#include "findings/FindingsModel.h"
#include "flow/FlowRunner.h"
#include "history/HistoryStore.h"
#include "profiles/ProfilesController.h"
#include "report/ReportWriter.h"
#include "sandbox/SandboxLauncher.h"
#include "secrets/SecretsIndicator.h"
#include "secrets/SwitchableSecretStore.h"
#include "store/KeychainSecretStore.h"
#include "tokens/TokenActions.h"
#include "ui_FlowTab.h"
#include "ui_MainWindow.h"
#include "ui_WorkPage.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QFileInfo>
#include <QHeaderView>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTimer>
#include <QTreeView>

namespace wb::gui {

namespace {
QString orDefault(const QString &value, const QString &fallback)
{
    return value.isEmpty() ? fallback : value;
}

// The window's store: the one given, else the OS keychain under the application id. The keychain
// store belongs to the application, not the window: QtKeychain's libsecret backend calls back
// into its jobs after they are deleted, so a job must never die while D-Bus still answers it.
SwitchableSecretStore *makeSecretStore(const MainWindowOptions &options, QObject *parent)
{
    static QPointer<SecretStore> keychain;
    SecretStore *primary = options.secretStore;
    if (!primary) {
        if (!keychain)
            keychain = new KeychainSecretStore(QCoreApplication::instance());
        primary = keychain;
    }
    return new SwitchableSecretStore(primary, parent);
}
} // namespace

MainWindow::MainWindow(const MainWindowOptions &options, QWidget *parent)
    : QMainWindow(parent), ui(new Ui::MainWindow), m_options(options),
      m_settings(std::make_unique<QSettings>(
          orDefault(options.settingsFile,
                    QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                        QStringLiteral("/gui.ini")),
          QSettings::IniFormat)),
      m_secrets(makeSecretStore(options, this)),
      m_profiles(new ProfilesController(
          orDefault(options.profilesDirectory, ProfileStore::defaultDirectory()), m_secrets, this)),
      m_runner(new FlowRunner(this)), m_sandbox(new SandboxLauncher(m_profiles, m_settings.get(), this)),
      m_history(std::make_unique<HistoryStore>(
          orDefault(options.historyDirectory, HistoryStore::defaultDirectory()))),
      m_tick(new QTimer(this)), m_detailRefresh(new QTimer(this))
{
    // The first frame's standard icons, before any widget: building the widgets asks for the
    // session bus (accessibility), which a worker opens meanwhile (StartupWarmup).
    PrefetchedIcons::prefetch(style(),
                              {QStyle::SP_FileIcon, QStyle::SP_FileDialogNewFolder, QStyle::SP_TrashIcon,
                               QStyle::SP_MediaPlay, QStyle::SP_MediaStop, QStyle::SP_DialogOpenButton,
                               QStyle::SP_DialogSaveButton, QStyle::SP_FileDialogDetailedView});
    ui->setupUi(this);
    // The panels take all spare height; banners inserted above them later keep their own.
    ui->centralLayout->setStretchFactor(ui->mainSplitter, 1);
    ui->profilesSidebar->setModel(m_profiles->model());
    m_tick->setInterval(1000);
    m_detailRefresh->setSingleShot(true);
    m_detailRefresh->setInterval(50);
    connect(m_detailRefresh, &QTimer::timeout, this, &MainWindow::refreshDetails);

    const QList<std::pair<QAction *, QStyle::StandardPixmap>> icons = {
        {ui->actionStart, QStyle::SP_MediaPlay},
        {ui->actionCancel, QStyle::SP_MediaStop},
        {ui->actionOpenSession, QStyle::SP_DialogOpenButton},
        {ui->actionSaveSession, QStyle::SP_DialogSaveButton},
        {ui->actionExportReport, QStyle::SP_FileDialogDetailedView}}; // the menus' in finishStartup()
    for (const auto &[action, pixmap] : icons)
        action->setIcon(PrefetchedIcons::take(this, pixmap));
    PrefetchedIcons::clear();
    // The same standard icon as the sidebar's New button: taken from it, not decoded again.
    ui->actionNewProfile->setIcon(ui->profilesSidebar->newProfileIcon());
    ui->actionStart->setToolTip(tr("Start the flow of the selected profile (Ctrl+R)"));
    ui->actionCancel->setToolTip(tr("Cancel the running flow (Esc)"));

    connectActions();
    connectProfiles();
    connectFlow();
    connectSecrets();
    connectTokens();
    connectRecovery();
    restoreWindowState(*this, *ui, *m_settings);
    const QStringList problems = m_profiles->problems();
    if (!problems.isEmpty())
        status(tr("Some profile files were skipped: %1").arg(problems.join(QStringLiteral("; "))), 0);
    if (m_profiles->count() > 0)
        ui->profilesSidebar->selectProfile(m_settings->value(QStringLiteral("profiles/current")).toString());
    if (ui->profilesSidebar->currentProfileId().isEmpty() && m_profiles->count() > 0)
        ui->profilesSidebar->selectProfile(m_profiles->model()->profiles().first().id);
    updateCenter();
    updateActions();
    if (!options.deferStartupWork)
        finishStartup();
}

MainWindow::~MainWindow()
{
    // Views first: they point into sessions owned by the runner and m_opened.
    delete ui;
    delete m_flow;
    delete m_work;
}

ProfilesSidebar *MainWindow::profilesSidebar() const
{
    return ui->profilesSidebar;
}
ProfileEditor *MainWindow::profileEditor() const
{
    return work()->profileEditor;
}
TimelinePanel *MainWindow::timelinePanel() const
{
    return flow()->timelinePanel;
}
HistoryPanel *MainWindow::historyPanel() const
{
    return ui->historyPanel;
}
WaitingBanner *MainWindow::waitingBanner() const
{
    return flow()->waitingBanner;
}

void MainWindow::showPage(const QString &name)
{
    Ui::WorkPage *w = work();
    if (name == u"editor") {
        w->workTabs->setCurrentWidget(w->editorTab);
        return;
    }
    ensureDetailPanels(); // before their tab shows
    w->workTabs->setCurrentWidget(w->flowTab);
    Ui::FlowTab *f = m_flow;
    if (name == u"inspector")
        f->detailTabs->setCurrentWidget(f->inspectorTab);
    else if (name == u"tokens")
        f->detailTabs->setCurrentWidget(f->tokensTab);
    else if (name == u"findings")
        f->detailTabs->setCurrentWidget(f->findingsTab);
}

void MainWindow::connectActions()
{
    connect(ui->actionOpenSession, &QAction::triggered, this, &MainWindow::chooseAndOpenSession);
    connect(ui->actionSaveSession, &QAction::triggered, this, [this] { chooseAndSaveSession(true); });
    connect(ui->actionSaveSessionWithSecrets, &QAction::triggered, this,
            [this] { chooseAndSaveSession(false); });
    connect(ui->actionExportReport, &QAction::triggered, this, &MainWindow::chooseAndExportReport);
    connect(ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(ui->actionNewProfile, &QAction::triggered, this, &MainWindow::newProfile);
    connect(ui->actionDuplicateProfile, &QAction::triggered, ui->profilesSidebar, [this] {
        if (auto copy = m_profiles->duplicate(ui->profilesSidebar->currentProfileId()))
            ui->profilesSidebar->selectProfile(copy->id);
    });
    connect(ui->actionDeleteProfile, &QAction::triggered, this,
            [this] { deleteProfile(ui->profilesSidebar->currentProfileId()); });
    connect(ui->actionFetchDiscovery, &QAction::triggered, this, [this] {
        showPage(QStringLiteral("editor"));
        work()->profileEditor->fetchDiscovery();
    });
    connect(ui->actionStart, &QAction::triggered, this, &MainWindow::startFlow);
    connect(ui->actionCancel, &QAction::triggered, this, &MainWindow::cancelFlow);
    connect(ui->actionSandbox, &QAction::toggled, this, [this](bool on) {
        QString error;
        if (on && !m_sandbox->ensureRunning(&error))
            reportError(tr("Sandbox"), tr("The built-in sandbox could not start: %1").arg(error));
        else if (!on)
            m_sandbox->stop();
    });
    connect(ui->actionSandboxAutoApprove, &QAction::toggled, m_sandbox, &SandboxLauncher::setAutoApprove);
    connect(m_sandbox, &SandboxLauncher::runningChanged, this, [this](bool running) {
        const QSignalBlocker block(ui->actionSandbox);
        ui->actionSandbox->setChecked(running);
        status(running ? tr("Sandbox running at %1").arg(m_sandbox->issuer()) : tr("Sandbox stopped"));
    });
    const QList<std::pair<QAction *, QString>> pages = {
        {ui->actionShowEditor, QStringLiteral("editor")},
        {ui->actionShowFlow, QStringLiteral("flow")},
        {ui->actionShowInspector, QStringLiteral("inspector")},
        {ui->actionShowTokens, QStringLiteral("tokens")},
        {ui->actionShowFindings, QStringLiteral("findings")}};
    for (const auto &[action, page] : pages)
        connect(action, &QAction::triggered, this, [this, page = page] { showPage(page); });
    connect(ui->actionShowProfiles, &QAction::triggered, this,
            [this] { ui->sidebarTabs->setCurrentWidget(ui->profilesTab); });
    connect(ui->actionShowHistory, &QAction::triggered, this, [this] {
        ui->historyPanel->reload();
        ui->sidebarTabs->setCurrentWidget(ui->historyTab);
    });
    connect(ui->actionAbout, &QAction::triggered, this, [this] {
        AboutDialog about(m_profiles->directory(), m_history->directory(), this);
        about.exec();
    });
    connect(ui->historyPanel, &HistoryPanel::openRequested, this, &MainWindow::openSessionFile);
}

void MainWindow::connectProfiles()
{
    ProfilesSidebar *sidebar = ui->profilesSidebar;
    connect(sidebar, &ProfilesSidebar::currentProfileChanged, this, &MainWindow::onProfileSelected);
    connect(sidebar, &ProfilesSidebar::newRequested, this, &MainWindow::newProfile);
    connect(sidebar, &ProfilesSidebar::duplicateRequested, ui->actionDuplicateProfile, &QAction::trigger);
    connect(sidebar, &ProfilesSidebar::deleteRequested, this, &MainWindow::deleteProfile);
    connect(sidebar, &ProfilesSidebar::activated, this, [this] { startFlow(); });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_profiles->model(), signal, this, [this] {
            updateCenter();
            updateActions();
        });
    connect(m_profiles, &ProfilesController::error, this,
            [this](const QString &message) { reportError(tr("Profiles"), message); });
}

void MainWindow::connectFlow()
{
    connect(m_runner, &FlowRunner::sessionReplaced, this, [this](const Session *session) {
        showSession(session, QString());
        m_opened.reset();
        m_openedPath.clear();
        showPage(QStringLiteral("flow"));
        m_tick->start();
        status(tr("Flow started."), 0);
    });
    auto onChange = [this] {
        flow()->timelinePanel->sync();
        if (!m_detailRefresh->isActive())
            m_detailRefresh->start();
    };
    connect(m_runner, &FlowRunner::stepChanged, this, onChange);
    connect(m_runner, &FlowRunner::exchangeAdded, this, onChange);
    connect(m_runner, &FlowRunner::waitingForCallback, this,
            [this](const QString &url, const QString &redirectUri, const QString &listen, int timeout) {
                flow()->waitingBanner->start(url, redirectUri, listen, timeout);
                status(tr("Waiting for the browser to return to %1").arg(redirectUri), 0);
            });
    connect(m_runner, &FlowRunner::finished, this, &MainWindow::onFlowFinished);
}

void MainWindow::showSession(const Session *session, const QString &source)
{
    m_shown = session;
    if (session)
        ensureDetailPanels(); // sets the session on them
    if (m_inspector) {
        m_inspector->setSession(session);
        m_tokensPanel->setSession(session);
        m_findings->setSession(session);
    }
    if (session || m_flow) // an empty timeline needs no Flow tab built for it
        flow()->timelinePanel->setSession(session, source); // last: it announces the selection
    if (session)
        m_storedTokens.reset(); // the tokens panel shows the session's tokens now
    QString title =
        source.isEmpty() ? (session ? session->profile.name : QString()) : QFileInfo(source).fileName();
    setWindowTitle(title);
    updateCenter();
    updateActions();
}

void MainWindow::refreshDetails()
{
    if (!m_inspector)
        return;
    m_inspector->refresh();
    m_findings->refresh();
    m_tokensPanel->refresh();
}

void MainWindow::onFlowFinished(const Session *session)
{
    m_tick->stop();
    flow()->waitingBanner->stop();
    m_detailRefresh->stop();
    flow()->timelinePanel->sync();
    refreshDetails();
    QString error;
    if (m_history->save(*session, &error).isEmpty())
        status(tr("The run could not be added to the history: %1").arg(error), 0);
    ui->historyPanel->reload();
    const qint64 ms = session->startedAt.msecsTo(session->finishedAt);
    switch (session->outcome) {
    case Outcome::Succeeded: {
        const QString done =
            tr("Flow succeeded in %1.")
                .arg(ms < 1000 ? tr("%1 ms").arg(ms) : tr("%1 s").arg(ms / 1000.0, 0, 'f', 1));
        status(done, 0);
        storeTokensAfterFlow(*session, done);
        break;
    }
    case Outcome::Cancelled:
        status(tr("Flow cancelled."), 0);
        break;
    default:
        status(tr("Flow failed: %1").arg(session->error.message), 0);
        break;
    }
    updateActions();
}

void MainWindow::onProfileSelected(const QString &id)
{
    ProfileEditor *editor = work()->profileEditor;
    editor->flushPendingEdit(); // saves the profile being left
    const auto profile = m_profiles->profile(id);
    editor->setSandboxProfile(m_sandbox->isSandboxProfile(id));
    if (profile)
        editor->setProfile(*profile);
    else
        editor->clear();
    // Unchanged at every start: writing it anyway would rewrite gui.ini (two fsyncs) before the
    // first paint.
    if (m_settings->value(QStringLiteral("profiles/current")).toString() != id)
        m_settings->setValue(QStringLiteral("profiles/current"), id);
    loadStoredItems(id);
    updateActions();
}

void MainWindow::newProfile()
{
    if (auto p = m_profiles->create()) {
        ui->profilesSidebar->selectProfile(p->id);
        updateCenter();
        showPage(QStringLiteral("editor"));
        status(tr("Profile created: give it a name, an issuer and a client id."));
    }
}

void MainWindow::trySandbox()
{
    QString error;
    const auto p = m_sandbox->openSandboxProfile(&error);
    if (!p) {
        reportError(tr("Sandbox"), tr("The built-in sandbox could not start: %1").arg(error));
        return;
    }
    ui->profilesSidebar->selectProfile(p->id);
    work()->profileEditor->setSandboxProfile(true);
    work()->profileEditor->setProfile(*m_profiles->profile(p->id));
    updateCenter();
    showPage(QStringLiteral("editor"));
    status(tr("Sandbox running at %1. Press Start (Ctrl+R) and log in with any user name.")
               .arg(m_sandbox->issuer()),
           0);
}

void MainWindow::startFlow()
{
    if (m_runner->isRunning() || m_startPending || currentProfileId().isEmpty())
        return;
    ProfileEditor *editor = work()->profileEditor;
    editor->flushPendingEdit();
    Profile p = editor->profile();
    if (m_sandbox->isSandboxProfile(p.id)) {
        // The sandbox's port changes between runs of the workbench: point the profile at it.
        QString error;
        const auto moved = m_sandbox->prepareRun(p, &error);
        if (!moved) {
            reportError(tr("Sandbox"), tr("The built-in sandbox could not start: %1").arg(error));
            return;
        }
        p = *moved;
        editor->setProfile(*m_profiles->profile(p.id));
    }
    if (!p.clientSecret.isEmpty() || p.authMethod == ClientAuthMethod::None) {
        launchFlow(p);
        return;
    }
    // The secret is read from the keychain only now, when the flow needs it.
    m_startPending = true;
    updateActions();
    status(tr("Reading the client secret from %1…").arg(SecretsIndicator::place(*m_secrets)), 0);
    m_profiles->readSecret(p.id, [this, p](const SecretResult &r) mutable {
        m_startPending = false;
        if (r.ok()) {
            p.clientSecret = r.value;
        } else if (r.status != SecretStatus::NotFound) {
            reportError(tr("Client secret"),
                        tr("The client secret of \"%1\" could not be read, so the flow was not started. %2")
                            .arg(p.name, r.message));
            updateActions();
            return;
        }
        launchFlow(p);
        if (r.status == SecretStatus::NotFound)
            status(
                tr("No client secret is stored for \"%1\": the token request goes without one.").arg(p.name),
                0);
    });
}

void MainWindow::launchFlow(const Profile &p)
{
    WaitingBanner *banner = flow()->waitingBanner;
    banner->stop();
    banner->setSandboxFaults(m_sandbox->isSandboxProfile(p.id) ? m_sandbox->activeFaults() : QStringList());
    m_runner->start(p);
    if (m_sandbox->isSandboxProfile(p.id) && !p.sandboxFaults.isEmpty())
        status(tr("Flow started with sandbox faults: %1")
                   .arg(m_sandbox->activeFaults().join(QStringLiteral(", "))),
               0);
}

void MainWindow::cancelFlow()
{
    if (m_runner->isRunning()) {
        status(tr("Cancelling…"));
        m_runner->cancel();
    }
}

void MainWindow::deleteProfile(const QString &id)
{
    const auto p = m_profiles->profile(id);
    if (!p)
        return;
    if (m_options.interactive &&
        QMessageBox::question(
            this, tr("Delete profile"),
            tr("Delete the profile \"%1\" and its items in %2 (client secret, tokens)? Its saved "
               "sessions in the history stay.")
                .arg(p->name, SecretsIndicator::place(*m_secrets)),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    m_profiles->remove(id, [this, name = p->name](const ProfileStoreResult &r) {
        if (r.ok())
            status(tr("Profile \"%1\" deleted.").arg(name));
        else
            reportError(tr("Delete profile"), r.message);
    });
}

bool MainWindow::openSessionFile(const QString &path)
{
    if (m_runner->isRunning()) {
        if (m_options.interactive &&
            QMessageBox::question(this, tr("Open session"),
                                  tr("A flow is running. Cancel it and open the file?"),
                                  QMessageBox::Yes | QMessageBox::No) != QMessageBox::Yes)
            return false;
        m_runner->cancel();
    }
    auto loaded = std::make_unique<Session>();
    QString error;
    if (!loadSessionFile(path, *loaded, &error)) {
        reportError(tr("Open session"), error);
        return false;
    }
    std::unique_ptr<Session> previous = std::move(m_opened);
    m_opened = std::move(loaded);
    m_openedPath = path;
    showSession(m_opened.get(), path);
    m_runner->discard(); // after the views moved to the opened session
    showPage(QStringLiteral("flow"));
    status(tr("Opened %1 (read-only).").arg(path));
    return true;
}

bool MainWindow::saveSessionFile(const QString &path, bool redact)
{
    if (!m_shown)
        return false;
    QString error;
    if (!wb::gui::saveSessionFile(path, *m_shown, redact, &error)) {
        reportError(tr("Save session"), error);
        return false;
    }
    status(redact ? tr("Session saved to %1 (redacted).").arg(path)
                  : tr("Session saved to %1 — it contains secrets.").arg(path));
    return true;
}

void MainWindow::chooseAndOpenSession()
{
    const QString path = askSessionToOpen(this, *m_settings);
    if (!path.isEmpty())
        openSessionFile(path);
}

void MainWindow::chooseAndSaveSession(bool redact)
{
    if (!m_shown)
        return;
    const QString path = askSessionSavePath(this, *m_settings, *m_shown, redact);
    if (!path.isEmpty())
        saveSessionFile(path, redact);
}

bool MainWindow::exportReport(const QString &path, ReportFormat format, RedactionMode redaction)
{
    if (!m_shown)
        return false;
    ReportOptions options;
    options.redaction = redaction;
    QString error;
    if (!writeReportFile(path, *m_shown, format, options, &error)) {
        reportError(tr("Export report"), error);
        return false;
    }
    status(tr("Report written to %1 (%2, redaction: %3).").arg(path, toString(format), toString(redaction)));
    return true;
}

void MainWindow::chooseAndExportReport()
{
    if (!m_shown)
        return;
    const QString key = QStringLiteral("export/directory");
    ExportDialog dialog(*m_shown, m_settings->value(key).toString(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_settings->setValue(key, QFileInfo(dialog.path()).absolutePath());
    status(tr("Report written to %1 (%2, redaction: %3).")
               .arg(dialog.path(), toString(dialog.format()), toString(dialog.redaction())));
}

void MainWindow::updateActions()
{
    const bool running = m_runner->isRunning();
    const bool hasProfile = !currentProfileId().isEmpty();
    ui->actionStart->setEnabled(!running && !m_startPending && hasProfile);
    ui->actionCancel->setEnabled(running);
    ui->actionSaveSession->setEnabled(m_shown != nullptr);
    ui->actionSaveSessionWithSecrets->setEnabled(m_shown != nullptr && !m_shown->secretValues.isEmpty());
    ui->actionExportReport->setEnabled(m_shown != nullptr);
    ui->actionDuplicateProfile->setEnabled(hasProfile);
    ui->actionDeleteProfile->setEnabled(hasProfile);
    ui->actionFetchDiscovery->setEnabled(hasProfile);
    if (m_tokenActions && m_tokensPanel)
        m_tokensPanel->setActionsEnabled(hasProfile && !running && !m_tokenActions->isRunning());
}

void MainWindow::updateCenter()
{
    const bool empty = m_profiles->count() == 0 && !m_shown;
    if (empty)
        ensureEmptyState();
    else
        work(); // built before its page shows
    ui->centerStack->setCurrentWidget(empty ? ui->emptyPage : ui->workPage);
}

void MainWindow::reportError(const QString &title, const QString &message)
{
    m_lastError = message;
    status(message, 0);
    emit errorReported(message);
    if (m_options.interactive)
        QMessageBox::warning(this, title, message);
}

void MainWindow::status(const QString &message, int timeoutMs)
{
    ui->statusBar->showMessage(message, timeoutMs);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_work)
        m_work->profileEditor->flushPendingEdit();
    if (m_flow) // else the saved splitter and columns stay as they were
        saveFlowTabState(*m_flow, *m_settings);
    if (m_findings) // else the saved columns stay as they were
        m_settings->setValue(QStringLiteral("window/findingsHeader"),
                             m_findings->view()->header()->saveState());
    saveWindowState(*this, *ui, *m_settings);
    m_runner->cancel();
    event->accept();
}

} // namespace wb::gui
