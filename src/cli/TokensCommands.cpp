// `tokens` and `forget`: the keychain side of a profile (declared in ProfileCommands.h).
#include "ProfileCommandIo.h"
#include "ProfileCommands.h"
#include "ProfileSupport.h"
#include "store/SecretStore.h"
#include "store/TokenSetJson.h"
#include "util/JsonQt.h"

#include <QCommandLineParser>
#include <QDateTime>

namespace wb::cli {

namespace {
QCommandLineOption profileOption()
{
    return {QStringLiteral("profile"), QStringLiteral("Profile name or id."), QStringLiteral("name")};
}

// Redacts every string in extras as well: providers put session handles and the like there.
void redactJson(nlohmann::json &j)
{
    if (j.is_string()) {
        j = toStd(redactValue(fromStd(j.get<std::string>())));
    } else if (j.is_object() || j.is_array()) {
        for (auto &v : j)
            redactJson(v);
    }
}

QString describeExpiry(const TokenSet &t)
{
    const auto at = t.expiresAt();
    if (!at)
        return t.expiresIn ? QStringLiteral("in %1 s after an unknown time").arg(*t.expiresIn)
                           : QStringLiteral("not stated by the server");
    const qint64 left = QDateTime::currentDateTimeUtc().secsTo(*at);
    const QString when = at->toString(Qt::ISODate);
    if (left >= 0)
        return QStringLiteral("%1 (in %2 min)").arg(when).arg(left / 60);
    return QStringLiteral("%1 (expired %2 min ago)").arg(when).arg(-left / 60);
}
} // namespace

int runTokensCommand(const QStringList &args)
{
    ProfileCommandIo io(QStringLiteral("tokens"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show the token set stored in the keychain for a profile."));
    parser.addOption(profileOption());
    parser.addOption({QStringLiteral("no-redact"), QStringLiteral("Show the token values in full.")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the token set as JSON.")});
    addMemoryOption(parser);
    if (const auto code = io.parse(parser, args, 0))
        return *code;
    if (!parser.isSet(QStringLiteral("profile")))
        return io.usageError(QStringLiteral("--profile NAME is required."));
    const auto profile = io.loadProfile(parser.value(QStringLiteral("profile")));
    if (!profile)
        return ExitProfileNotFound;

    const StoredTokens stored = loadStoredTokens(*profile);
    if (stored.status != StoredTokens::Status::Ok) {
        io.fail(stored.message);
        return stored.status == StoredTokens::Status::Keychain ? ExitKeychainUnavailable
                                                               : ExitProfileNotFound;
    }
    const TokenSet *tokens = &stored.tokens;
    SecretStore &secrets = cliSecretStore();
    const bool redact = !parser.isSet(QStringLiteral("no-redact"));
    if (parser.isSet(QStringLiteral("json"))) {
        nlohmann::json j = tokenSetToJson(*tokens);
        j.erase("format");
        for (const char *key : {"access_token", "refresh_token", "id_token", "extras"}) {
            if (redact)
                redactJson(j[key]);
        }
        if (const auto at = tokens->expiresAt())
            j["expires_at"] = toStd(at->toString(Qt::ISODate));
        j["profile"] = toStd(profile->name);
        j["redacted"] = redact;
        io.out << fromStd(j.dump(2)) << '\n';
        return ExitProfileOk;
    }
    const auto show = [redact](const QString &v) {
        return v.isEmpty() ? QStringLiteral("(none)") : redact ? redactValue(v) : v;
    };
    const auto row = [&io](const char *label, const QString &value) {
        io.out << QString::fromLatin1(label).leftJustified(16) << value << '\n';
    };
    row("Profile:", profile->name);
    row("Stored in:", secrets.backendName());
    row("Obtained:",
        tokens->obtainedAt.isValid() ? tokens->obtainedAt.toString(Qt::ISODate) : QStringLiteral("unknown"));
    row("Expires:", describeExpiry(*tokens));
    row("Token type:", tokens->tokenType);
    row("Scope:", tokens->scope);
    row("Access token:", show(tokens->accessToken));
    row("Refresh token:", show(tokens->refreshToken));
    row("ID token:", show(tokens->idToken));
    for (auto it = tokens->extras.begin(); it != tokens->extras.end(); ++it) {
        nlohmann::json v = it.value();
        if (redact)
            redactJson(v);
        io.out << QString::fromStdString(it.key() + ":").leftJustified(16)
               << (v.is_string() ? fromStd(v.get<std::string>()) : fromStd(v.dump())) << '\n';
    }
    if (redact)
        io.out << "(values redacted; --no-redact shows them in full)\n";
    return ExitProfileOk;
}

int runForgetCommand(const QStringList &args)
{
    ProfileCommandIo io(QStringLiteral("forget"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Delete a profile's tokens and/or client secret from the keychain (both by default)."));
    parser.addOption(profileOption());
    parser.addOption({QStringLiteral("tokens"), QStringLiteral("Forget only the stored token set.")});
    parser.addOption({QStringLiteral("secret"), QStringLiteral("Forget only the stored client secret.")});
    addMemoryOption(parser);
    if (const auto code = io.parse(parser, args, 0))
        return *code;
    if (!parser.isSet(QStringLiteral("profile")))
        return io.usageError(QStringLiteral("--profile NAME is required."));
    const auto profile = io.loadProfile(parser.value(QStringLiteral("profile")));
    if (!profile)
        return ExitProfileNotFound;
    const bool onlyTokens = parser.isSet(QStringLiteral("tokens"));
    const bool onlySecret = parser.isSet(QStringLiteral("secret"));
    const bool both = onlyTokens == onlySecret; // neither, or both given

    SecretStore &secrets = cliSecretStore();
    struct Item {
        bool wanted;
        QString key;
        const char *what;
    };
    const Item items[] = {{both || onlyTokens, SecretStore::tokensKey(profile->id), "tokens"},
                          {both || onlySecret, SecretStore::clientSecretKey(profile->id), "client secret"}};
    for (const Item &item : items) {
        if (!item.wanted)
            continue;
        const SecretResult r = secrets.deleteSecretSync(item.key);
        if (!r.reachable()) {
            io.fail(r.message);
            return ExitKeychainUnavailable;
        }
        // Secret Service reports deleting a missing item as success, so no "was not stored" here.
        io.out << "Forgot the " << item.what << " of profile '" << profile->name << "' ("
               << secrets.backendName() << ").\n";
    }
    return ExitProfileOk;
}

} // namespace wb::cli
