#pragma once
// Small bridges between Qt strings/bytes and nlohmann::json; tolerant readers that never throw.

#include <QByteArray>
#include <QString>
#include <nlohmann/json.hpp>
#include <optional>

namespace wb {

inline std::string toStd(const QString &s)
{
    return s.toStdString();
}
inline QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}

// Member `key` of object `j` as a string; `fallback` when absent or not a string.
QString jsonString(const nlohmann::json &j, const char *key, const QString &fallback = {});
int jsonInt(const nlohmann::json &j, const char *key, int fallback = 0);
bool jsonBool(const nlohmann::json &j, const char *key, bool fallback = false);

// Parses without throwing; std::nullopt on any syntax error. Keeps the error text if asked.
std::optional<nlohmann::json> parseJson(const QByteArray &bytes, QString *error = nullptr);

} // namespace wb
