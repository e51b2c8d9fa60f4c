#include "diagnosis/ProviderPreset.h"

#include "util/JsonQt.h"

#include <QRegularExpression>

namespace wb {

using json = nlohmann::json;

namespace {
QString substitute(QString s, const QMap<QString, QString> &values)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        s.replace(QLatin1Char('{') + it.key() + QLatin1Char('}'), it.value());
    return s;
}
} // namespace

bool applyPreset(const ProviderInfo &provider, const QMap<QString, QString> &given, Profile &p,
                 QString *error)
{
    if (!provider.hasPreset()) {
        if (error)
            *error = QStringLiteral("%1 has no preset.").arg(provider.name);
        return false;
    }
    const json preset = provider.preset();
    QMap<QString, QString> values;
    if (const json ph = preset.value("placeholders", json::object()); ph.is_object()) {
        for (const auto &[k, v] : ph.items())
            if (v.is_string() && k != "issuer" && k != "audience")
                values.insert(fromStd(k), fromStd(v.get<std::string>()));
    }
    for (auto it = given.cbegin(); it != given.cend(); ++it)
        values.insert(it.key(), it.value());
    p.issuer = substitute(jsonString(preset, "issuer"), values);
    p.authorizationEndpoint = substitute(jsonString(preset, "authorization_endpoint"), values);
    p.tokenEndpoint = substitute(jsonString(preset, "token_endpoint"), values);
    p.scope = jsonString(preset, "scope", p.scope);
    p.extraParams.clear();
    if (const json params = preset.value("extra_params", json::object()); params.is_object()) {
        for (const auto &[k, v] : params.items())
            if (v.is_string())
                p.extraParams.append({fromStd(k), substitute(fromStd(v.get<std::string>()), values)});
    }
    parseClientAuthMethod(jsonString(preset, "auth_method", toString(p.authMethod)), p.authMethod);
    parsePkceMethod(jsonString(preset, "pkce", toString(p.pkce)), p.pkce);
    const QString host = jsonString(preset, "redirect_host");
    if (!host.isEmpty())
        p.redirectHost = host;
    return true;
}

QStringList unresolvedPlaceholders(const Profile &p)
{
    static const QRegularExpression re(QStringLiteral("\\{([a-z_]+)\\}"));
    QStringList found;
    QStringList fields = {p.issuer, p.authorizationEndpoint, p.tokenEndpoint};
    for (const auto &kv : p.extraParams)
        fields.append(kv.second);
    for (const QString &f : fields)
        for (auto it = re.globalMatch(f); it.hasNext();) {
            const QString name = it.next().captured(1);
            if (!found.contains(name))
                found.append(name);
        }
    return found;
}

} // namespace wb
