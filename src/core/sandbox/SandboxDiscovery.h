#pragma once
// The sandbox's server metadata (OIDC Discovery 1.0 and RFC 8414 share one document), advertising
// exactly what the sandbox implements, including RFC 9207 iss in authorization responses.

#include <QString>
#include <nlohmann/json.hpp>

namespace wb {

namespace SandboxDiscovery {
nlohmann::json metadata(const QString &issuer);
} // namespace SandboxDiscovery

} // namespace wb
