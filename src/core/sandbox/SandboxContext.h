#pragma once
// SandboxContext: what the endpoints of one running sandbox share — configuration (with the
// faults currently on), issuer, keys, store — and the two clocks: the real (injected) one for
// expiry, and the one the server claims in Date headers and tokens, which clock_skew moves ahead.

#include "sandbox/SandboxConfig.h"
#include "sandbox/SandboxKeys.h"
#include "sandbox/SandboxStore.h"

namespace wb {

struct SandboxContext {
    SandboxConfig config;
    QString issuer; // http://127.0.0.1:<port>
    SandboxKeys keys;
    SandboxStore store;

    bool fault(SandboxFault f) const { return config.faults.contains(f); }

    QDateTime currentTime() const
    {
        return config.clock ? config.clock().toUTC() : QDateTime::currentDateTimeUtc();
    }
    qint64 now() const { return currentTime().toSecsSinceEpoch(); }

    QDateTime claimedTime() const
    {
        return fault(SandboxFault::ClockSkew) ? currentTime().addSecs(config.clockSkewSec) : currentTime();
    }
    qint64 claimedNow() const { return claimedTime().toSecsSinceEpoch(); }
};

} // namespace wb
