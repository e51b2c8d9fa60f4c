#include "TokenOperationCommands.h"

#include "ProfileSupport.h"
#include "SignalWatcher.h"
#include "TokenCommandRunner.h"
#include "flow/IntrospectionOperation.h"
#include "flow/RaceProbeOperation.h"
#include "flow/RefreshOperation.h"
#include "flow/RefreshSingleFlight.h"
#include "flow/RevocationOperation.h"
#include "flow/UserinfoOperation.h"
#include "store/SecretStore.h"

#include <QEventLoop>
#include <QNetworkAccessManager>

namespace wb::cli {

namespace {
QCommandLineOption tokenOption()
{
    return {QStringLiteral("token"), QStringLiteral("Which stored token: access (default) or refresh."),
            QStringLiteral("access|refresh"), QStringLiteral("access")};
}

// Parses --token; nullopt after printing a usage error.
std::optional<TokenChoice> tokenChoice(TokenCommandRunner &r)
{
    TokenChoice c = TokenChoice::Access;
    if (!parseTokenChoice(r.parser.value(QStringLiteral("token")), c)) {
        r.fail(TokenExitConfig, QStringLiteral("--token must be access or refresh."));
        return std::nullopt;
    }
    return c;
}

// revoke and introspect: the same verb shape (--token access|refresh, then one operation on that
// stored token), only the operation and the help text differ.
template <typename Operation>
int runTokenChoiceCommand(const QStringList &args, const QString &verb, const QString &description)
{
    TokenCommandRunner r(verb, description);
    r.parser.addOption(tokenOption());
    if (const auto code = r.prepare(args))
        return *code;
    const auto which = tokenChoice(r);
    if (!which)
        return TokenExitConfig;
    QNetworkAccessManager nam;
    Operation op(r.profile, r.tokens, *which, &nam);
    return r.execute(op);
}
} // namespace

int runRefreshCommand(const QStringList &args)
{
    TokenCommandRunner r(
        QStringLiteral("refresh"),
        QStringLiteral("Refresh a profile's stored tokens (grant_type=refresh_token) and store the "
                       "merged result: a refresh token the server omits is kept, a rotated one "
                       "replaces it. One refresh per profile at a time, also across processes."));
    r.parser.addOption({QStringLiteral("scope"), QStringLiteral("Scope to ask for (down-scoping)."),
                        QStringLiteral("scope")});
    r.parser.addOption({QStringLiteral("resource"), QStringLiteral("resource parameter (RFC 8707)."),
                        QStringLiteral("uri")});
    r.parser.addOption({QStringLiteral("audience"), QStringLiteral("audience parameter (some providers)."),
                        QStringLiteral("value")});
    if (const auto code = r.prepare(args))
        return *code;
    RefreshOptions options;
    options.scope = r.parser.value(QStringLiteral("scope"));
    options.resource = r.parser.value(QStringLiteral("resource"));
    options.audience = r.parser.value(QStringLiteral("audience"));
    if (!r.endpointOverride().isEmpty())
        r.profile.tokenEndpoint = r.endpointOverride();

    QNetworkAccessManager nam;
    RefreshSingleFlight flight(&cliSecretStore(), &nam);
    RefreshOperation *running = nullptr;
    QObject::connect(
        &flight, &RefreshSingleFlight::operationStarted, &flight, [&](const QString &, RefreshOperation *op) {
            running = op;
            r.follow(op);
            // The flight deletes the operation later: no Ctrl+C on a dead pointer.
            QObject::connect(op, &TokenOperation::finished, &flight, [&running] { running = nullptr; });
        });
    std::optional<RefreshSingleFlight::Result> result;
    QEventLoop loop;
    SignalWatcher interrupt([&running] {
        if (running)
            running->cancel();
    });
    flight.refresh(r.profile, r.tokens, options, [&](const RefreshSingleFlight::Result &res) {
        result = res;
        loop.quit();
    });
    if (!result)
        loop.exec();
    if (result->fromOtherProcess)
        r.err << "Another process refreshed these tokens while this one waited; they were used as stored.\n";
    else if (result->stored)
        r.err << "Tokens updated in the " << cliSecretStore().backendName() << " for profile '"
              << r.profile.name << "'.\n";
    else if (result->keychainFailed)
        r.err << "oauth-workbench refresh: keychain: " << result->storeResult.message << '\n';
    return r.output(result->session, result->keychainFailed ? TokenExitKeychain : TokenExitOk);
}

int runRevokeCommand(const QStringList &args)
{
    return runTokenChoiceCommand<RevocationOperation>(
        args, QStringLiteral("revoke"),
        QStringLiteral("Revoke a profile's stored access or refresh token at the revocation "
                       "endpoint (RFC 7009). The stored set is left as it is ('forget' removes "
                       "it)."));
}

int runIntrospectCommand(const QStringList &args)
{
    return runTokenChoiceCommand<IntrospectionOperation>(
        args, QStringLiteral("introspect"),
        QStringLiteral("Ask the introspection endpoint (RFC 7662) whether a profile's stored "
                       "access or refresh token is active."));
}

int runUserinfoCommand(const QStringList &args)
{
    TokenCommandRunner r(
        QStringLiteral("userinfo"),
        QStringLiteral("Call the userinfo endpoint with a profile's stored access token as Bearer; "
                       "a 401 shows the WWW-Authenticate error."));
    if (const auto code = r.prepare(args))
        return *code;
    QNetworkAccessManager nam;
    UserinfoOperation op(r.profile, r.tokens, &nam);
    return r.execute(op);
}

int runRaceRefreshCommand(const QStringList &args)
{
    TokenCommandRunner r(
        QStringLiteral("race-refresh"),
        QStringLiteral(
            "Send N refreshes with the same refresh token at once and report what the server did: "
            "all_succeeded, one_won_rest_invalid_grant (rotation) or family_revoked (reuse detection). "
            "This uses up the stored refresh token; what is still usable afterwards is stored."));
    r.parser.addOption({QStringLiteral("parallel"),
                        QStringLiteral("How many refreshes to send at once (2-%1, default 3).")
                            .arg(RaceProbeOperation::kMaxParallel),
                        QStringLiteral("N"), QStringLiteral("3")});
    if (const auto code = r.prepare(args))
        return *code;
    bool ok = false;
    const int n = r.parser.value(QStringLiteral("parallel")).toInt(&ok);
    if (!ok || n < 2 || n > RaceProbeOperation::kMaxParallel)
        return r.fail(TokenExitConfig,
                      QStringLiteral("--parallel must be 2-%1.").arg(RaceProbeOperation::kMaxParallel));
    QNetworkAccessManager nam;
    RaceProbeOperation op(r.profile, r.tokens, n, &nam);
    if (!r.endpointOverride().isEmpty())
        op.setEndpointOverride(r.endpointOverride());
    r.follow(&op);
    QEventLoop loop;
    QObject::connect(&op, &TokenOperation::finished, &loop, &QEventLoop::quit);
    SignalWatcher interrupt([&op] { op.cancel(); });
    op.start();
    if (!op.isFinished())
        loop.exec();
    int extra = TokenExitOk;
    if (op.tokensToStore() && !r.storeTokens(*op.tokensToStore()))
        extra = TokenExitKeychain;
    return r.output(op.session(), extra);
}

} // namespace wb::cli
