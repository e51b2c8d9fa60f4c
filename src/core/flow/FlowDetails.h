#pragma once
// FlowDetails: builds the `details` JSON of each step (parameter tables, PKCE derivation,
// callback checks, decoded ID token) so the GUI, CLI and reports show the same evidence.

#include "http/Exchange.h"
#include "oauth/AuthorizationRequest.h"
#include "oauth/CallbackValidator.h"
#include "oauth/Discovery.h"
#include "oauth/Error.h"
#include "oauth/IdTokenValidator.h"
#include "oauth/JwksCache.h"
#include "oauth/TokenSet.h"

#include <nlohmann/json.hpp>
#include <optional>

namespace wb::flowdetails {

nlohmann::json stringArray(const QStringList &l);
nlohmann::json params(const ParamList &p); // [{"name":..,"value":..}]
QString names(const ParamList &p);         // "a, b"
nlohmann::json metadataSummary(const ProviderMetadata &m);
nlohmann::json authorizationRequest(const AuthorizationRequest &req, const std::optional<PkcePair> &pkce,
                                    const QString &state, const QString &nonce, const QString &listenAddress);
nlohmann::json callback(const CallbackParams &params, const CallbackResult &result);
// Decodes the ID token for display and, when `expectedNonce` is given, checks its nonce against
// the one sent (OIDC Core 3.1.3.7): a mismatch or a missing nonce sets `error` (Validation
// nonce_mismatch). The flow passes no nonce here: validateIdToken() checks it with the rest.
nlohmann::json idToken(const QString &token, const QString &expectedNonce, Error *error);
QString tokenSummary(const TokenSet &t); // "access_token, refresh_token, id_token; expires in 3600 s"

// Compares the server's Date header with the local time the response arrived; beyond the leeway
// it adds a warning with the measured offset (expiry and iat checks break under such skew).
// Returns {"server_date", "local_time", "offset_seconds", "leeway_seconds"}, or null without a
// usable Date.
nlohmann::json clockCheck(const Exchange &x, const QDateTime &receivedAt, QStringList *warnings,
                          qint64 leewaySeconds = 60);

// The JWKS step: {"jwks_uri", "keys": ["RSA kid=.. alg=..", ...], "notes", "fetches", "refetched"}.
nlohmann::json jwks(const QString &uri, const JwksCache &cache, bool refetched);
// The ID token validation step: {"alg", "kid", "header", "claims", "checks": [rows],
// "leeway_seconds", "clock": {"iat_offset_seconds"}}.
nlohmann::json idTokenValidation(const IdTokenValidation &v, qint64 leewaySeconds);
// "11 checks: 9 pass, 2 skipped; signed by kid abc" / the failed check's name.
QString validationSummary(const IdTokenValidation &v);

// Warns when offline_access was requested but no refresh_token came back, with the usual causes.
void refreshTokenCheck(const QString &requestedScope, const TokenSet &tokens, QStringList *warnings);

} // namespace wb::flowdetails
