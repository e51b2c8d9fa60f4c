#include "flow/RefreshRequest.h"

#include "oauth/CallbackParams.h"
#include "oauth/ClientAuth.h"

namespace wb {

namespace {
BuiltTokenRequest finishForm(const QString &endpoint, ParamList form, ClientAuthMethod method,
                             const QString &clientId, const QString &secret, int timeoutMs)
{
    BuiltTokenRequest out;
    HttpHeaders headers;
    headers.append(HttpHeader{"Content-Type", "application/x-www-form-urlencoded"});
    headers.append(HttpHeader{"Accept", "application/json"});
    applyClientAuth(method, clientId, secret, headers, form);
    out.form = form;
    out.request.method = QStringLiteral("POST");
    out.request.url = QUrl(endpoint);
    out.request.headers = headers;
    out.request.body = encodeFormUrlEncoded(form);
    out.request.timeoutMs = timeoutMs;
    return out;
}
} // namespace

BuiltTokenRequest buildRefreshTokenRequest(const RefreshTokenGrant &grant)
{
    ParamList form;
    form.append({QStringLiteral("grant_type"), QStringLiteral("refresh_token")});
    form.append({QStringLiteral("refresh_token"), grant.refreshToken});
    if (!grant.options.scope.isEmpty())
        form.append({QStringLiteral("scope"), grant.options.scope});
    if (!grant.options.resource.isEmpty())
        form.append({QStringLiteral("resource"), grant.options.resource});
    if (!grant.options.audience.isEmpty())
        form.append({QStringLiteral("audience"), grant.options.audience});
    BuiltTokenRequest out = finishForm(grant.tokenEndpoint, form, grant.authMethod, grant.clientId,
                                       grant.clientSecret, grant.timeoutMs);
    out.request.maxResponseBytes = kTokenResponseLimitBytes; // a token response, as for the code exchange
    return out;
}

BuiltTokenRequest buildTokenManagementRequest(const QString &endpoint, const QString &token,
                                              const QString &tokenTypeHint, const Profile &profile)
{
    ParamList form;
    form.append({QStringLiteral("token"), token});
    if (!tokenTypeHint.isEmpty())
        form.append({QStringLiteral("token_type_hint"), tokenTypeHint});
    return finishForm(endpoint, form, profile.authMethod, profile.clientId, profile.clientSecret,
                      profile.httpTimeoutSeconds * 1000);
}

} // namespace wb
