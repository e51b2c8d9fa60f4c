#pragma once
// Validates a callback against what the flow sent: state (always, unless a visible opt-out),
// iss (RFC 9207) and OAuth error responses. A failure is a typed Error, never a crash.

#include "oauth/CallbackParams.h"
#include "oauth/Error.h"

#include <nlohmann/json.hpp>

namespace wb {

struct CallbackExpectations {
    QString state;              // the state we sent
    QString issuer;             // expected issuer; empty when unknown (explicit endpoints)
    bool issAdvertised = false; // metadata says authorization_response_iss_parameter_supported
    bool checkState = true;     // turning these off is recorded in Session::checksDisabled
    bool checkIss = true;
};

struct CallbackResult {
    Error error;          // kinds: Protocol (error=...), Validation (state_mismatch, state_missing,
                          // iss_mismatch, iss_missing, missing_code); first failure in that order
    QStringList warnings; // e.g. "iss absent; server does not advertise RFC 9207"
    QString code;         // set when the callback is acceptable
    // One entry per check ("error", "state", "iss", then "code" unless an error came back):
    // {"check":"state","result":"pass|fail|skipped","expected":..,"actual":..,"note":..}
    nlohmann::json checks = nlohmann::json::array();
};

CallbackResult validateCallback(const CallbackParams &params, const CallbackExpectations &expect);

} // namespace wb
