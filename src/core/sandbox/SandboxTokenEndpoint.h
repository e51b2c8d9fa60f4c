#pragma once
// SandboxTokenEndpoint: POST /token for authorization_code (single-use, short-lived codes, exact
// redirect_uri, PKCE S256/plain), refresh_token (rotation with family-wide reuse detection) and
// client_credentials. Most token faults act here; errors stay structured until rendered.

#include "sandbox/SandboxClients.h"
#include "sandbox/SandboxContext.h"
#include "sandbox/SandboxError.h"
#include "sandbox/SandboxHttp.h"

#include <nlohmann/json.hpp>
#include <variant>

namespace wb {

class SandboxTokenEndpoint {
public:
    explicit SandboxTokenEndpoint(SandboxContext &context) : m_ctx(context) {}

    SandboxResponse handle(const SandboxRequest &request);

    // Shared by /revoke and /introspect: RFC 6749 JSON or the provider flavour the faults ask for.
    SandboxResponse renderError(const SandboxError &error, const SandboxRequest &request) const;

private:
    using Result = std::variant<nlohmann::json, SandboxError>;
    SandboxResponse process(const SandboxRequest &request);
    Result authorizationCode(const SandboxRequest &request, const SandboxClient &client);
    Result refreshToken(const SandboxRequest &request, const SandboxClient &client);
    Result clientCredentials(const SandboxRequest &request, const SandboxClient &client);

    SandboxContext &m_ctx;
};

} // namespace wb
