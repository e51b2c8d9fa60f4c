// wb_gui_screenshots: renders the window's documentation screenshots (docs/screenshots/) by
// scripting a real session against the built-in sandbox; scripts/screenshots.sh runs it under Xvfb.
// Usage: wb_gui_screenshots OUTPUT_DIR
#include "../support/CapturedSessionFixture.h"
#include "../support/GuiTestSupport.h"

#include "app/AboutDialog.h"
#include "app/GuiApplication.h"
#include "common/StatusIcons.h"
#include "flow/WaitingBanner.h"
#include "inspector/InspectorPanel.h"
#include "profiles/DiscoveryFetcher.h"
#include "profiles/ProfilesController.h"
#include "report/SessionJson.h"
#include "sandbox/SandboxServer.h"
#include "secrets/SwitchableSecretStore.h"
#include "util/AppIdentity.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QGroupBox>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <cstdio>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

namespace {
bool waitFor(const std::function<bool()> &condition, int timeoutMs = 20000)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

bool shoot(QWidget *window, const QString &dir, const QString &name)
{
    QTest::qWait(400); // let layouts, elided texts and tick timers settle
    const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    const bool ok = window->grab().save(path);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

// A dark Fusion palette, as a desktop in dark mode would hand to the application.
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x33));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    return p;
}

// Stands in for the OS keychain, which Xvfb runs of this tool do not have: the window looks as it
// does on a desktop with a Secret Service. Values stay in memory.
class ScreenshotKeychain : public MemorySecretStore {
public:
    QString backendName() const override { return QStringLiteral("OS keychain (Secret Service)"); }
    bool isPersistent() const override { return true; }
};

void selectTab(QWidget *root, const char *tabs, const char *page)
{
    auto *w = root->findChild<QTabWidget *>(QLatin1String(tabs));
    if (auto *p = root->findChild<QWidget *>(QLatin1String(page)))
        w->setCurrentWidget(p);
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    wb::setApplicationIdentity();
    QGuiApplication::setApplicationDisplayName(QStringLiteral("OAuth Workbench"));
    QApplication::setWindowIcon(appIcon());
    if (QApplication::style()->name().compare(QLatin1String("windows"), Qt::CaseInsensitive) == 0)
        QApplication::setStyle(QStringLiteral("Fusion"));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs/screenshots");
    QDir().mkpath(out);

    SandboxServer sandbox;
    SandboxConfig config;
    config.autoApprove = true;
    QString error;
    if (!sandbox.start(config, &error)) {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(error));
        return 1;
    }

    WindowFixture f(false, std::make_unique<ScreenshotKeychain>());
    MainWindow &w = *f.window;
    w.resize(1280, 800);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return 1;
    bool ok = shoot(&w, out, QStringLiteral("01-empty-state"));

    // A profile filled in through the editor, with the provider's discovery fetched.
    ProfileInput in;
    in.name = QStringLiteral("Sandbox (confidential client)");
    in.issuer = sandbox.issuer();
    in.clientId = QStringLiteral("sandbox-basic");
    in.secret = QStringLiteral("sandbox-secret");
    in.authMethod = QStringLiteral("client_secret_basic");
    in.scope = QStringLiteral("openid profile email offline_access");
    in.timeoutSeconds = 300;
    createProfileThroughEditor(w, in);
    ProfileEditor *editor = w.profileEditor();
    auto *params = child<QTableWidget>(editor, "extraParamsTable");
    QTest::mouseClick(child<QPushButton>(editor, "addParamButton"), Qt::LeftButton);
    params->item(0, 0)->setText(QStringLiteral("prompt"));
    params->item(0, 1)->setText(QStringLiteral("consent"));
    QTest::mouseClick(child<QPushButton>(editor, "fetchDiscoveryButton"), Qt::LeftButton);
    ok &= waitFor([&] { return !editor->discoveryFetcher()->isBusy(); });
    editor->flushPendingEdit();
    ok &= shoot(&w, out, QStringLiteral("02-profile-editor"));

    // A completed flow with the token exchange selected in the inspector.
    w.startFlow();
    ok &= waitFor([&] { return w.runner()->session() && !w.runner()->isRunning(); });
    const QModelIndex token = findExchangeRow(w.timelinePanel()->model(), QStringLiteral("/token"));
    w.timelinePanel()->view()->setCurrentIndex(token);
    w.showPage(QStringLiteral("inspector"));
    selectTab(&w, "tabs", "requestTab");
    ok &= shoot(&w, out, QStringLiteral("03-flow-token-request"));
    selectTab(&w, "tabs", "responseTab");
    ok &= shoot(&w, out, QStringLiteral("04-flow-token-response"));

    // The decoded tokens.
    w.showPage(QStringLiteral("tokens"));
    ok &= shoot(&w, out, QStringLiteral("05-tokens"));

    // Waiting for the browser: a command that never comes back, then Cancel.
    Profile waiting = editor->profile();
    waiting.browser = BrowserMode::Command;
    waiting.browserCommand = QStringLiteral("true %u");
    editor->setProfile(waiting);
    w.startFlow();
    ok &= waitFor([&] { return w.waitingBanner()->isVisible(); });
    QTest::qWait(2200); // a ticking elapsed time
    w.showPage(QStringLiteral("inspector"));
    selectTab(&w, "tabs", "overviewTab");
    ok &= shoot(&w, out, QStringLiteral("06-waiting-for-callback"));
    w.cancelFlow();
    ok &= waitFor([&] { return !w.runner()->isRunning(); });

    // A failure with its findings: the sandbox refuses the PKCE verifier.
    waiting.browser = BrowserMode::Follow;
    waiting.browserCommand.clear();
    editor->setProfile(waiting);
    sandbox.setFaultEnabled(SandboxFault::PkceMismatch, true);
    w.startFlow();
    ok &= waitFor([&] { return !w.runner()->isRunning(); });
    w.showPage(QStringLiteral("findings"));
    ok &= shoot(&w, out, QStringLiteral("07-findings"));

    // The authorization request's recorded details.
    w.timelinePanel()->selectStep(findStep(w.runner()->session(), StepKind::AuthorizationRequest));
    w.showPage(QStringLiteral("inspector"));
    selectTab(&w, "tabs", "overviewTab");
    ok &= shoot(&w, out, QStringLiteral("10-authorization-request"));

    // The About dialog.
    {
        AboutDialog about(w.profiles()->directory(),
                          QStringLiteral("~/.local/share/dev.oauthworkbench.OAuthWorkbench/sessions"), &w);
        about.show();
        ok &= QTest::qWaitForWindowExposed(&about);
        ok &= shoot(&about, out, QStringLiteral("11-about"));
    }

    // The history of runs in the sidebar.
    selectTab(&w, "sidebarTabs", "historyTab");
    ok &= shoot(&w, out, QStringLiteral("08-history"));

    // The Sandbox profile with two fault checkboxes ticked for the next Start.
    selectTab(&w, "sidebarTabs", "profilesTab");
    w.trySandbox();
    if (auto *faults = child<QTreeWidget>(w.profileEditor(), "faultList")) {
        for (int i = 0; i < faults->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = faults->topLevelItem(i);
            if (item->text(0) == u"invalid_client" || item->text(0) == u"clock_skew")
                item->setCheckState(0, Qt::Checked);
        }
        w.profileEditor()->flushPendingEdit();
        if (auto *scroll = w.profileEditor()->findChild<QScrollArea *>(QStringLiteral("scrollArea")))
            scroll->ensureWidgetVisible(faults);
    }
    ok &= shoot(&w, out, QStringLiteral("12-sandbox-faults"));

    // No usable keychain: the banner names the cause and the fix, the indicator says "memory only".
    {
        auto failing = std::make_unique<MemorySecretStore>();
        failing->setForcedFailure(SecretStatus::NoBackend);
        WindowFixture memory(false, std::move(failing));
        MainWindow &m = *memory.window;
        m.resize(1280, 800);
        m.show();
        ok &= QTest::qWaitForWindowExposed(&m);
        ok &= waitFor([&] { return m.secretStore()->mode() == SwitchableSecretStore::Mode::Memory; });
        ProfileInput offline;
        offline.name = QStringLiteral("Staging (no keychain)");
        offline.issuer = QStringLiteral("https://login.example.com");
        offline.clientId = QStringLiteral("web-client");
        offline.secret = QStringLiteral("typed-secret");
        offline.authMethod = QStringLiteral("client_secret_basic");
        createProfileThroughEditor(m, offline);
        m.profileEditor()->flushPendingEdit();
        QTest::qWait(300);
        ok &= shoot(&m, out, QStringLiteral("13-keychain-memory-mode"));
    }

    // Captured browser mode: the editor's browser settings, then a captured login in the timeline
    // (a recorded session: hops, the link to the callback, sub-resources shown).
    {
        WindowFixture captured(false, std::make_unique<ScreenshotKeychain>());
        MainWindow &c = *captured.window;
        c.resize(1280, 800);
        c.show();
        ok &= QTest::qWaitForWindowExposed(&c);
        ProfileInput capturedIn;
        capturedIn.name = QStringLiteral("Example IdP (captured browser)");
        capturedIn.issuer = QStringLiteral("https://login.example.com");
        capturedIn.clientId = QStringLiteral("web-app");
        capturedIn.browser = QStringLiteral("captured");
        createProfileThroughEditor(c, capturedIn);
        ProfileEditor *e = c.profileEditor();
        typeInto(child<QLineEdit>(e, "browserProfileEdit"), QStringLiteral("sso-tests"));
        e->flushPendingEdit();
        QTest::qWait(200); // the group was just shown: let the scroll area learn its new height
        if (auto *scroll = e->findChild<QScrollArea *>(QStringLiteral("scrollArea")))
            scroll->ensureWidgetVisible(child<QGroupBox>(e, "capturedGroup"), 10, 10);
        ok &= shoot(&c, out, QStringLiteral("14-captured-settings"));

        const QString file = captured.dir.filePath(QStringLiteral("captured-login.json"));
        {
            QFile saved(file);
            ok &= saved.open(QIODevice::WriteOnly);
            saved.write(QByteArray::fromStdString(sessionToJson(capturedSession(), true).dump(2)));
        }
        ok &= c.openSessionFile(file);
        TimelinePanel *timeline = c.timelinePanel();
        if (auto *toggle = child<QCheckBox>(timeline, "showSubResourcesCheck"))
            toggle->setChecked(true);
        const QModelIndex browser = timeline->model()->indexOfStep(1);
        timeline->view()->setCurrentIndex(timeline->model()->index(2, 0, browser)); // the login form post
        c.showPage(QStringLiteral("inspector"));
        selectTab(&c, "tabs", "requestTab");
        // Room for the whole chain: the inspector keeps its minimum height (about 500 px), the
        // timeline takes the rest of a taller window.
        c.resize(1280, 880);
        if (auto *split = c.findChild<QSplitter *>(QStringLiteral("flowSplitter"))) {
            QTest::qWait(100);
            split->setSizes({400, 250});
        }
        timeline->view()->scrollToTop();
        ok &= shoot(&c, out, QStringLiteral("15-captured-timeline"));
    }

    // Dark palette: nothing in the window may hard-code a light colour.
    QApplication::setPalette(darkPalette());
    selectTab(&w, "sidebarTabs", "profilesTab");
    w.timelinePanel()->selectStep(int(w.runner()->session()->steps.size()) - 1);
    w.showPage(QStringLiteral("inspector"));
    selectTab(&w, "tabs", "overviewTab");
    ok &= shoot(&w, out, QStringLiteral("09-dark-palette"));
    return ok ? 0 : 1;
}
