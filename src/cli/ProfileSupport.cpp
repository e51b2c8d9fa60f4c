#include "ProfileSupport.h"

#include "store/KeychainSecretStore.h"
#include "store/MemorySecretStore.h"
#include "store/ProfileStore.h"
#include "store/TokenSetJson.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTextStream>

namespace wb::cli {

namespace {
bool g_memoryOnly = false;
QPointer<SecretStore> g_secrets;
QPointer<ProfileStore> g_profiles;
} // namespace

void setMemoryOnlySecrets(bool on)
{
    g_memoryOnly = on;
}

bool memoryOnlySecrets()
{
    return g_memoryOnly || qEnvironmentVariable("OAUTH_WORKBENCH_SECRETS")
                                   .compare(QLatin1String("memory"), Qt::CaseInsensitive) == 0;
}

SecretStore &cliSecretStore()
{
    if (!g_secrets) {
        // Owned by the application so it dies before Qt does, not in static destruction.
        if (memoryOnlySecrets())
            g_secrets = new MemorySecretStore(QCoreApplication::instance());
        else
            g_secrets = new KeychainSecretStore(QCoreApplication::instance());
    }
    return *g_secrets;
}

ProfileStore &cliProfileStore()
{
    if (!g_profiles)
        g_profiles = new ProfileStore(ProfileStore::defaultDirectory(), &cliSecretStore(),
                                      QCoreApplication::instance());
    return *g_profiles;
}

QString redactValue(const QString &value)
{
    if (value.isEmpty())
        return QStringLiteral("(empty)");
    if (value.size() < 12)
        return QStringLiteral("… (%1 chars)").arg(value.size());
    return QStringLiteral("…%1 (%2 chars)").arg(value.right(4)).arg(value.size());
}

bool loadProfileForRun(const QString &name, Profile &out, QString *error, int *exitCode)
{
    const auto fail = [&](int code, const QString &message) {
        if (error)
            *error = message;
        if (exitCode)
            *exitCode = code;
        return false;
    };
    const auto profile = cliProfileStore().load(name);
    if (!profile)
        return fail(ExitProfileNotFound,
                    QStringLiteral("No profile named '%1'. See 'oauth-workbench profile list'.").arg(name));
    out = *profile;
    if (exitCode)
        *exitCode = ExitProfileOk;
    if (memoryOnlySecrets())
        return true; // nothing survives a process in memory: the secret must come from --client-secret-env

    const SecretResult r = cliSecretStore().readSecretSync(SecretStore::clientSecretKey(out.id));
    if (r.ok()) {
        out.clientSecret = r.value;
        return true;
    }
    if (r.status == SecretStatus::NotFound || out.authMethod == ClientAuthMethod::None)
        return true;
    return fail(
        ExitKeychainUnavailable,
        QStringLiteral("Cannot read the client secret of profile '%1': %2 To run without the keychain, set "
                       "OAUTH_WORKBENCH_SECRETS=memory and pass --client-secret-env VAR.")
            .arg(out.name, r.message));
}

StoredTokens loadStoredTokens(const Profile &profile)
{
    StoredTokens out;
    SecretStore &secrets = cliSecretStore();
    const SecretResult r = secrets.readSecretSync(SecretStore::tokensKey(profile.id));
    if (r.status == SecretStatus::NotFound) {
        out.status = StoredTokens::Status::NotFound;
        out.message = QStringLiteral("no tokens are stored for profile '%1' (in the %2). Run "
                                     "'oauth-workbench run --profile %1' to log in first.")
                          .arg(profile.name, secrets.backendName());
        return out;
    }
    if (!r.ok()) {
        out.status = StoredTokens::Status::Keychain;
        out.message = r.message;
        return out;
    }
    QString error;
    const auto stored = tokenSetFromText(r.value, &error);
    if (!stored) {
        out.status = StoredTokens::Status::Unreadable;
        out.message = QStringLiteral("the stored tokens of profile '%1' are unreadable (%2). Remove "
                                     "them with 'oauth-workbench forget --profile %1 --tokens'.")
                          .arg(profile.name, error);
        return out;
    }
    out.tokens = *stored;
    return out;
}

bool storeTokensAfterRun(const Profile &profile, const TokenSet &tokens)
{
    if (profile.id.isEmpty() || tokens.isEmpty())
        return true;
    QTextStream err(stderr);
    SecretStore &store = cliSecretStore();
    const SecretResult r = store.writeSecretSync(SecretStore::tokensKey(profile.id), tokenSetToText(tokens));
    if (!r.ok()) {
        err << "oauth-workbench: the tokens were not stored: " << r.message << '\n';
        return false;
    }
    if (store.isPersistent())
        err << "Tokens stored in the " << store.backendName() << " for profile '" << profile.name << "'.\n";
    else
        err << "Tokens kept in memory only; they are gone when this command ends.\n";
    return true;
}

} // namespace wb::cli
