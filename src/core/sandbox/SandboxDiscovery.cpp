#include "sandbox/SandboxDiscovery.h"

namespace wb {

nlohmann::json SandboxDiscovery::metadata(const QString &issuer)
{
    const std::string base = issuer.toStdString();
    const auto authMethods = nlohmann::json::array({"client_secret_basic", "client_secret_post", "none"});
    return {
        {"issuer", base},
        {"authorization_endpoint", base + "/authorize"},
        {"token_endpoint", base + "/token"},
        {"jwks_uri", base + "/jwks"},
        {"userinfo_endpoint", base + "/userinfo"},
        {"revocation_endpoint", base + "/revoke"},
        {"introspection_endpoint", base + "/introspect"},
        {"scopes_supported", {"openid", "profile", "email", "offline_access", "api.read", "api.write"}},
        {"response_types_supported", {"code"}},
        {"response_modes_supported", {"query", "fragment", "form_post"}},
        {"grant_types_supported", {"authorization_code", "refresh_token", "client_credentials"}},
        {"subject_types_supported", {"public"}},
        {"id_token_signing_alg_values_supported", {"RS256", "ES256"}},
        {"token_endpoint_auth_methods_supported", authMethods},
        {"revocation_endpoint_auth_methods_supported", authMethods},
        {"introspection_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"}},
        {"code_challenge_methods_supported", {"S256", "plain"}},
        {"claims_supported",
         {"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "name", "preferred_username",
          "email", "email_verified"}},
        {"prompt_values_supported", {"none", "login", "consent"}},
        {"authorization_response_iss_parameter_supported", true},
        {"claims_parameter_supported", false},
        {"request_parameter_supported", false},
        {"request_uri_parameter_supported", false},
    };
}

} // namespace wb
