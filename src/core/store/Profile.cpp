#include "store/Profile.h"

#include "util/JsonQt.h"

namespace wb {

namespace {
template <typename E, size_t N>
bool parseEnum(const QString &s, const std::pair<E, const char *> (&table)[N], E &out)
{
    for (const auto &[value, name] : table) {
        if (s.compare(QLatin1String(name), Qt::CaseInsensitive) == 0) {
            out = value;
            return true;
        }
    }
    return false;
}
template <typename E, size_t N> QString enumName(E v, const std::pair<E, const char *> (&table)[N])
{
    for (const auto &[value, name] : table) {
        if (value == v)
            return QLatin1String(name);
    }
    return {};
}

const std::pair<ClientAuthMethod, const char *> kAuth[] = {
    {ClientAuthMethod::None, "none"},
    {ClientAuthMethod::ClientSecretBasic, "client_secret_basic"},
    {ClientAuthMethod::ClientSecretBasicRaw, "client_secret_basic_raw"},
    {ClientAuthMethod::ClientSecretPost, "client_secret_post"},
};
const std::pair<PkceMethod, const char *> kPkce[] = {
    {PkceMethod::S256, "S256"}, {PkceMethod::Plain, "plain"}, {PkceMethod::Off, "off"}};
const std::pair<ResponseMode, const char *> kMode[] = {{ResponseMode::Query, "query"},
                                                       {ResponseMode::FormPost, "form_post"},
                                                       {ResponseMode::Fragment, "fragment"}};
const std::pair<BrowserMode, const char *> kBrowser[] = {{BrowserMode::System, "system"},
                                                         {BrowserMode::Command, "command"},
                                                         {BrowserMode::Follow, "follow"},
                                                         {BrowserMode::Captured, "captured"}};
} // namespace

QString toString(ClientAuthMethod m)
{
    return enumName(m, kAuth);
}
QString toString(PkceMethod m)
{
    return enumName(m, kPkce);
}
QString toString(ResponseMode m)
{
    return enumName(m, kMode);
}
QString toString(BrowserMode m)
{
    return enumName(m, kBrowser);
}
bool parseClientAuthMethod(const QString &s, ClientAuthMethod &out)
{
    return parseEnum(s, kAuth, out);
}
bool parsePkceMethod(const QString &s, PkceMethod &out)
{
    return parseEnum(s, kPkce, out);
}
bool parseResponseMode(const QString &s, ResponseMode &out)
{
    return parseEnum(s, kMode, out);
}
bool parseBrowserMode(const QString &s, BrowserMode &out)
{
    return parseEnum(s, kBrowser, out);
}

nlohmann::json Profile::toJson() const
{
    nlohmann::json params = nlohmann::json::array();
    for (const auto &[k, v] : extraParams)
        params.push_back({{"name", toStd(k)}, {"value", toStd(v)}});
    nlohmann::json j = {
        {"id", toStd(id)},
        {"name", toStd(name)},
        {"issuer", toStd(issuer)},
        {"authorization_endpoint", toStd(authorizationEndpoint)},
        {"token_endpoint", toStd(tokenEndpoint)},
        {"client_id", toStd(clientId)},
        {"auth_method", toStd(toString(authMethod))},
        {"scope", toStd(scope)},
        {"extra_params", params},
        {"redirect_host", toStd(redirectHost)},
        {"redirect_port", redirectPort},
        {"redirect_path", toStd(redirectPath)},
        {"registered_redirect_uri", toStd(registeredRedirectUri)},
        {"response_mode", toStd(toString(responseMode))},
        {"pkce", toStd(toString(pkce))},
        {"browser", toStd(toString(browser))},
        {"browser_command", toStd(browserCommand)},
        {"browser_path", toStd(browserPath)},
        {"browser_profile", toStd(browserProfile)},
        {"headless_browser", headlessBrowser},
        {"timeout_seconds", timeoutSeconds},
        {"http_timeout_seconds", httpTimeoutSeconds},
    };
    if (!pinnedCertSha256.isEmpty()) {
        nlohmann::json pins = nlohmann::json::array();
        for (const QString &f : pinnedCertSha256)
            pins.push_back(toStd(f));
        j["pinned_cert_sha256"] = pins;
    }
    if (!sandboxFaults.isEmpty()) {
        nlohmann::json faults = nlohmann::json::array();
        for (const QString &f : sandboxFaults)
            faults.push_back(toStd(f));
        j["sandbox_faults"] = faults;
    }
    return j;
}

Profile Profile::fromJson(const nlohmann::json &j)
{
    Profile p;
    if (!j.is_object())
        return p;
    p.id = jsonString(j, "id");
    p.name = jsonString(j, "name");
    p.issuer = jsonString(j, "issuer");
    p.authorizationEndpoint = jsonString(j, "authorization_endpoint");
    p.tokenEndpoint = jsonString(j, "token_endpoint");
    p.clientId = jsonString(j, "client_id");
    parseClientAuthMethod(jsonString(j, "auth_method"), p.authMethod);
    p.scope = jsonString(j, "scope", p.scope);
    if (auto it = j.find("extra_params"); it != j.end() && it->is_array()) {
        for (const auto &e : *it)
            p.extraParams.append({jsonString(e, "name"), jsonString(e, "value")});
    }
    p.redirectHost = jsonString(j, "redirect_host", p.redirectHost);
    p.redirectPort = jsonInt(j, "redirect_port", p.redirectPort);
    p.redirectPath = jsonString(j, "redirect_path", p.redirectPath);
    p.registeredRedirectUri = jsonString(j, "registered_redirect_uri");
    parseResponseMode(jsonString(j, "response_mode"), p.responseMode);
    parsePkceMethod(jsonString(j, "pkce"), p.pkce);
    parseBrowserMode(jsonString(j, "browser"), p.browser);
    p.browserCommand = jsonString(j, "browser_command");
    p.browserPath = jsonString(j, "browser_path");
    p.browserProfile = jsonString(j, "browser_profile");
    if (auto it = j.find("headless_browser"); it != j.end() && it->is_boolean())
        p.headlessBrowser = it->get<bool>();
    p.timeoutSeconds = jsonInt(j, "timeout_seconds", p.timeoutSeconds);
    p.httpTimeoutSeconds = jsonInt(j, "http_timeout_seconds", p.httpTimeoutSeconds);
    if (auto it = j.find("pinned_cert_sha256"); it != j.end() && it->is_array()) {
        for (const auto &f : *it) {
            if (f.is_string())
                p.pinnedCertSha256.append(QString::fromStdString(f.get<std::string>()));
        }
    }
    if (auto it = j.find("sandbox_faults"); it != j.end() && it->is_array()) {
        for (const auto &f : *it) {
            if (f.is_string())
                p.sandboxFaults.append(QString::fromStdString(f.get<std::string>()));
        }
    }
    return p;
}

} // namespace wb
