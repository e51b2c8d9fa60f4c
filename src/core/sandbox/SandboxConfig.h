#pragma once
// SandboxConfig: how a sandbox authorization server starts (port, faults, token lifetimes,
// hardening limits) plus the injectable clock that lets expiry tests run without sleeping.

#include "http/HttpRequestParser.h"
#include "jose/SigningKey.h"
#include "sandbox/SandboxFaults.h"

#include <QDateTime>
#include <functional>

namespace wb {

struct SandboxConfig {
    quint16 port = 0;         // 0 = ephemeral; always bound to 127.0.0.1
    bool autoApprove = false; // skip the login page: approve at once as "sandbox-user"
    SandboxFaultSet faults;
    jose::JwsAlgorithm idTokenAlg = jose::JwsAlgorithm::RS256;

    int codeLifetimeSec = 60;
    int accessTokenLifetimeSec = 3600;
    int refreshTokenLifetimeSec = 24 * 3600;
    int idTokenLifetimeSec = 3600;
    int slowTokenDelayMs = 5000; // slow_token
    int clockSkewSec = 600;      // clock_skew: how far ahead the server's clock runs
    int retryAfterSec = 30;      // server_error

    // Hardening, as for the loopback listener.
    HttpRequestLimits limits;
    int readTimeoutMs = 10000;
    int maxConnections = 64;

    // Current time (UTC); null means the system clock.
    std::function<QDateTime()> clock;
};

} // namespace wb
