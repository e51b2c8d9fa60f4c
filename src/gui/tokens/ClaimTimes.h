#pragma once
// ClaimTimes: the time claims of a JWT (exp, iat, nbf, auth_time) as local times with a phrase
// relative to now ("expires in 4 min", "expired 3 min ago"), and whether the token is expired.

#include <QDateTime>
#include <QList>
#include <nlohmann/json.hpp>

namespace wb::gui {

struct ClaimTime {
    QString claim;        // "exp"
    qint64 value = 0;     // seconds since the epoch, as in the token
    QDateTime time;       // UTC
    QString phrase;       // "expires in 4 min"
    bool problem = false; // exp in the past, or nbf in the future
};

QList<ClaimTime> claimTimes(const nlohmann::json &payload, const QDateTime &now);
QString expiryPhrase(const QDateTime &expiresAt, const QDateTime &now); // "expires in …"/"expired … ago"

} // namespace wb::gui
