#include "sandbox/SandboxProfile.h"

#include "sandbox/SandboxClients.h"

namespace wb {

Profile sandboxProfile(const QString &issuer, const QString &clientId)
{
    Profile p;
    p.name = QStringLiteral("Sandbox");
    p.issuer = issuer;
    p.clientId = clientId;
    const SandboxClient *client = SandboxClients::find(clientId);
    p.authMethod = client ? client->authMethod : ClientAuthMethod::None;
    if (client && !client->isPublic())
        p.clientSecret = client->secret;
    p.scope = QStringLiteral("openid profile email offline_access");
    p.redirectHost = QStringLiteral("127.0.0.1");
    p.redirectPort = 0;
    p.redirectPath = QStringLiteral("/callback");
    p.pkce = PkceMethod::S256;
    return p;
}

} // namespace wb
