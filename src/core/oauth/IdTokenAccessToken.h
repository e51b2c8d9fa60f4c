#pragma once
// Looks at the access token next to the ID token: a JWT access token (RFC 9068 typ at+jwt, or any
// JWS-shaped one) is decoded and checked (signature, iss, exp, aud when one was asked for) as
// information only; an opaque one is marked for introspection. Never fails a flow: an access
// token is meant for the resource server, not for the client.

#include "jose/JwsVerifier.h"
#include "oauth/IdTokenCheck.h"

#include <QDateTime>
#include <QStringList>
#include <optional>

namespace wb {

// What the access token is compared with: the issuer, the audience asked for, the clock.
struct AccessTokenExpectations {
    QString issuer;
    QString audience; // the audience/resource the client asked for; empty skips the aud check
    qint64 leewaySeconds = 60;
    QDateTime now;
    std::optional<jose::JwsVerification> signature; // nullopt: not verified (see the reason)
    QString signatureSkippedReason;
};

// The decoded access token and its informational checks (failures are warnings only).
struct AccessTokenInspection {
    bool jwt = false;     // false: opaque
    bool rfc9068 = false; // typ at+jwt
    nlohmann::json header = nlohmann::json::object();
    nlohmann::json claims = nlohmann::json::object();
    QList<TokenCheck> checks;
    QStringList warnings; // one per failed check; informational
};

// Whether the client should even try: three base64url parts with a JSON header.
bool accessTokenIsJwt(const QString &token);
AccessTokenInspection inspectAccessToken(const QString &token, const AccessTokenExpectations &expect);
// {"format":"jwt"|"opaque", "typ", "header", "claims", "checks", "note"}
nlohmann::json accessTokenDetails(const AccessTokenInspection &inspection);

} // namespace wb
