#pragma once
// How faulty providers answer: the short-circuit token endpoint failures (503, proxy 502 page,
// Slack's 200 error), GitHub's form-encoded token answers, and Entra ID's AADSTS error bodies.
// Each mimics what that provider really sends, so the workbench's diagnosis meets the real shape.

#include "sandbox/SandboxError.h"
#include "sandbox/SandboxFaults.h"
#include "sandbox/SandboxHttp.h"

#include <QDateTime>
#include <nlohmann/json.hpp>

namespace wb {

namespace SandboxFaultResponses {

// server_error: 503 with Retry-After.
SandboxResponse serverError(int retryAfterSec);
// html_error_page: what nginx answers when the upstream is down.
SandboxResponse htmlErrorPage();
// nonstandard_200_error: Slack's {"ok":false,"error":"invalid_code"} with status 200.
SandboxResponse nonstandard200Error();

// True when the request's Accept header asks for application/json: GitHub then answers in JSON.
bool acceptsJson(const SandboxRequest &request);

// A successful token response: JSON, or under form_encoded_response GitHub's answer (form
// encoded, or JSON with a lower-case token_type when the client sent Accept: application/json).
SandboxResponse tokenSuccess(const nlohmann::json &body, const SandboxFaultSet &faults, bool jsonAccepted);
// A token/revoke/introspect error: RFC 6749 JSON, Entra JSON (aadsts_errors) or GitHub's status
// 200 with its own error names (form_encoded_response). `now` stamps Entra's timestamp.
SandboxResponse tokenError(const SandboxError &error, const SandboxFaultSet &faults, const QDateTime &now,
                           bool jsonAccepted);

// error_description for a front-channel error (authorize redirect or page): Entra prefixes an
// AADSTS code under aadsts_errors.
QString frontChannelDescription(const SandboxError &error, const SandboxFaultSet &faults);

// Entra's code and message for an error kind, e.g. 54005 for a redeemed code.
int aadstsCode(SandboxErrorKind kind);
QString aadstsMessage(const SandboxError &error);

} // namespace SandboxFaultResponses

} // namespace wb
