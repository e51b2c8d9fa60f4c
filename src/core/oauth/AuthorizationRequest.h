#pragma once
// Builds the authorization request URL (RFC 6749 4.1.1 + PKCE + OIDC nonce) and keeps the
// parameter table exactly as encoded into the URL.

#include "oauth/Pkce.h"
#include "store/Profile.h"

#include <QUrl>
#include <optional>

namespace wb {

struct AuthorizationRequestInput {
    QString endpoint; // may already carry a query (e.g. ?p=policy); it is kept
    QString clientId;
    QString redirectUri;
    QString scope;
    QString state;
    QString nonce;                                   // empty = not sent
    std::optional<PkcePair> pkce;                    // nullopt = PKCE off
    ResponseMode responseMode = ResponseMode::Query; // query: no response_mode param sent
    ParamList extraParams; // appended in order; the first one named like a standard or endpoint
                           // param replaces it in place; repeated extras (resource) are all kept
};

struct AuthorizationRequest {
    QUrl url;         // the exact URL handed to the browser
    ParamList params; // all query parameters of url, in order, decoded
};

// Percent-encodes with RFC 3986 unreserved characters left as is (space -> %20). Empty
// redirectUri, scope and state are not sent; response_type and client_id always are.
AuthorizationRequest buildAuthorizationRequest(const AuthorizationRequestInput &in);

} // namespace wb
