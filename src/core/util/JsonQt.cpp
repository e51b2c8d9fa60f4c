#include "util/JsonQt.h"

#include "util/JsonDepth.h"

namespace wb {

QString jsonString(const nlohmann::json &j, const char *key, const QString &fallback)
{
    if (!j.is_object())
        return fallback;
    auto it = j.find(key);
    if (it == j.end() || !it->is_string())
        return fallback;
    return fromStd(it->get<std::string>());
}

int jsonInt(const nlohmann::json &j, const char *key, int fallback)
{
    if (!j.is_object())
        return fallback;
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer())
        return fallback;
    return it->get<int>();
}

bool jsonBool(const nlohmann::json &j, const char *key, bool fallback)
{
    if (!j.is_object())
        return fallback;
    auto it = j.find(key);
    if (it == j.end() || !it->is_boolean())
        return fallback;
    return it->get<bool>();
}

std::optional<nlohmann::json> parseJson(const QByteArray &bytes, QString *error)
{
    if (jsonNestedDeeperThan(bytes)) {
        if (error)
            *error = QStringLiteral("arrays or objects nested deeper than %1 levels").arg(kMaxJsonDepth);
        return std::nullopt;
    }
    try {
        return nlohmann::json::parse(bytes.constBegin(), bytes.constEnd());
    } catch (const nlohmann::json::exception &e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }
}

} // namespace wb
