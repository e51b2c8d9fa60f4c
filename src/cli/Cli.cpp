#include "Cli.h"

#include "PresetsCommand.h"
#include "ProfileCommands.h"
#include "RecoverCommand.h"
#include "ReportCommand.h"
#include "RunCommand.h"
#include "SandboxCommand.h"
#include "TokenOperationCommands.h"
#include "Version.h"
#include "util/LibraryVersions.h"

#include <QTextStream>

namespace wb::cli {

namespace {
void printUsage(QTextStream &out)
{
    out << "OAuth Workbench " << kAppVersion << " — debug OAuth 2.0 and OpenID Connect logins\n\n"
        << "Usage: oauth-workbench <command> [options]\n\n"
        << "Commands:\n"
        << "  run           Run an authorization-code flow with PKCE over a loopback redirect\n"
        << "  profile       list | show NAME | add NAME [run options] | remove NAME: saved profiles\n"
        << "  tokens        Show the token set stored for a profile (--profile NAME)\n"
        << "  forget        Delete a profile's stored tokens and/or client secret from the keychain\n"
        << "  sandbox       Run the built-in authorization server, optionally with faults\n"
        << "  presets       List provider presets for 'profile add NAME --preset ID'\n"
        << "  report        Turn a session file into a redacted report: md, html, har, json or curl\n"
        << "  refresh       Refresh a profile's stored tokens (merge, rotation, single-flight)\n"
        << "  revoke        Revoke a profile's stored access or refresh token (RFC 7009)\n"
        << "  introspect    Ask whether a profile's stored token is active (RFC 7662)\n"
        << "  userinfo      Call the userinfo endpoint with a profile's access token\n"
        << "  race-refresh  Send N parallel refreshes with one refresh token; report rotation/reuse\n"
        << "  recover       List, show or discard sessions interrupted by a crash or kill (journals)\n"
        << "\n"
        << "Without a command the window opens: 'oauth-workbench [--sandbox] [--open FILE]'.\n"
        << "'man oauth-workbench' describes every command and option.\n\n"
        << "Options:\n"
        << "  -h, --help     Show this help; 'oauth-workbench <command> --help' for a command\n"
        << "  -v, --version  Show the version and library versions\n\n"
        << "Exit codes: 0 success, 1 the flow failed (OAuth or HTTP), 2 usage or configuration error,\n"
        << "            3 timeout or network failure, 4 keychain unavailable, 130 cancelled (Ctrl+C).\n\n"
        << "Example:\n"
        << "  oauth-workbench run --issuer https://idp.example --client-id my-app "
           "--scope 'openid offline_access'\n";
}
} // namespace

int run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList args = arguments.mid(1);
    const QString verb = args.value(0);
    if (verb == u"--version" || verb == u"-v") {
        out << kAppName << ' ' << kAppVersion << '\n' << libraryVersions() << '\n';
        return 0;
    }
    if (verb.isEmpty() || verb == u"--help" || verb == u"-h" || verb == u"help") {
        printUsage(out);
        return verb.isEmpty() ? 2 : 0;
    }
    // Each verb parses its own options; argv[0] is kept for QCommandLineParser.
    const QStringList verbArgs = QStringList{arguments.value(0) + QLatin1Char(' ') + verb} + args.mid(1);
    if (verb == u"run")
        return runRunCommand(verbArgs);
    if (verb == u"profile")
        return runProfileCommand(verbArgs);
    if (verb == u"tokens")
        return runTokensCommand(verbArgs);
    if (verb == u"forget")
        return runForgetCommand(verbArgs);
    if (verb == u"sandbox")
        return runSandboxCommand(verbArgs);
    if (verb == u"presets")
        return runPresetsCommand(verbArgs);
    if (verb == u"report")
        return runReportCommand(verbArgs);
    if (verb == u"refresh")
        return runRefreshCommand(verbArgs);
    if (verb == u"revoke")
        return runRevokeCommand(verbArgs);
    if (verb == u"introspect")
        return runIntrospectCommand(verbArgs);
    if (verb == u"userinfo")
        return runUserinfoCommand(verbArgs);
    if (verb == u"race-refresh")
        return runRaceRefreshCommand(verbArgs);
    if (verb == u"recover")
        return runRecoverCommand(verbArgs);
    err << "oauth-workbench: unknown command '" << verb << "'. Try 'oauth-workbench --help'.\n";
    return 2;
}

} // namespace wb::cli
