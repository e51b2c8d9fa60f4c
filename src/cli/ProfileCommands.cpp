#include "ProfileCommands.h"

#include "FlowOptions.h"
#include "PresetsCommand.h"
#include "ProfileCommandIo.h"
#include "ProfileSupport.h"
#include "diagnosis/ProviderPreset.h"
#include "http/CertificatePin.h"
#include "store/ProfileStore.h"
#include "store/SecretStore.h"
#include "util/JsonQt.h"

#include <QCommandLineParser>
#include <QRegularExpression>
#include <QTextStream>
#include <QUuid>

namespace wb::cli {

namespace {
const QString kProfileUsage = QStringLiteral(
    "Usage: oauth-workbench profile <list|show|add|remove> [options]\n\n"
    "  list                      List the saved profiles\n"
    "  show NAME                 Show a profile and whether its secret and tokens are stored\n"
    "  add NAME [run options]    Save a profile; takes the same flow options as 'run'.\n"
    "                            --preset NAME starts from a provider preset ('oauth-workbench\n"
    "                            presets'), --preset-param tenant=... fills its placeholders\n"
    "                            --client-secret-env VAR stores $VAR in the OS keychain\n"
    "  remove NAME               Delete a profile and its keychain items\n\n"
    "Profiles live in ~/.config/dev.oauthworkbench.OAuthWorkbench/profiles (no secrets); client secrets and "
    "tokens\n"
    "live in the OS keychain. --memory-secrets (or OAUTH_WORKBENCH_SECRETS=memory) keeps secrets\n"
    "in memory for this command only.\n\n"
    "Exit codes: 0 ok, 1 not found, 2 usage or configuration error, 4 keychain unavailable.\n");

int listProfiles(const QStringList &args)
{
    ProfileCommandIo io(QStringLiteral("profile list"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the saved profiles."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the profiles as a JSON array.")});
    if (const auto code = io.parse(parser, args, 0))
        return *code;
    QStringList problems;
    const QList<Profile> profiles = cliProfileStore().list(&problems);
    for (const QString &p : problems)
        io.err << "warning: " << p << '\n';
    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json arr = nlohmann::json::array();
        for (const Profile &p : profiles)
            arr.push_back(p.toJson());
        io.out << fromStd(arr.dump(2)) << '\n';
        return ExitProfileOk;
    }
    if (profiles.isEmpty()) {
        io.err << "No profiles yet. Create one with 'oauth-workbench profile add NAME --issuer URL "
                  "--client-id ID'.\n";
        return ExitProfileOk;
    }
    for (const Profile &p : profiles) {
        const QString where = p.issuer.isEmpty() ? p.authorizationEndpoint : p.issuer;
        io.out << p.name << '\t' << p.clientId << '\t' << where << '\n';
    }
    return ExitProfileOk;
}

int showProfile(const QStringList &args)
{
    ProfileCommandIo io(QStringLiteral("profile show"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show a profile and what the keychain holds for it."));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("Profile name or id."));
    parser.addOption({QStringLiteral("no-redact"), QStringLiteral("Show the stored client secret in full.")});
    addMemoryOption(parser);
    if (const auto code = io.parse(parser, args, 1))
        return *code;
    const auto profile = io.loadProfile(parser.positionalArguments().first());
    if (!profile)
        return ExitProfileNotFound;
    const Profile &p = *profile;

    SecretStore &secrets = cliSecretStore();
    const SecretResult secret = secrets.readSecretSync(SecretStore::clientSecretKey(p.id));
    const SecretResult tokens =
        secret.reachable() ? secrets.readSecretSync(SecretStore::tokensKey(p.id)) : secret;
    const bool redact = !parser.isSet(QStringLiteral("no-redact"));

    QString params;
    for (const auto &[k, v] : p.extraParams)
        params += (params.isEmpty() ? QString() : QStringLiteral(" ")) + k + QLatin1Char('=') + v;
    const auto row = [&io](const char *label, const QString &value) {
        io.out << QString::fromLatin1(label).leftJustified(24) << value << '\n';
    };
    row("Name:", p.name);
    row("Id:", p.id);
    row("File:", cliProfileStore().filePath(p.id));
    row("Issuer:", p.issuer);
    row("Authorization endpoint:", p.authorizationEndpoint);
    row("Token endpoint:", p.tokenEndpoint);
    row("Client id:", p.clientId);
    row("Client authentication:", toString(p.authMethod));
    row("Scope:", p.scope);
    row("Extra parameters:", params);
    row("Redirect URI:",
        QStringLiteral("http://%1:%2%3%4")
            .arg(p.redirectHost)
            .arg(p.redirectPort)
            .arg(p.redirectPath, p.redirectPort == 0 ? QStringLiteral(" (port chosen per run)") : QString()));
    if (!p.registeredRedirectUri.isEmpty())
        row("Registered redirect:", p.registeredRedirectUri);
    row("Response mode:", toString(p.responseMode));
    row("PKCE:", toString(p.pkce));
    row("Browser:", p.browser == BrowserMode::Command ? QStringLiteral("command: ") + p.browserCommand
                                                      : toString(p.browser));
    row("Callback timeout:", QStringLiteral("%1 s").arg(p.timeoutSeconds));
    row("HTTP timeout:", QStringLiteral("%1 s").arg(p.httpTimeoutSeconds));
    for (const QString &pin : p.pinnedCertSha256)
        row("Pinned certificate:", QStringLiteral("SHA-256 %1").arg(certpin::display(pin)));
    row("Secrets kept in:", secrets.backendName());
    if (!secret.reachable()) {
        row("Client secret:", QStringLiteral("unknown (keychain unavailable)"));
        row("Tokens:", QStringLiteral("unknown (keychain unavailable)"));
        io.err << "oauth-workbench profile show: " << secret.message << '\n';
        return ExitKeychainUnavailable;
    }
    row("Client secret:",
        secret.ok() ? QStringLiteral("stored, ") + (redact ? redactValue(secret.value) : secret.value)
                    : QStringLiteral("not stored"));
    row("Tokens:", tokens.ok()
                       ? QStringLiteral("stored (see 'oauth-workbench tokens --profile %1')").arg(p.name)
                       : QStringLiteral("not stored"));
    if (!tokens.reachable()) {
        io.err << "oauth-workbench profile show: " << tokens.message << '\n';
        return ExitKeychainUnavailable;
    }
    return ExitProfileOk;
}

// --preset NAME [--preset-param k=v]...: the provider's starting values (resources/providers/).
bool applyPresetOptions(const QCommandLineParser &parser, Profile &p, ProfileCommandIo &io, QString *error)
{
    if (!parser.isSet(QStringLiteral("preset"))) {
        if (parser.isSet(QStringLiteral("preset-param"))) {
            *error = QStringLiteral("--preset-param needs --preset.");
            return false;
        }
        return true;
    }
    const QString name = parser.value(QStringLiteral("preset"));
    const ProviderInfo *provider = findPreset(name);
    if (!provider) {
        *error = QStringLiteral("unknown preset '%1'; 'oauth-workbench presets' lists them.").arg(name);
        return false;
    }
    QMap<QString, QString> values;
    for (const QString &kv : parser.values(QStringLiteral("preset-param"))) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *error = QStringLiteral("--preset-param: '%1' is not name=value.").arg(kv);
            return false;
        }
        values.insert(kv.left(eq), kv.mid(eq + 1));
    }
    if (!applyPreset(*provider, values, p, error))
        return false;
    for (const QString &quirk : provider->quirks)
        io.err << "note (" << provider->name << "): " << quirk << '\n';
    return true;
}

// Placeholders left after the preset and the options: an optional parameter is dropped with a
// note, an unresolved issuer or endpoint is a usage error naming the --preset-param to give.
bool checkPresetPlaceholders(Profile &p, ProfileCommandIo &io, QString *error)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{[a-z_]+\\}"));
    for (qsizetype i = p.extraParams.size() - 1; i >= 0; --i) {
        if (placeholder.match(p.extraParams[i].second).hasMatch()) {
            io.err << "note: parameter " << p.extraParams[i].first << " left out (give it with --param "
                   << p.extraParams[i].first << "=VALUE or --preset-param).\n";
            p.extraParams.removeAt(i);
        }
    }
    const QStringList missing = unresolvedPlaceholders(p);
    if (missing.isEmpty())
        return true;
    *error = QStringLiteral("the preset needs %1: add --preset-param %2=VALUE (or give --issuer).")
                 .arg(missing.join(QStringLiteral(", ")), missing.first());
    return false;
}

int addProfile(const QStringList &args)
{
    ProfileCommandIo io(QStringLiteral("profile add"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Save a profile. The client secret (--client-secret-env VAR) goes to the OS keychain, "
                       "never into the profile file."));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("Unique profile name."));
    addFlowOptions(parser);
    parser.addOption({QStringLiteral("http-timeout"),
                      QStringLiteral("Seconds for each request to the server (default: 30)."),
                      QStringLiteral("seconds")});
    parser.addOption({QStringLiteral("preset"),
                      QStringLiteral("Start from a provider preset ('oauth-workbench presets' lists them); "
                                     "the options given here override it."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("preset-param"),
                      QStringLiteral("Value for a preset placeholder, e.g. tenant=contoso (repeatable)."),
                      QStringLiteral("name=value")});
    addMemoryOption(parser);
    if (const auto code = io.parse(parser, args, 1))
        return *code;

    Profile p;
    p.name = parser.positionalArguments().first().trimmed();
    QString error;
    if (!applyPresetOptions(parser, p, io, &error))
        return io.usageError(error);
    if (!applyFlowOptions(parser, p, &error))
        return io.usageError(error);
    if (!checkPresetPlaceholders(p, io, &error))
        return io.usageError(error);
    if (parser.isSet(QStringLiteral("http-timeout"))) {
        bool ok = false;
        const int v = parser.value(QStringLiteral("http-timeout")).toInt(&ok);
        if (!ok || v < 1 || v > 3600)
            return io.usageError(QStringLiteral("--http-timeout must be 1-3600 seconds."));
        p.httpTimeoutSeconds = v;
    }
    if (!ProfileStore::isValidName(p.name, &error))
        return io.usageError(error);
    if (p.clientId.isEmpty())
        return io.usageError(QStringLiteral("--client-id is required."));
    if (p.issuer.isEmpty() && (p.authorizationEndpoint.isEmpty() || p.tokenEndpoint.isEmpty()))
        return io.usageError(
            QStringLiteral("give --issuer, or both --authorization-endpoint and --token-endpoint."));
    ProfileStore &profiles = cliProfileStore();
    if (const auto existing = profiles.load(p.name);
        existing && existing->name.compare(p.name, Qt::CaseInsensitive) == 0)
        return io.usageError(
            QStringLiteral("a profile named '%1' already exists; remove it first.").arg(existing->name));

    SecretStore &secrets = cliSecretStore();
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const bool storeSecret = !p.clientSecret.isEmpty() && secrets.isPersistent();
    if (storeSecret) {
        // Secret first: if the keychain is unusable nothing is saved, so no half-made profile remains.
        const SecretResult r = secrets.writeSecretSync(SecretStore::clientSecretKey(p.id), p.clientSecret);
        if (!r.ok()) {
            io.err
                << "oauth-workbench profile add: the client secret could not be stored, so the profile was "
                   "not saved. "
                << r.message << "\nTo save the profile without its secret, add --memory-secrets.\n";
            return ExitKeychainUnavailable;
        }
    }
    const ProfileStoreResult saved = profiles.save(p);
    if (!saved.ok()) {
        if (storeSecret)
            secrets.deleteSecretSync(SecretStore::clientSecretKey(p.id));
        return io.usageError(saved.message);
    }
    io.out << "Saved profile '" << p.name << "' (" << p.id << ") in " << profiles.filePath(p.id) << ".\n";
    if (storeSecret)
        io.out << "Client secret stored in the " << secrets.backendName() << ".\n";
    else if (!p.clientSecret.isEmpty())
        io.err << "warning: secrets are memory only, so the client secret was NOT saved; pass "
                  "--client-secret-env again to 'run'.\n";
    if (!p.clientSecret.isEmpty() && p.authMethod == ClientAuthMethod::None)
        io.err << "note: --auth-method is none, so the client secret will not be sent; add e.g. "
                  "--auth-method client_secret_basic.\n";
    return ExitProfileOk;
}

int removeProfile(const QStringList &args)
{
    ProfileCommandIo io(QStringLiteral("profile remove"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Delete a profile file and its keychain items."));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("Profile name or id."));
    addMemoryOption(parser);
    if (const auto code = io.parse(parser, args, 1))
        return *code;
    const auto profile = io.loadProfile(parser.positionalArguments().first());
    if (!profile)
        return ExitProfileNotFound;
    const ProfileStoreResult r = cliProfileStore().removeSync(profile->id);
    switch (r.code) {
    case ProfileStoreResult::Code::Ok:
        io.out << "Removed profile '" << profile->name << "'";
        if (cliSecretStore().isPersistent())
            io.out << " and its items in the " << cliSecretStore().backendName() << ".\n";
        else
            io.out << ". Secrets are memory only, so items in the OS keychain (if any) were left alone.\n";
        return ExitProfileOk;
    case ProfileStoreResult::Code::SecretStoreError:
        io.err << "oauth-workbench profile remove: " << r.message << '\n';
        return ExitKeychainUnavailable;
    case ProfileStoreResult::Code::NotFound:
        io.err << "oauth-workbench profile remove: " << r.message << '\n';
        return ExitProfileNotFound;
    default:
        return io.usageError(r.message);
    }
}
} // namespace

int runProfileCommand(const QStringList &args)
{
    const QString sub = args.value(1);
    if (sub.isEmpty() || sub == u"--help" || sub == u"-h" || sub == u"help") {
        QTextStream(sub.isEmpty() ? stderr : stdout) << kProfileUsage;
        return sub.isEmpty() ? ExitProfileUsage : ExitProfileOk;
    }
    const QStringList subArgs = QStringList{args.value(0) + QLatin1Char(' ') + sub} + args.mid(2);
    if (sub == u"list")
        return listProfiles(subArgs);
    if (sub == u"show")
        return showProfile(subArgs);
    if (sub == u"add")
        return addProfile(subArgs);
    if (sub == u"remove" || sub == u"rm")
        return removeProfile(subArgs);
    QTextStream(stderr) << "oauth-workbench profile: unknown subcommand '" << sub
                        << "'. Try 'oauth-workbench profile --help'.\n";
    return ExitProfileUsage;
}

} // namespace wb::cli
