#pragma once
// MainWindow: assembles the panels (profiles, editor, timeline, inspector, tokens, findings,
// history) from MainWindow.ui and connects them to the flow runner, the profile store and the
// session files. Behaviour lives in the panels and controllers; this class only wires them.

#include "report/ReportOptions.h"

#include <QMainWindow>
#include <memory>

class QSettings;
class QTimer;

namespace Ui {
class FlowTab;
class MainWindow;
class WorkPage;
} // namespace Ui

namespace wb {
struct Session;
class SecretStore;
} // namespace wb

namespace wb {
struct Profile;
}

namespace wb::gui {

class EmptyStateWidget;
class FlowRunner;
class HistoryStore;
class InspectorPanel;
class ProfileEditor;
class ProfilesController;
class ProfilesSidebar;
class SandboxLauncher;
class TimelinePanel;
class TokensPanel;
class TokenActions;
class FindingsPanel;
class HistoryPanel;
class WaitingBanner;
class KeychainBanner;
class RecoveryBanner;
class SecretsIndicator;
class SwitchableSecretStore;

struct MainWindowOptions {
    QString profilesDirectory; // empty: ProfileStore::defaultDirectory()
    QString historyDirectory;  // empty: HistoryStore::defaultDirectory()
    QString settingsFile;      // empty: <AppConfigLocation>/gui.ini
    bool interactive = true;   // false (tests): no modal dialogs; errors go to errorReported()
    // Where secrets go (not owned; tests pass a MemorySecretStore or a keychain namespace of their
    // own). Null: the OS keychain under the application id. It is probed at start unless
    // probeSecrets is false; when it fails, the window keeps secrets in memory for the session.
    SecretStore *secretStore = nullptr;
    bool probeSecrets = true;
    QString journalDirectory; // empty: SessionJournal::directory() (interrupted flows to recover)
    // true (the application): the keychain probe, the selected profile's keychain items (secret
    // and tokens), reading the history, the menus' icons and the presets menu wait for
    // finishStartup(), which runGui calls once the window has painted; none of them is on screen
    // before that. false (tests): all happen in the constructor.
    bool deferStartupWork = false;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowOptions &options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    bool openSessionFile(const QString &path);
    bool saveSessionFile(const QString &path, bool redact);
    // File > Export Report without the dialog (tests, scripts): writes the shown session.
    bool exportReport(const QString &path, ReportFormat format, RedactionMode redaction);
    void startFlow();
    void cancelFlow();
    void newProfile();
    void newProfileFromPreset(const QString &providerId);
    void trySandbox();

    const Session *shownSession() const { return m_shown; }
    QString lastError() const { return m_lastError; }

    ProfilesController *profiles() const { return m_profiles; }
    FlowRunner *runner() const { return m_runner; }
    SandboxLauncher *sandbox() const { return m_sandbox; }
    TokenActions *tokenActions() const { return m_tokenActions; }    // the tokens panel's operations
    SwitchableSecretStore *secretStore() const { return m_secrets; } // keychain, or memory
    KeychainBanner *keychainBanner() const { return m_keychainBanner; }
    SecretsIndicator *secretsIndicator() const { return m_secretsIndicator; }
    // Per-profile keychain items; ask for confirmation when interactive.
    void forgetTokens(const QString &profileId);
    void forgetSecret(const QString &profileId);
    ProfilesSidebar *profilesSidebar() const;
    ProfileEditor *profileEditor() const;
    TimelinePanel *timelinePanel() const;
    InspectorPanel *inspectorPanel() const;
    TokensPanel *tokensPanel() const;
    FindingsPanel *findingsPanel() const;
    HistoryPanel *historyPanel() const;
    WaitingBanner *waitingBanner() const;
    // Crash recovery (MainWindowRecovery.cpp): the banner listing journals of flows a killed or
    // crashed workbench left; recover = into the history and the window, then the journal goes.
    RecoveryBanner *recoveryBanner() const { return m_recoveryBanner; }
    bool recoverJournal(const QString &path);
    bool discardJournal(const QString &path);
    void rescanJournals();
    void showPage(const QString &name); // "editor", "flow", "inspector", "tokens", "findings"
    // The start-up work deferred by MainWindowOptions::deferStartupWork (keychain probe and items,
    // history, menu icons, the presets menu); runs once, later calls do nothing.
    void finishStartup();

signals:
    void errorReported(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void connectActions();
    void connectProfiles();
    void connectFlow();
    void connectTokens();   // MainWindowTokens.cpp: the tokens panel's actions and auto-refresh
    void connectPresets();  // MainWindowPresets.cpp: Profile > New Profile from Preset
    void connectRecovery(); // MainWindowRecovery.cpp: the interrupted-flows banner
    // MainWindowDetails.cpp: the inspector, tokens and findings panels are built on first use (a
    // session shown, the Flow tab opened, an accessor called), not while the window starts.
    void ensureDetailPanels();
    void connectDetailPanels();
    void connectTokensPanel(); // MainWindowTokens.cpp, once the tokens panel is built
    // MainWindowPages.cpp: the centre's two pages are built when first shown. The work page (the
    // Profile and Flow tabs) waits for a profile or a session, or for one of its getters; the
    // empty-state page is built only while there is neither. The Flow tab's content (waiting
    // banner, timeline, detail tabs) waits for that tab to open, a session, or a getter.
    Ui::WorkPage *work() const;
    Ui::FlowTab *flow() const;
    void ensureEmptyState();
    void connectWorkPage();
    void connectFlowTab();
    QString currentProfileId() const; // the editor's profile; empty before the work page exists
    QString journalDirectory() const;
    void showSession(const Session *session, const QString &source);
    void onProfileSelected(const QString &id);
    void onFlowFinished(const Session *session);
    void refreshDetails();
    void updateActions();
    void updateCenter();
    void reportError(const QString &title, const QString &message);
    void status(const QString &message, int timeoutMs = 6000);
    void chooseAndOpenSession();
    void chooseAndSaveSession(bool redact);
    void chooseAndExportReport();
    void deleteProfile(const QString &id);
    void connectSecrets();
    void launchFlow(const Profile &profile);
    void loadStoredItems(const QString &profileId); // editor state and the stored token set
    void storeTokensAfterFlow(const wb::Session &session, const QString &doneMessage);
    void refreshStoredItems(const QString &profileId);
    bool confirm(const QString &title, const QString &question);

    Ui::MainWindow *ui;
    Ui::WorkPage *m_work = nullptr; // null until work() builds the work page
    Ui::FlowTab *m_flow = nullptr;  // null until flow() builds the Flow tab's content
    EmptyStateWidget *m_emptyState = nullptr;
    MainWindowOptions m_options;
    std::unique_ptr<QSettings> m_settings;
    SwitchableSecretStore *m_secrets; // before m_profiles, which uses it
    ProfilesController *m_profiles;
    FlowRunner *m_runner;
    SandboxLauncher *m_sandbox;
    TokenActions *m_tokenActions = nullptr;
    InspectorPanel *m_inspector = nullptr; // the detail panels: null until ensureDetailPanels()
    TokensPanel *m_tokensPanel = nullptr;
    FindingsPanel *m_findings = nullptr;
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<Session> m_opened; // a session shown from a file
    QString m_openedPath;
    const Session *m_shown = nullptr;
    QTimer *m_tick;          // live durations while a flow runs
    QTimer *m_detailRefresh; // coalesces inspector/findings/tokens updates during busy flows
    QString m_lastError;
    SecretsIndicator *m_secretsIndicator = nullptr;
    KeychainBanner *m_keychainBanner = nullptr;
    RecoveryBanner *m_recoveryBanner = nullptr;
    std::unique_ptr<Session> m_storedTokens; // the selected profile's stored set, when no run is shown
    bool m_startPending = false;             // Start waits for the client secret from the keychain
    bool m_startupFinished = false;
};

} // namespace wb::gui
