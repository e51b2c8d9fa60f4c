#pragma once
// Profile: everything needed to run a flow against one client registration. The client
// secret is runtime-only: toJson never writes it (secrets live in the keychain).

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>

namespace wb {

enum class ClientAuthMethod { None, ClientSecretBasic, ClientSecretBasicRaw, ClientSecretPost };
enum class PkceMethod { S256, Plain, Off };
enum class ResponseMode { Query, FormPost, Fragment };
enum class BrowserMode { System, Command, Follow, Captured };

QString toString(ClientAuthMethod m);
QString toString(PkceMethod m);
QString toString(ResponseMode m);
QString toString(BrowserMode m);
// Parsers return false on an unknown spelling (the CLI reports a usage error).
bool parseClientAuthMethod(const QString &s, ClientAuthMethod &out);
bool parsePkceMethod(const QString &s, PkceMethod &out);
bool parseResponseMode(const QString &s, ResponseMode &out);
bool parseBrowserMode(const QString &s, BrowserMode &out);

using ParamList = QList<QPair<QString, QString>>;

struct Profile {
    QString id; // stable uuid given by ProfileStore; keys the profile's keychain items
    QString name;
    QString issuer; // discovery is used when set and an endpoint is missing
    QString authorizationEndpoint;
    QString tokenEndpoint;
    QString clientId;
    QString clientSecret; // runtime only, never serialized
    ClientAuthMethod authMethod = ClientAuthMethod::None;
    QString scope = QStringLiteral("openid");
    ParamList extraParams; // extra authorization request parameters, in order

    QString redirectHost = QStringLiteral("127.0.0.1"); // 127.0.0.1 | [::1] | localhost
    int redirectPort = 0;                               // 0 = ephemeral
    QString redirectPath = QStringLiteral("/callback");
    // Optional: the redirect URI as registered at the provider, so a redirect_uri_mismatch can
    // name the exact difference (trailing slash, scheme, host spelling, port, case, path).
    QString registeredRedirectUri;
    ResponseMode responseMode = ResponseMode::Query;
    PkceMethod pkce = PkceMethod::S256;

    BrowserMode browser = BrowserMode::System;
    QString browserCommand; // with %u for the URL
    // Captured mode (docs/captured-browser.md): an explicit Chromium-family executable (empty =
    // search PATH), a named debugging profile kept between runs (empty = fresh temporary
    // profile), and a headless launch for scripted use.
    QString browserPath;
    QString browserProfile;
    bool headlessBrowser = false;

    int timeoutSeconds = 300;    // waiting for the callback
    int httpTimeoutSeconds = 30; // each back-channel request

    // SHA-256 fingerprints (64 hex digits, normalized by certpin::normalize) of server leaf
    // certificates trusted despite TLS errors, e.g. a self-signed test server (docs/tls.md). An
    // explicit per-profile opt-in; there is no global "ignore TLS errors".
    QStringList pinnedCertSha256;

    // Built-in sandbox only: fault names (SandboxFaults table) injected on the next Start. Kept in
    // session snapshots so a run records which faults it was made under.
    QStringList sandboxFaults;

    // Serialization for profile files and session snapshots: never contains the secret.
    nlohmann::json toJson() const;
    static Profile fromJson(const nlohmann::json &j);
};

} // namespace wb
