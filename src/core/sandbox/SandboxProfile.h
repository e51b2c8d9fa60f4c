#pragma once
// The ready-made "Sandbox" profile: what the flow or the GUI needs to run a full login against a
// running SandboxServer with one of its registered clients.

#include "store/Profile.h"

namespace wb {

// Profile for `clientId` (sandbox-public by default) at `issuer`: endpoints from discovery, the
// matching auth method and secret, PKCE S256, scope "openid profile email offline_access",
// redirect http://127.0.0.1:<ephemeral>/callback.
Profile sandboxProfile(const QString &issuer, const QString &clientId = QStringLiteral("sandbox-public"));

} // namespace wb
