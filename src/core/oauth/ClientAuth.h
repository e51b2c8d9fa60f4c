#pragma once
// Client authentication at the token endpoint (RFC 6749 2.3.1): none, Basic (form-urlencoded
// id and secret before Base64, or a raw variant for servers that don't decode), or POST body.

#include "http/Exchange.h"
#include "store/Profile.h"

namespace wb {

// "Basic " + base64(urlencode(id) ":" urlencode(secret)); raw skips the urlencoding.
QByteArray basicAuthorizationValue(const QString &clientId, const QString &secret, bool raw);

// Adds credentials to a token request: Authorization header for Basic, client_id and
// client_secret form fields for post, only client_id for none (never an empty secret).
// Credentials never go in both places.
void applyClientAuth(ClientAuthMethod method, const QString &clientId, const QString &secret,
                     HttpHeaders &headers, ParamList &form);

} // namespace wb
