#include "SandboxCommand.h"

#include "SignalWatcher.h"
#include "sandbox/SandboxClients.h"
#include "sandbox/SandboxServer.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QTextStream>

namespace wb::cli {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitNetwork = 3;

void printFaults(QTextStream &out)
{
    int width = 0;
    for (const auto &info : sandboxFaultTable())
        width = std::max(width, int(info.name.size()));
    out << "Faults (repeat --fault NAME to combine):\n";
    for (const auto &info : sandboxFaultTable())
        out << "  " << info.name.leftJustified(width) << "  [" << info.endpoint << "] " << info.description
            << '\n';
}

void printBanner(QTextStream &out, const SandboxServer &server)
{
    const QString issuer = server.issuer();
    const QString secret = QString::fromLatin1(SandboxClients::kClientSecret);
    out << "OAuth Workbench sandbox listening on " << issuer << "\n"
        << "  Issuer:        " << issuer << "\n"
        << "  Discovery:     " << server.discoveryUrl() << "\n"
        << "  Clients:       " << SandboxClients::kPublicClientId << "  (public: no secret, PKCE required)\n"
        << "                 " << SandboxClients::kBasicClientId << "   (client_secret_basic, secret "
        << secret << ")\n"
        << "                 " << SandboxClients::kPostClientId << "    (client_secret_post, secret "
        << secret << ")\n"
        << "  Redirect URIs: http://127.0.0.1/callback, http://localhost/callback, http://[::1]/callback"
        << " (any port)\n"
        << "  Sign-in:       "
        << (server.autoApprove() ? "auto-approved as sandbox-user"
                                 : "login page (any username), Allow or Deny")
        << "\n"
        << "  Faults:        "
        << (server.faults().isEmpty() ? QStringLiteral("none") : server.faults().names().join(", ")) << "\n"
        << "Press Ctrl+C to stop.\n";
}

} // namespace

int runSandboxCommand(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the built-in OAuth 2.0 / OpenID Connect sandbox provider on 127.0.0.1 until Ctrl+C. "
        "Clients: sandbox-public (PKCE, no secret), sandbox-basic and sandbox-post (secret "
        "sandbox-secret)."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("port"),
                      QStringLiteral("Port on 127.0.0.1 (default: an ephemeral port)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("fault"),
                      QStringLiteral("Inject a fault; repeatable, or comma-separated. See --list-faults."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("auto-approve"),
                      QStringLiteral("Skip the login page: approve at once as sandbox-user.")});
    parser.addOption({QStringLiteral("list-faults"), QStringLiteral("List the fault names and exit.")});
    parser.addOption({QStringLiteral("id-token-alg"),
                      QStringLiteral("ID token signature: RS256 (default) or ES256."),
                      QStringLiteral("ALG")});
    parser.addOption({QStringLiteral("slow-token-ms"),
                      QStringLiteral("Delay of the slow_token fault in milliseconds (default: 5000)."),
                      QStringLiteral("MS")});

    const auto usageError = [&](const QString &message) {
        err << "oauth-workbench sandbox: " << message << "\nTry 'oauth-workbench sandbox --help'.\n";
        return kExitUsage;
    };
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText() << '\n';
        printFaults(out);
        return kExitOk;
    }
    if (parser.isSet(QStringLiteral("list-faults"))) {
        printFaults(out);
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("unexpected argument '%1'.").arg(parser.positionalArguments().first()));

    SandboxConfig config;
    config.autoApprove = parser.isSet(QStringLiteral("auto-approve"));
    if (parser.isSet(QStringLiteral("port"))) {
        bool ok = false;
        const int port = parser.value(QStringLiteral("port")).toInt(&ok);
        if (!ok || port < 0 || port > 65535)
            return usageError(QStringLiteral("--port must be 0-65535."));
        config.port = quint16(port);
    }
    QStringList names;
    for (const QString &value : parser.values(QStringLiteral("fault")))
        names += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    QStringList unknown;
    config.faults = SandboxFaultSet::fromNames(names, &unknown);
    if (!unknown.isEmpty()) {
        err << "oauth-workbench sandbox: unknown fault" << (unknown.size() > 1 ? "s" : "") << ": "
            << unknown.join(QStringLiteral(", ")) << "\n";
        printFaults(err);
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("id-token-alg"))) {
        const auto alg = jose::jwsAlgorithmFromString(parser.value(QStringLiteral("id-token-alg")).toUpper());
        if (!alg || (*alg != jose::JwsAlgorithm::RS256 && *alg != jose::JwsAlgorithm::ES256))
            return usageError(QStringLiteral("--id-token-alg must be RS256 or ES256."));
        config.idTokenAlg = *alg;
    }
    if (parser.isSet(QStringLiteral("slow-token-ms"))) {
        bool ok = false;
        const int ms = parser.value(QStringLiteral("slow-token-ms")).toInt(&ok);
        if (!ok || ms < 0 || ms > 600000)
            return usageError(QStringLiteral("--slow-token-ms must be 0-600000."));
        config.slowTokenDelayMs = ms;
    }

    // Installed first, so Ctrl+C while the keys are generated also stops cleanly.
    QEventLoop loop;
    SignalWatcher watcher([&loop] { loop.quit(); });
    SandboxServer server;
    QString error;
    if (!server.start(config, &error)) {
        err << "oauth-workbench sandbox: " << error << '\n';
        return kExitNetwork;
    }
    printBanner(out, server);
    out.flush();
    // One line per request on stderr, so stdout stays the banner a script can read.
    QObject::connect(&server, &SandboxServer::requestServed, &server,
                     [&err](const QString &method, const QString &target, int status) {
                         err << method << ' ' << target.left(160) << " -> "
                             << (status ? QString::number(status) : QStringLiteral("(client left)")) << '\n';
                         err.flush();
                     });
    loop.exec();
    server.stop();
    out << "Sandbox stopped.\n";
    return kExitOk;
}

} // namespace wb::cli
