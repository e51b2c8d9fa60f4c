#pragma once
// SandboxProvider: one running sandbox without its sockets — the shared context and the routing
// from a parsed request to the endpoint that answers it. The server feeds it requests; tests may
// call it directly.

#include "sandbox/SandboxAuthorizeEndpoint.h"
#include "sandbox/SandboxContext.h"
#include "sandbox/SandboxResourceEndpoints.h"
#include "sandbox/SandboxTokenEndpoint.h"

namespace wb {

class SandboxProvider {
public:
    SandboxProvider(const SandboxConfig &config, const QString &issuer);
    SandboxProvider(const SandboxProvider &) = delete;
    SandboxProvider &operator=(const SandboxProvider &) = delete;

    // Generates the signing keys; false with a message if OpenSSL fails.
    bool init(QString *error = nullptr);

    SandboxResponse handle(const SandboxRequest &request);

    SandboxContext &context() { return m_ctx; }
    const SandboxContext &context() const { return m_ctx; }

private:
    SandboxResponse route(const SandboxRequest &request);

    SandboxContext m_ctx;
    SandboxAuthorizeEndpoint m_authorize;
    SandboxTokenEndpoint m_token;
    SandboxResourceEndpoints m_resources;
};

} // namespace wb
