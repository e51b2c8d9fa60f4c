#pragma once
// TokenSetJson: the JSON form of a TokenSet as kept in the keychain item "profile/<id>/tokens",
// so the next start can refresh or call userinfo without a new login.

#include "oauth/TokenSet.h"

#include <QString>
#include <nlohmann/json.hpp>
#include <optional>

namespace wb {

inline constexpr int kTokenSetJsonFormat = 1;

nlohmann::json tokenSetToJson(const TokenSet &tokens);
// std::nullopt (with a reason) when the JSON is not a token set of a known format.
std::optional<TokenSet> tokenSetFromJson(const nlohmann::json &j, QString *error = nullptr);

// Compact text for the keychain item, and its inverse.
QString tokenSetToText(const TokenSet &tokens);
std::optional<TokenSet> tokenSetFromText(const QString &text, QString *error = nullptr);

} // namespace wb
