#include "oauth/TokenRequest.h"

#include "oauth/CallbackParams.h"
#include "oauth/ClientAuth.h"

namespace wb {

void setParam(ParamList &params, const QString &name, const QString &value)
{
    bool found = false;
    for (auto it = params.begin(); it != params.end();) {
        if (it->first == name) {
            if (found) {
                it = params.erase(it);
                continue;
            }
            it->second = value;
            found = true;
        }
        ++it;
    }
    if (!found)
        params.append({name, value});
}

BuiltTokenRequest buildAuthorizationCodeRequest(const AuthorizationCodeGrant &grant)
{
    BuiltTokenRequest out;
    ParamList &form = out.form;
    form.append({QStringLiteral("grant_type"), QStringLiteral("authorization_code")});
    form.append({QStringLiteral("code"), grant.code});
    form.append({QStringLiteral("redirect_uri"), grant.redirectUri});
    if (!grant.codeVerifier.isEmpty())
        form.append({QStringLiteral("code_verifier"), grant.codeVerifier});

    HttpHeaders headers;
    headers.append(HttpHeader{"Content-Type", "application/x-www-form-urlencoded"});
    headers.append(HttpHeader{"Accept", "application/json"});
    applyClientAuth(grant.authMethod, grant.clientId, grant.clientSecret, headers, form);
    for (const auto &[name, value] : grant.overrides)
        setParam(form, name, value);

    out.request.method = QStringLiteral("POST");
    out.request.url = QUrl(grant.tokenEndpoint);
    out.request.headers = headers;
    out.request.body = encodeFormUrlEncoded(form);
    out.request.timeoutMs = grant.timeoutMs;
    out.request.maxResponseBytes = kTokenResponseLimitBytes;
    return out;
}

} // namespace wb
