#pragma once
// The sandbox's token-management endpoints: /revoke (RFC 7009), /introspect (RFC 7662) and
// /userinfo (OIDC Core 5.3, Bearer per RFC 6750).

#include "sandbox/SandboxContext.h"
#include "sandbox/SandboxHttp.h"

namespace wb {

class SandboxTokenEndpoint;

class SandboxResourceEndpoints {
public:
    SandboxResourceEndpoints(SandboxContext &context, const SandboxTokenEndpoint &tokenEndpoint)
        : m_ctx(context), m_token(tokenEndpoint)
    {
    }

    SandboxResponse revoke(const SandboxRequest &request);
    SandboxResponse introspect(const SandboxRequest &request);
    SandboxResponse userinfo(const SandboxRequest &request);

private:
    // Method, content type and client authentication shared by revoke and introspect; returns
    // an error response, or nothing when the request may proceed.
    std::optional<SandboxResponse> checkClientRequest(const SandboxRequest &request, QString *clientId);

    SandboxContext &m_ctx;
    const SandboxTokenEndpoint &m_token;
};

} // namespace wb
