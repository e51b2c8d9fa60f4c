#pragma once
// TokenSet: what a token endpoint granted, as parsed from its response.

#include <QDateTime>
#include <QString>
#include <nlohmann/json.hpp>
#include <optional>

namespace wb {

struct TokenSet {
    QString accessToken;
    QString tokenType;
    QString refreshToken;
    QString idToken;
    QString scope;
    std::optional<qint64> expiresIn;                  // seconds, as the server said (string or number)
    QDateTime obtainedAt;                             // UTC, when the response arrived
    nlohmann::json extras = nlohmann::json::object(); // members beyond RFC 6749 5.1

    bool isEmpty() const { return accessToken.isEmpty() && idToken.isEmpty() && refreshToken.isEmpty(); }
    std::optional<QDateTime> expiresAt() const
    {
        if (!expiresIn || !obtainedAt.isValid())
            return std::nullopt;
        return obtainedAt.addSecs(*expiresIn);
    }
};

} // namespace wb
