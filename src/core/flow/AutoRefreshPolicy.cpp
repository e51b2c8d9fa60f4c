#include "flow/AutoRefreshPolicy.h"

#include <algorithm>

namespace wb {

bool AutoRefreshPolicy::needsReauthorization(const Error &e)
{
    if (!e.protocol)
        return false;
    const QString &code = e.protocol->error;
    return code == u"invalid_grant" || code == u"invalid_client" || code == u"unauthorized_client" ||
           code == u"interaction_required" || code == u"login_required" || code == u"consent_required";
}

bool AutoRefreshPolicy::isTemporary(const Error &e)
{
    if (e.kind == ErrorKind::Network || e.kind == ErrorKind::Timeout)
        return true;
    const int status = e.protocol ? e.protocol->httpStatus : 0;
    if (e.protocol &&
        (e.protocol->error == u"temporarily_unavailable" || e.protocol->error == u"server_error"))
        return true;
    if (status >= 500 || status == 429)
        return true;
    // An unexpected non-OAuth answer with a 5xx status (e.g. an HTML 502 page).
    return e.kind == ErrorKind::Http &&
           (e.message.contains(QLatin1String("HTTP 5")) || e.message.contains(QLatin1String("HTTP 429")));
}

AutoRefreshPolicy::Decision AutoRefreshPolicy::schedule(const TokenSet &tokens, const QDateTime &now)
{
    Decision d;
    if (tokens.refreshToken.isEmpty()) {
        d.message = QStringLiteral("No refresh token: auto-refresh cannot run.");
        return d;
    }
    const auto expires = tokens.expiresAt();
    if (!expires) {
        d.message =
            QStringLiteral("The server did not say when the access token expires: nothing to schedule.");
        return d;
    }
    d.state = State::Scheduled;
    d.at = std::max(now, expires->addSecs(-m_settings.marginSeconds));
    d.message = QStringLiteral("Next refresh %1 s before expiry.").arg(m_settings.marginSeconds);
    return d;
}

AutoRefreshPolicy::Decision AutoRefreshPolicy::afterRefresh(const Session &result, const QDateTime &now)
{
    if (result.outcome == Outcome::Succeeded) {
        m_failures = 0;
        return schedule(result.tokens, now);
    }
    Decision d;
    const Error &e = result.error;
    if (needsReauthorization(e)) {
        d.state = State::Stopped;
        d.message =
            QStringLiteral("Auto-refresh stopped: %1 — re-authorize (log in again); retrying would fail "
                           "the same way.")
                .arg(e.protocol ? e.protocol->error : e.code);
        return d;
    }
    if (isTemporary(e)) {
        ++m_failures;
        const qint64 delay =
            std::min<qint64>(qint64(m_settings.baseBackoffSeconds) << std::min(m_failures - 1, 20),
                             m_settings.maxBackoffSeconds);
        d.state = State::BackingOff;
        d.at = now.addSecs(delay);
        d.message = QStringLiteral("Refresh failed temporarily (%1); retry %2 in %3 s.")
                        .arg(e.protocol ? e.protocol->error : e.code)
                        .arg(m_failures)
                        .arg(delay);
        return d;
    }
    d.state = State::Stopped;
    d.message =
        QStringLiteral("Auto-refresh stopped: %1. Fix the cause, then turn it on again.").arg(e.message);
    return d;
}

} // namespace wb
