#include "ProfileCommandIo.h"

#include "ProfileSupport.h"
#include "store/ProfileStore.h"

namespace wb::cli {

void addMemoryOption(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("memory-secrets"),
         QStringLiteral("Keep secrets in memory for this command only; do not use the OS keychain "
                        "(same as OAUTH_WORKBENCH_SECRETS=memory).")});
}

std::optional<int> ProfileCommandIo::parse(QCommandLineParser &parser, const QStringList &args,
                                           int positionals)
{
    parser.addHelpOption();
    if (!parser.parse(args)) {
        err << "oauth-workbench " << m_verb << ": " << parser.errorText() << "\nTry 'oauth-workbench "
            << m_verb << " --help'.\n";
        return ExitProfileUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return ExitProfileOk;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < positionals)
        return usageError(
            QStringLiteral("missing profile name. Try 'oauth-workbench %1 --help'.").arg(m_verb));
    if (pos.size() > positionals)
        return usageError(QStringLiteral("unexpected argument '%1'.").arg(pos.at(positionals)));
    // optionNames() lists only options given on the command line, so this is safe for verbs without the
    // option.
    if (parser.optionNames().contains(QStringLiteral("memory-secrets")))
        setMemoryOnlySecrets(true);
    return std::nullopt;
}

void ProfileCommandIo::fail(const QString &message)
{
    err << "oauth-workbench " << m_verb << ": " << message << '\n';
}

int ProfileCommandIo::usageError(const QString &message)
{
    fail(message);
    return ExitProfileUsage;
}

std::optional<Profile> ProfileCommandIo::loadProfile(const QString &nameOrId)
{
    auto profile = cliProfileStore().load(nameOrId);
    if (!profile)
        fail(QStringLiteral("no profile named '%1'. See 'oauth-workbench profile list'.").arg(nameOrId));
    return profile;
}

} // namespace wb::cli
