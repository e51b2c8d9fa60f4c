#pragma once
// Authorization server metadata: OpenID Connect Discovery 1.0 and RFC 8414.

#include "oauth/Error.h"

#include <QStringList>
#include <nlohmann/json.hpp>

namespace wb {

struct ProviderMetadata {
    QString issuer;
    QString authorizationEndpoint, tokenEndpoint, userinfoEndpoint, jwksUri;
    QString revocationEndpoint, introspectionEndpoint, endSessionEndpoint;
    QStringList codeChallengeMethods, tokenEndpointAuthMethods, responseModes, responseTypes, scopes,
        grantTypes;
    bool issParameterSupported = false; // authorization_response_iss_parameter_supported
    nlohmann::json raw = nlohmann::json::object();
};

// Candidate metadata URLs for an issuer, in the order to try: OIDC
// ({issuer}/.well-known/openid-configuration), then RFC 8414 (path inserted after the host).
QStringList discoveryUrls(const QString &issuer);

struct DiscoveryResult {
    ProviderMetadata metadata;
    Error error;          // Parse: invalid_json, empty_body, json_not_object; Validation
                          // metadata_incomplete when both endpoints are missing (one: warning)
    QStringList warnings; // e.g. issuer in the document differs from the one asked for
};

// Parses a metadata document. An issuer differing from `requestedIssuer` (ignoring nothing but
// a missing/extra trailing slash, which is itself reported) is a warning with both values.
DiscoveryResult parseDiscoveryDocument(const QByteArray &body, const QString &requestedIssuer);

} // namespace wb
