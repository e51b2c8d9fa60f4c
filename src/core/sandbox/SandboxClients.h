#pragma once
// The sandbox's fixed client registrations (one public, two confidential), redirect URI matching
// with RFC 8252 loopback port flexibility, and client authentication at the back-channel
// endpoints (Basic per RFC 6749 2.3.1, POST body, or none for the public client).

#include "sandbox/SandboxError.h"
#include "sandbox/SandboxFaults.h"
#include "sandbox/SandboxHttp.h"
#include "store/Profile.h"

#include <QStringList>
#include <optional>

namespace wb {

// One registered client as the provider knows it.
struct SandboxClient {
    QString id;
    QString secret; // empty for the public client
    ClientAuthMethod authMethod = ClientAuthMethod::None;
    QStringList redirectUris;
    bool isPublic() const { return authMethod == ClientAuthMethod::None; }
};

// Outcome of client authentication: the client, or the error to answer with.
struct SandboxClientAuth {
    const SandboxClient *client = nullptr; // set on success
    std::optional<SandboxError> error;     // set on failure
};

namespace SandboxClients {

inline constexpr const char *kPublicClientId = "sandbox-public";
inline constexpr const char *kBasicClientId = "sandbox-basic";
inline constexpr const char *kPostClientId = "sandbox-post";
inline constexpr const char *kClientSecret = "sandbox-secret"; // published on purpose: it is a sandbox

const QList<SandboxClient> &all();
const SandboxClient *find(const QString &clientId);

// Registered redirect URIs as currently effective: redirect_uri_mismatch appends a slash.
QStringList registeredRedirectUris(const SandboxClient &client, const SandboxFaultSet &faults);
// Exact string match, except that a registered loopback URI without a port matches any port
// (RFC 8252 7.3); scheme, host spelling and path must be identical.
bool redirectUriMatches(const QString &registered, const QString &requested);
bool isRedirectUriAllowed(const SandboxClient &client, const QString &requested,
                          const SandboxFaultSet &faults);

// Authenticates the client of a back-channel request (form already parsed). Refuses more than one
// method, a method other than the registered one, unknown clients and wrong secrets; under the
// invalid_client fault every attempt fails like a wrong secret.
SandboxClientAuth authenticate(const SandboxRequest &request, const SandboxFaultSet &faults);

} // namespace SandboxClients

} // namespace wb
