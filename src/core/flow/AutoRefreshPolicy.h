#pragma once
// AutoRefreshPolicy: when an opt-in automatic refresh should run — a margin before the access
// token expires — and what to do after one: schedule the next, back off exponentially on 5xx /
// temporarily_unavailable / network errors, or stop for good on invalid_grant (re-authorize).
// Pure: the caller supplies the time, so every decision is unit-testable without waiting.

#include "flow/Session.h"

#include <QDateTime>
#include <optional>

namespace wb {

struct AutoRefreshSettings {
    int marginSeconds = 60;      // refresh this long before expiry
    int baseBackoffSeconds = 15; // first retry after a temporary failure; doubles each time
    int maxBackoffSeconds = 900;
};

class AutoRefreshPolicy {
public:
    enum class State { Idle, Scheduled, BackingOff, Stopped };
    struct Decision {
        State state = State::Idle;
        QDateTime at;    // when the next refresh runs (Scheduled, BackingOff)
        QString message; // for the panel: why, and what the user should do
    };

    explicit AutoRefreshPolicy(AutoRefreshSettings settings = {}) : m_settings(settings) {}

    // After login or a refresh: the next refresh is due `margin` before expiry (now when that
    // moment has passed). Idle when nothing can be refreshed or no expiry is known.
    Decision schedule(const TokenSet &tokens, const QDateTime &now);
    // After an automatic refresh ended: its session decides.
    Decision afterRefresh(const Session &result, const QDateTime &now);
    int consecutiveFailures() const { return m_failures; }
    const AutoRefreshSettings &settings() const { return m_settings; }
    void setSettings(const AutoRefreshSettings &s) { m_settings = s; }

    // invalid_grant (and friends): the grant is gone, only a new login helps.
    static bool needsReauthorization(const Error &e);
    // 5xx, 429, temporarily_unavailable, network and timeouts: worth retrying later.
    static bool isTemporary(const Error &e);

private:
    AutoRefreshSettings m_settings;
    int m_failures = 0;
};

} // namespace wb
