#include "app/GuiApplication.h"

#include "Version.h"
#include "app/MainWindow.h"
#include "app/StartupProbe.h"
#include "app/StartupWarmup.h"
#include "common/StatusIcons.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QStyle>
#include <QTimer>
#include <cstdio>

namespace wb::gui {

namespace {
// Without a display Qt aborts with a plugin error; a plain sentence helps more.
bool haveDisplay()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
}
} // namespace

int runGui(int &argc, char **argv)
{
    if (!haveDisplay()) {
        std::fputs("oauth-workbench: no display for the window (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                   "The command-line verbs need none: see 'oauth-workbench --help'.\n",
                   stderr);
        return 2;
    }
    QApplication app(argc, argv);
    QGuiApplication::setApplicationDisplayName(QLatin1String(kAppName));
    QGuiApplication::setDesktopFileName(QLatin1String(kAppId));
    // Without a platform theme Qt falls back to the dated "Windows" style; Fusion follows the
    // palette (light or dark) and looks at home everywhere.
    if (QApplication::style()->name().compare(QLatin1String("windows"), Qt::CaseInsensitive) == 0)
        QApplication::setStyle(QStringLiteral("Fusion"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("OAuth Workbench window; `oauth-workbench --help` lists the "
                       "command-line verbs."));
    parser.addOption(
        {QStringLiteral("open"), QStringLiteral("Open a saved session file."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("sandbox"),
                      QStringLiteral("Start the built-in sandbox and select its profile, ready for Start.")});
    parser.process(app); // may exit (--help, a bad option): before any worker runs

    const StartupWarmup warmup; // the session bus, the font database and the app icon, on a second core

    MainWindowOptions options;
    options.deferStartupWork = true; // the keychain probe and the history wait for the first paint
    MainWindow window(options);
    QApplication::setWindowIcon(appIcon()); // painted on the worker meanwhile; before the window is shown
    window.show();
    whenFirstPainted(&window, [&window] { window.finishStartup(); });
    installStartupProbe(&window); // benchmark hook; inert unless its variable is set
    if (parser.isSet(QStringLiteral("open"))) {
        const QString path = parser.value(QStringLiteral("open"));
        // After show(): a message box about a bad file then has its parent on screen.
        QTimer::singleShot(0, &window, [&window, path] { window.openSessionFile(path); });
    }
    if (parser.isSet(QStringLiteral("sandbox")))
        QTimer::singleShot(0, &window, [&window] { window.trySandbox(); });
    return app.exec();
}

} // namespace wb::gui
