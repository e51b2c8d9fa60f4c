#include "tokens/ClaimTimes.h"

#include "common/Format.h"

namespace wb::gui {

QString expiryPhrase(const QDateTime &expiresAt, const QDateTime &now)
{
    if (!expiresAt.isValid())
        return {};
    const QString rel = formatRelative(expiresAt, now);
    return expiresAt > now ? QObject::tr("expires %1").arg(rel) : QObject::tr("expired %1").arg(rel);
}

QList<ClaimTime> claimTimes(const nlohmann::json &payload, const QDateTime &now)
{
    QList<ClaimTime> out;
    if (!payload.is_object())
        return out;
    for (const char *claim : {"exp", "iat", "nbf", "auth_time"}) {
        auto it = payload.find(claim);
        if (it == payload.end() || !it->is_number())
            continue;
        ClaimTime c;
        c.claim = QLatin1String(claim);
        c.value = it->is_number_integer() ? it->get<qint64>() : qint64(it->get<double>());
        c.time = QDateTime::fromSecsSinceEpoch(c.value, Qt::UTC);
        const QString rel = formatRelative(c.time, now);
        if (c.claim == u"exp") {
            c.phrase = expiryPhrase(c.time, now);
            c.problem = c.time <= now;
        } else if (c.claim == u"nbf") {
            c.problem = c.time > now;
            c.phrase = c.problem ? QObject::tr("not valid yet (valid %1)").arg(rel)
                                 : QObject::tr("valid since %1").arg(rel);
        } else if (c.claim == u"iat") {
            c.phrase = c.time > now ? QObject::tr("issued in the future (%1): clock skew?").arg(rel)
                                    : QObject::tr("issued %1").arg(rel);
        } else {
            c.phrase = QObject::tr("authenticated %1").arg(rel);
        }
        out.append(c);
    }
    return out;
}

} // namespace wb::gui
