#pragma once
// Typed errors: what went wrong, in a kind the CLI maps to an exit code, plus the OAuth
// error fields exactly as the server sent them (principle 5: a library never exits).

#include <QString>
#include <nlohmann/json.hpp>
#include <optional>

namespace wb {

// An OAuth error response (RFC 6749 5.2 / 4.1.2.1), kept with HTTP status and provider extras.
struct ProtocolError {
    QString error;                                    // e.g. invalid_grant
    QString description;                              // error_description
    QString uri;                                      // error_uri
    int httpStatus = 0;                               // 0 for front-channel errors
    nlohmann::json extras = nlohmann::json::object(); // other members: AADSTS codes, trace ids...
};

enum class ErrorKind {
    None,
    Config,     // bad profile / usage: exit 2
    Protocol,   // OAuth error from the server: exit 1
    Http,       // unexpected HTTP status or body: exit 1
    Validation, // a check failed (state, iss, ...): exit 1
    Parse,      // response could not be understood: exit 1
    Network,    // connection refused, DNS, TLS: exit 3
    Timeout,    // exit 3
    Cancelled,  // user cancelled
};
QString toString(ErrorKind k);
ErrorKind errorKindFromString(const QString &s);

struct Error {
    ErrorKind kind = ErrorKind::None;
    QString code;    // stable short code, e.g. "state_mismatch", "invalid_json", "http_status"
    QString message; // one plain sentence
    std::optional<ProtocolError> protocol;

    bool isError() const { return kind != ErrorKind::None; }
    static Error none() { return {}; }
    static Error make(ErrorKind k, QString code, QString message)
    {
        return Error{k, std::move(code), std::move(message), std::nullopt};
    }
};

} // namespace wb
