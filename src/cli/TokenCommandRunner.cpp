#include "TokenCommandRunner.h"

#include "FindingsPrinter.h"
#include "ProfileSupport.h"
#include "SessionOutput.h"
#include "SignalWatcher.h"
#include "StepPrinter.h"
#include "flow/TokenOperation.h"
#include "store/SecretStore.h"
#include "store/TokenSetJson.h"

#include <QEventLoop>

namespace wb::cli {

TokenCommandRunner::TokenCommandRunner(const QString &verb, const QString &description) : m_verb(verb)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("profile"),
         QStringLiteral("The saved profile (name or id); its client secret and token set come from "
                        "the keychain."),
         QStringLiteral("name")});
    parser.addOption({QStringLiteral("endpoint"),
                      QStringLiteral("Use this endpoint URL instead of the profile's or the discovered one."),
                      QStringLiteral("url")});
    addSessionOutputOptions(parser);
    parser.addOption({QStringLiteral("no-redact"),
                      QStringLiteral("Show secrets (client secret, tokens) in output and files.")});
}

TokenCommandRunner::~TokenCommandRunner() = default;

int TokenCommandRunner::fail(int code, const QString &message)
{
    err << "oauth-workbench " << m_verb << ": " << message << '\n';
    err.flush();
    return code;
}

std::optional<int> TokenCommandRunner::prepare(const QStringList &args)
{
    if (!parser.parse(args))
        return fail(TokenExitConfig,
                    parser.errorText() + QStringLiteral("\nTry 'oauth-workbench %1 --help'.").arg(m_verb));
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return TokenExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(TokenExitConfig,
                    QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    if (!parser.isSet(QStringLiteral("profile")))
        return fail(TokenExitConfig, QStringLiteral("--profile NAME is required."));
    m_json = parser.isSet(QStringLiteral("json"));
    m_redact = !parser.isSet(QStringLiteral("no-redact"));
    QString error;
    int code = TokenExitConfig;
    if (!loadProfileForRun(parser.value(QStringLiteral("profile")), profile, &error, &code))
        return fail(code == ExitKeychainUnavailable ? TokenExitKeychain : TokenExitConfig, error);
    StoredTokens stored = loadStoredTokens(profile);
    if (stored.status != StoredTokens::Status::Ok)
        return fail(stored.status == StoredTokens::Status::Keychain ? TokenExitKeychain : TokenExitConfig,
                    stored.message);
    tokens = stored.tokens;
    progress() << "OAuth Workbench: " << m_verb << " for profile " << profile.name << " (client "
               << profile.clientId << ")\n";
    progress().flush();
    m_printer = std::make_unique<StepPrinter>([this]() -> const Session & { return *m_current; }, progress(),
                                              m_redact);
    return std::nullopt;
}

void TokenCommandRunner::follow(TokenOperation *op)
{
    m_current = &op->session();
    QObject::connect(op, &TokenOperation::stepChanged, m_printer.get(), &StepPrinter::printStep);
}

int TokenCommandRunner::execute(TokenOperation &op)
{
    if (const QString url = endpointOverride(); !url.isEmpty())
        op.setEndpointOverride(url);
    follow(&op);
    QEventLoop loop;
    QObject::connect(&op, &TokenOperation::finished, &loop, &QEventLoop::quit);
    SignalWatcher interrupt([&op] { op.cancel(); });
    op.start();
    if (!op.isFinished())
        loop.exec();
    return output(op.session());
}

int TokenCommandRunner::exitCodeFor(const Session &s)
{
    switch (s.outcome) {
    case Outcome::Succeeded:
        return TokenExitOk;
    case Outcome::Cancelled:
        return TokenExitInterrupted;
    default:
        break;
    }
    switch (s.error.kind) {
    case ErrorKind::Config:
        return TokenExitConfig;
    case ErrorKind::Network:
    case ErrorKind::Timeout:
        return TokenExitNetwork;
    default:
        return TokenExitFailed;
    }
}

bool TokenCommandRunner::storeTokens(const TokenSet &t)
{
    const SecretResult w =
        cliSecretStore().writeSecretSync(SecretStore::tokensKey(profile.id), tokenSetToText(t));
    if (!w.ok()) {
        err << "oauth-workbench " << m_verb << ": the refreshed tokens were not stored: " << w.message
            << '\n';
        return false;
    }
    err << "Tokens updated in the " << cliSecretStore().backendName() << " for profile '" << profile.name
        << "'.\n";
    return true;
}

int TokenCommandRunner::output(const Session &session, int extraCode)
{
    m_current = &session;
    for (int i = 0; i < session.steps.size(); ++i)
        m_printer->printStep(i); // steps not printed live (e.g. no request was needed)
    m_printer->printResult();
    printFindings(progress(), session, m_redact);
    int code = exitCodeFor(session);
    if (code == TokenExitOk)
        code = hasErrorFinding(session) ? TokenExitFailed : extraCode;
    if (!writeSessionOutput(session, m_redact, parser, m_verb, out, err, progress()) && code == TokenExitOk)
        code = TokenExitConfig;
    err.flush();
    progress().flush();
    return code;
}

} // namespace wb::cli
