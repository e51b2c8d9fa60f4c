#include "RunCommand.h"

#include "FindingsPrinter.h"
#include "FlowOptions.h"
#include "ProfileSupport.h"
#include "ReportCommand.h"
#include "SessionOutput.h"
#include "SignalWatcher.h"
#include "StepPrinter.h"
#include "flow/AuthCodeFlow.h"
#include "sandbox/SandboxProfile.h"
#include "sandbox/SandboxServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QTextStream>

namespace wb::cli {

namespace {
int exitCodeFor(const Session &s)
{
    switch (s.outcome) {
    case Outcome::Succeeded:
        return ExitOk;
    case Outcome::Cancelled:
        return ExitInterrupted;
    default:
        break;
    }
    switch (s.error.kind) {
    case ErrorKind::Config:
        return ExitUsage;
    case ErrorKind::Network:
    case ErrorKind::Timeout:
        return ExitNetwork;
    default:
        return ExitFlowFailed;
    }
}

bool parseTokenParams(const QStringList &values, ParamList &out, QString *error)
{
    for (const QString &v : values) {
        const qsizetype eq = v.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *error = QStringLiteral("--token-param: '%1' is not name=value.").arg(v);
            return false;
        }
        out.append({v.left(eq), v.mid(eq + 1)});
    }
    return true;
}
} // namespace

int runRunCommand(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Run one OAuth 2.0 authorization-code flow with PKCE over a loopback redirect, "
                       "printing each step as it happens."));
    parser.addHelpOption();
    addFlowOptions(parser);
    parser.addOption(
        {QStringLiteral("profile"),
         QStringLiteral("Use a saved profile (its client secret from the keychain); flow options "
                        "given here override it. Tokens are stored after a successful flow."),
         QStringLiteral("name")});
    parser.addOption({QStringLiteral("sandbox"),
                      QStringLiteral("Run against an in-process built-in sandbox server (no registration "
                                     "needed); with --browser follow it approves without a login page.")});
    parser.addOption(
        {QStringLiteral("sandbox-client"),
         QStringLiteral("Sandbox client: sandbox-public (default), sandbox-basic, sandbox-post."),
         QStringLiteral("id")});
    parser.addOption({QStringLiteral("fault"),
                      QStringLiteral("Sandbox fault to inject (repeatable); 'oauth-workbench sandbox "
                                     "--list-faults' lists them."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("token-param"),
                      QStringLiteral("Add or replace a token request parameter (e.g. redirect_uri=...) to "
                                     "reproduce a mismatch on purpose; repeatable."),
                      QStringLiteral("name=value")});
    parser.addOption({QStringLiteral("leeway"),
                      QStringLiteral("Clock leeway in seconds for the ID token's exp/iat/nbf checks and the "
                                     "clock-skew warnings (default: 60)."),
                      QStringLiteral("seconds")});
    parser.addOption({QStringLiteral("http-timeout"),
                      QStringLiteral("Seconds for each request to the server (default: 30)."),
                      QStringLiteral("seconds")});
    addSessionOutputOptions(parser);
    parser.addOption(
        {QStringLiteral("no-redact"),
         QStringLiteral("Show secrets (client secret, code, verifier, tokens) in output and files.")});
    parser.addOption(
        {QStringLiteral("report"),
         QStringLiteral("Write a report of the session to FILE for a bug ticket (redacted unless "
                        "--no-redact); the format follows the extension (.md .html .har .json .sh)."),
         QStringLiteral("file")});
    parser.addOption({QStringLiteral("report-format"),
                      QStringLiteral("Format of --report: md, html, har, json or curl."),
                      QStringLiteral("format")});
    parser.addOption({QStringLiteral("full-redaction"),
                      QStringLiteral("Mask tokens in the --report whole: JWT headers and claims are "
                                     "hidden too.")});

    if (!parser.parse(args)) {
        err << "oauth-workbench run: " << parser.errorText() << "\nTry 'oauth-workbench run --help'.\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "oauth-workbench run: unexpected argument '" << parser.positionalArguments().first() << "'\n";
        return ExitUsage;
    }

    Profile profile;
    QString error;
    FlowOptions options;
    if (parser.isSet(QStringLiteral("profile"))) {
        int code = ExitUsage;
        if (!loadProfileForRun(parser.value(QStringLiteral("profile")), profile, &error, &code)) {
            err << "oauth-workbench run: " << error << '\n';
            return code;
        }
    }
    SandboxServer sandbox;
    if (parser.isSet(QStringLiteral("sandbox"))) {
        SandboxConfig config;
        QStringList unknown;
        config.faults = SandboxFaultSet::fromNames(parser.values(QStringLiteral("fault")), &unknown);
        if (!unknown.isEmpty()) {
            err << "oauth-workbench run: unknown fault(s): " << unknown.join(QStringLiteral(", "))
                << ". 'oauth-workbench sandbox --list-faults' lists them.\n";
            return ExitUsage;
        }
        if (!sandbox.start(config, &error)) {
            err << "oauth-workbench run: the sandbox could not start: " << error << '\n';
            return ExitNetwork;
        }
        profile = sandboxProfile(sandbox.issuer(), parser.value(QStringLiteral("sandbox-client")).isEmpty()
                                                       ? QStringLiteral("sandbox-public")
                                                       : parser.value(QStringLiteral("sandbox-client")));
        profile.sandboxFaults = config.faults.names(); // recorded in the session's profile snapshot
    } else if (parser.isSet(QStringLiteral("fault")) || parser.isSet(QStringLiteral("sandbox-client"))) {
        err << "oauth-workbench run: --fault and --sandbox-client need --sandbox.\n";
        return ExitUsage;
    }
    if (!applyFlowOptions(parser, profile, &error) ||
        !parseTokenParams(parser.values(QStringLiteral("token-param")), options.tokenParamOverrides,
                          &error)) {
        err << "oauth-workbench run: " << error << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("leeway"))) {
        bool ok = false;
        const int v = parser.value(QStringLiteral("leeway")).toInt(&ok);
        if (!ok || v < 0 || v > 86400) {
            err << "oauth-workbench run: --leeway must be 0-86400 seconds.\n";
            return ExitUsage;
        }
        options.leewaySeconds = v;
    }
    if (parser.isSet(QStringLiteral("http-timeout"))) {
        bool ok = false;
        const int v = parser.value(QStringLiteral("http-timeout")).toInt(&ok);
        if (!ok || v < 1 || v > 3600) {
            err << "oauth-workbench run: --http-timeout must be 1-3600 seconds.\n";
            return ExitUsage;
        }
        profile.httpTimeoutSeconds = v;
    }
    if (profile.clientId.isEmpty()) {
        err << "oauth-workbench run: --client-id is required.\n";
        return ExitUsage;
    }
    if (profile.issuer.isEmpty() &&
        (profile.authorizationEndpoint.isEmpty() || profile.tokenEndpoint.isEmpty())) {
        err << "oauth-workbench run: give --issuer, or both --authorization-endpoint and --token-endpoint.\n";
        return ExitUsage;
    }

    if (sandbox.isListening() && profile.browser == BrowserMode::Follow)
        sandbox.setAutoApprove(true); // follow mode cannot fill in a login page

    ReportFormat reportFormat = ReportFormat::Markdown;
    if (parser.isSet(QStringLiteral("report-format")) && !parser.isSet(QStringLiteral("report"))) {
        err << "oauth-workbench run: --report-format needs --report FILE.\n";
        return ExitUsage;
    }
    if (!resolveReportFormat(parser.value(QStringLiteral("report-format")),
                             parser.value(QStringLiteral("report")), reportFormat, &error)) {
        err << "oauth-workbench run: " << error << '\n';
        return ExitUsage;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    const bool redact = !parser.isSet(QStringLiteral("no-redact"));
    const bool fullRedaction = parser.isSet(QStringLiteral("full-redaction"));
    if (fullRedaction && (!redact || !parser.isSet(QStringLiteral("report")))) {
        err << "oauth-workbench run: --full-redaction needs --report FILE and contradicts --no-redact.\n";
        return ExitUsage;
    }
    QTextStream &progress = json ? err : out;

    QNetworkAccessManager nam;
    AuthCodeFlow flow(profile, &nam, options);
    StepPrinter printer(&flow, progress, redact);
    QEventLoop loop;
    QObject::connect(&flow, &AuthCodeFlow::finished, &loop, &QEventLoop::quit);
    SignalWatcher interrupt([&flow] { flow.cancel(); });
    // Captured browser mode: scripts (and people) may attach to the same browser.
    QObject::connect(&flow, &AuthCodeFlow::browserDevTools, &flow, [&err](const QString &endpoint) {
        err << "DevTools: " << endpoint << '\n';
        err.flush();
    });

    progress << "OAuth Workbench: authorization code flow for client " << profile.clientId << " at "
             << (profile.issuer.isEmpty() ? profile.authorizationEndpoint : profile.issuer) << '\n';
    progress.flush();
    flow.start();
    if (!flow.isFinished())
        loop.exec();
    printer.printResult();
    printFindings(progress, flow.session(), redact);

    const Session &session = flow.session();
    int code = exitCodeFor(session);
    if (code == ExitOk && hasErrorFinding(session))
        code = ExitFlowFailed; // the flow ran, but the diagnosis found an error
    if (code == ExitOk && !profile.id.isEmpty())
        storeTokensAfterRun(profile, session.tokens);
    if (!writeSessionOutput(session, redact, parser, QStringLiteral("run"), out, err, progress) &&
        code == ExitOk)
        code = ExitUsage;
    if (parser.isSet(QStringLiteral("report"))) {
        ReportOptions reportOptions;
        reportOptions.redaction = !redact         ? RedactionMode::None
                                  : fullRedaction ? RedactionMode::Full
                                                  : RedactionMode::Standard;
        if (!redact)
            warnUnredacted(err);
        const QString path = parser.value(QStringLiteral("report"));
        if (writeReport(session, reportFormat, reportOptions, path, out, err))
            progress << "Report (" << toString(reportFormat) << ", redaction "
                     << toString(reportOptions.redaction) << ") written to " << path << '\n';
        else if (code == ExitOk)
            code = ExitUsage;
    }
    return code;
}

} // namespace wb::cli
