#pragma once
// Parses what a token endpoint answered: JSON (RFC 6749 5.1/5.2), form-encoded (GitHub style),
// an HTML error page, truncated or empty bodies. Keeps every member for display.

#include "http/Exchange.h"
#include "oauth/Error.h"
#include "oauth/TokenSet.h"

#include <nlohmann/json.hpp>

namespace wb {

enum class BodyFormat { Json, Form, Html, Empty, Text };
QString toString(BodyFormat f);

struct TokenResponse {
    BodyFormat format = BodyFormat::Empty;
    nlohmann::json members = nlohmann::json::object(); // parsed body (form values as strings)
    TokenSet tokens;                                   // filled on success
    Error error;          // Protocol (code = the OAuth error) for error=..., even with 2xx;
                          // Http "http_status" for any non-2xx without an OAuth error (the
                          // message names the body: HTML page + title, empty, JSON, text);
                          // Parse for 2xx bodies: invalid_json (with byte position),
                          // json_not_object, html_instead_of_json, empty_body, unexpected_body
                          // (plain text), missing_access_token
    QStringList warnings; // e.g. "expires_in sent as a string", "form-encoded response"
};

// `obtainedAt` becomes tokens.obtainedAt. An `error` member means failure even with status 200.
TokenResponse parseTokenResponse(int status, const HttpHeaders &headers, const QByteArray &body,
                                 const QDateTime &obtainedAt);

} // namespace wb
