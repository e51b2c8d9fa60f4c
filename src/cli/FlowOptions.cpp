#include "FlowOptions.h"

#include "http/CertificatePin.h"

#include <QUrl>

namespace wb::cli {

namespace {
QCommandLineOption valueOption(const char *name, const QString &help, const char *valueName)
{
    return QCommandLineOption(QString::fromLatin1(name), help, QString::fromLatin1(valueName));
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool isAbsoluteUrl(const QString &s)
{
    const QUrl url(s, QUrl::StrictMode);
    return url.isValid() && !url.scheme().isEmpty() && !url.host().isEmpty();
}

bool parseBoundedInt(const QString &s, int min, int max, int &out)
{
    bool ok = false;
    const int v = s.toInt(&ok);
    if (!ok || v < min || v > max)
        return false;
    out = v;
    return true;
}
} // namespace

void addFlowOptions(QCommandLineParser &p)
{
    p.addOption(
        valueOption("issuer", QStringLiteral("Issuer URL; discovery fills missing endpoints."), "url"));
    p.addOption(valueOption("authorization-endpoint", QStringLiteral("Authorization endpoint URL."), "url"));
    p.addOption(valueOption("token-endpoint", QStringLiteral("Token endpoint URL."), "url"));
    p.addOption(valueOption("client-id", QStringLiteral("Client identifier."), "id"));
    p.addOption(valueOption("client-secret-env",
                            QStringLiteral("Name of the environment variable holding the client secret."),
                            "var"));
    p.addOption(valueOption("auth-method",
                            QStringLiteral("Client authentication: none, client_secret_basic, "
                                           "client_secret_basic_raw, client_secret_post."),
                            "method"));
    p.addOption(valueOption("scope", QStringLiteral("Space-separated scopes (default: openid)."), "scopes"));
    p.addOption(valueOption("param", QStringLiteral("Extra authorization request parameter; repeatable."),
                            "name=value"));
    p.addOption(valueOption("redirect-host", QStringLiteral("Loopback host: 127.0.0.1, [::1] or localhost."),
                            "host"));
    p.addOption(valueOption("redirect-port", QStringLiteral("Loopback port (0 = ephemeral)."), "port"));
    p.addOption(valueOption("redirect-path", QStringLiteral("Callback path (default: /callback)."), "path"));
    p.addOption(valueOption("registered-redirect-uri",
                            QStringLiteral("The redirect URI registered at the provider; a redirect_uri "
                                           "mismatch then names the exact difference."),
                            "uri"));
    p.addOption(valueOption("response-mode", QStringLiteral("query, form_post or fragment."), "mode"));
    p.addOption(valueOption("pkce", QStringLiteral("S256, plain or off."), "method"));
    p.addOption(valueOption("browser", QStringLiteral("system, command, follow or captured."), "mode"));
    p.addOption(valueOption(
        "browser-command",
        QStringLiteral("Command that opens the URL, with %u for it (implies --browser command)."), "cmd"));
    p.addOption(
        valueOption("browser-path",
                    QStringLiteral("Chromium-family browser for --browser captured (default: "
                                   "chromium, google-chrome, microsoft-edge or brave-browser on PATH)."),
                    "path"));
    p.addOption(valueOption("browser-profile",
                            QStringLiteral("--browser captured: keep this named browser profile between runs "
                                           "(SSO sessions) instead of a fresh temporary one."),
                            "name"));
    p.addOption(QCommandLineOption(QStringLiteral("headless-browser"),
                                   QStringLiteral("--browser captured: launch the browser headless.")));
    p.addOption(valueOption("timeout", QStringLiteral("Seconds to wait for the callback (default: 300)."),
                            "seconds"));
    p.addOption(
        valueOption("pin-cert",
                    QStringLiteral("Trust this server certificate despite TLS errors when its SHA-256 "
                                   "fingerprint matches (hex, colons allowed); repeatable; replaces "
                                   "the profile's pins; 'none' clears them. See docs/tls.md."),
                    "sha256"));
}

bool applyFlowOptions(const QCommandLineParser &p, Profile &profile, QString *error)
{
    const auto value = [&p](const char *name) { return p.value(QString::fromLatin1(name)); };
    const auto isSet = [&p](const char *name) { return p.isSet(QString::fromLatin1(name)); };

    for (const char *name : {"issuer", "authorization-endpoint", "token-endpoint"}) {
        if (isSet(name) && !isAbsoluteUrl(value(name)))
            return fail(error, QStringLiteral(
                                   "--%1: '%2' is not an absolute URL (expected e.g. https://idp.example/).")
                                   .arg(QLatin1String(name), value(name)));
    }
    if (isSet("issuer"))
        profile.issuer = value("issuer");
    if (isSet("authorization-endpoint"))
        profile.authorizationEndpoint = value("authorization-endpoint");
    if (isSet("token-endpoint"))
        profile.tokenEndpoint = value("token-endpoint");
    if (isSet("client-id"))
        profile.clientId = value("client-id");

    if (isSet("client-secret-env")) {
        const QString var = value("client-secret-env");
        const QByteArray name = var.toLocal8Bit();
        if (var.isEmpty() || !qEnvironmentVariableIsSet(name.constData()))
            return fail(
                error, QStringLiteral("--client-secret-env: environment variable '%1' is not set.").arg(var));
        profile.clientSecret = qEnvironmentVariable(name.constData());
        if (profile.clientSecret.isEmpty())
            return fail(error,
                        QStringLiteral("--client-secret-env: environment variable '%1' is empty.").arg(var));
    }

    if (isSet("auth-method") && !parseClientAuthMethod(value("auth-method"), profile.authMethod))
        return fail(error, QStringLiteral("--auth-method: unknown method '%1' (none, client_secret_basic, "
                                          "client_secret_basic_raw, client_secret_post).")
                               .arg(value("auth-method")));
    if (isSet("scope"))
        profile.scope = value("scope");

    for (const QString &param : p.values(QStringLiteral("param"))) {
        const qsizetype eq = param.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return fail(error, QStringLiteral("--param: '%1' is not name=value.").arg(param));
        const QString name = param.left(eq);
        const QString v = param.mid(eq + 1);
        bool replaced = false;
        for (auto &entry : profile.extraParams) {
            if (entry.first == name) {
                entry.second = v;
                replaced = true;
            }
        }
        if (!replaced)
            profile.extraParams.append({name, v});
    }

    if (isSet("redirect-host")) {
        const QString host = value("redirect-host");
        if (host != QLatin1String("127.0.0.1") && host != QLatin1String("[::1]") &&
            host != QLatin1String("localhost"))
            return fail(error, QStringLiteral("--redirect-host: '%1' is not a loopback host "
                                              "(127.0.0.1, [::1] or localhost).")
                                   .arg(host));
        profile.redirectHost = host;
    }
    if (isSet("redirect-port") && !parseBoundedInt(value("redirect-port"), 0, 65535, profile.redirectPort))
        return fail(error, QStringLiteral("--redirect-port: '%1' is not a port number (0-65535).")
                               .arg(value("redirect-port")));
    if (isSet("redirect-path")) {
        if (!value("redirect-path").startsWith(QLatin1Char('/')))
            return fail(
                error,
                QStringLiteral("--redirect-path: '%1' must start with '/'.").arg(value("redirect-path")));
        profile.redirectPath = value("redirect-path");
    }
    if (isSet("registered-redirect-uri"))
        profile.registeredRedirectUri = value("registered-redirect-uri");
    if (isSet("response-mode") && !parseResponseMode(value("response-mode"), profile.responseMode))
        return fail(error, QStringLiteral("--response-mode: unknown mode '%1' (query, form_post, fragment).")
                               .arg(value("response-mode")));
    if (isSet("pkce") && !parsePkceMethod(value("pkce"), profile.pkce))
        return fail(error,
                    QStringLiteral("--pkce: unknown method '%1' (S256, plain, off).").arg(value("pkce")));
    if (isSet("browser") && !parseBrowserMode(value("browser"), profile.browser))
        return fail(error, QStringLiteral("--browser: unknown mode '%1' (system, command, follow, captured).")
                               .arg(value("browser")));
    if (isSet("browser-path"))
        profile.browserPath = value("browser-path");
    if (isSet("browser-profile"))
        profile.browserProfile = value("browser-profile");
    if (p.isSet(QStringLiteral("headless-browser")))
        profile.headlessBrowser = true;
    if (isSet("browser-command")) {
        profile.browserCommand = value("browser-command");
        if (!isSet("browser"))
            profile.browser = BrowserMode::Command;
    }
    if (profile.browser == BrowserMode::Command && !profile.browserCommand.contains(QLatin1String("%u")))
        return fail(error,
                    QStringLiteral("--browser command needs --browser-command containing %u for the URL."));
    if (isSet("pin-cert")) {
        QStringList given = p.values(QStringLiteral("pin-cert"));
        given.removeAll(QStringLiteral("none"));
        QString why;
        if (!certpin::normalizeAll(given, profile.pinnedCertSha256, &why))
            return fail(error, QStringLiteral("--pin-cert: %1.").arg(why));
    }
    if (isSet("timeout") && !parseBoundedInt(value("timeout"), 1, 86400, profile.timeoutSeconds))
        return fail(
            error,
            QStringLiteral("--timeout: '%1' is not a number of seconds (1-86400).").arg(value("timeout")));
    return true;
}

} // namespace wb::cli
