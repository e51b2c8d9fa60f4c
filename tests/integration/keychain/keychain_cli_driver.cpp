// wb-keychain-cli: the profile/tokens/forget verbs behind the same dispatch as oauth-workbench,
// plus `store-tokens NAME` (stdin: a token response JSON) and `load-for-run NAME`, which call
// exactly what `run --profile` calls. Lets the keychain tests run before the verbs are wired
// into Cli.cpp, and exercise the run hooks without a browser.
#include "ProfileCommands.h"
#include "ProfileSupport.h"
#include "store/TokenSetJson.h"
#include "util/AppIdentity.h"
#include "util/JsonQt.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>

using namespace wb;

namespace {
int storeTokens(const QString &name)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return 2;
    const auto json = parseJson(in.readAll());
    if (!json || !json->is_object())
        return 2;
    TokenSet t;
    t.accessToken = jsonString(*json, "access_token");
    t.tokenType = jsonString(*json, "token_type");
    t.refreshToken = jsonString(*json, "refresh_token");
    t.idToken = jsonString(*json, "id_token");
    t.scope = jsonString(*json, "scope");
    if (auto it = json->find("expires_in"); it != json->end() && it->is_number_integer())
        t.expiresIn = it->get<qint64>();
    t.obtainedAt = QDateTime::currentDateTimeUtc();
    Profile p;
    QString error;
    int code = 0;
    if (!cli::loadProfileForRun(name, p, &error, &code)) {
        QTextStream(stderr) << error << '\n';
        return code;
    }
    return cli::storeTokensAfterRun(p, t) ? 0 : cli::ExitKeychainUnavailable;
}

int loadForRun(const QString &name)
{
    Profile p;
    QString error;
    int code = 0;
    if (!cli::loadProfileForRun(name, p, &error, &code)) {
        QTextStream(stderr) << error << '\n';
        return code;
    }
    // The secret itself, so the test can compare it across processes.
    QTextStream(stdout) << "id=" << p.id << "\nclient_id=" << p.clientId
                        << "\nclient_secret=" << p.clientSecret << '\n';
    return 0;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    wb::setApplicationIdentity(); // same dirs as the app
    const QStringList args = app.arguments();
    const QString verb = args.value(1);
    const QStringList verbArgs = QStringList{args.value(0) + QLatin1Char(' ') + verb} + args.mid(2);
    if (verb == u"profile")
        return cli::runProfileCommand(verbArgs);
    if (verb == u"tokens")
        return cli::runTokensCommand(verbArgs);
    if (verb == u"forget")
        return cli::runForgetCommand(verbArgs);
    if (verb == u"store-tokens" && args.size() == 3)
        return storeTokens(args.at(2));
    if (verb == u"load-for-run" && args.size() == 3)
        return loadForRun(args.at(2));
    QTextStream(stderr)
        << "usage: wb-keychain-cli profile|tokens|forget ... | store-tokens NAME | load-for-run NAME\n";
    return 2;
}
