#include "sandbox/SandboxFaults.h"

namespace wb {

const QList<SandboxFaultInfo> &sandboxFaultTable()
{
    using F = SandboxFault;
    static const QList<SandboxFaultInfo> table = {
        {F::DenyConsent, "deny_consent", "The user denies consent: the callback carries error=access_denied.",
         "authorize"},
        {F::InvalidClient, "invalid_client",
         "Client authentication fails: 401 invalid_client, even with the right secret.",
         "token, revoke, introspect"},
        {F::RedirectUriMismatch, "redirect_uri_mismatch",
         "The registered redirect URI has a trailing slash, so the one sent does not match.",
         "authorize, token"},
        {F::ExpiredCode, "expired_code",
         "The authorization code has expired when it is exchanged: invalid_grant.", "token"},
        {F::CodeReplay, "code_replay",
         "The code was already redeemed: invalid_grant, and tokens issued for it are revoked.", "token"},
        {F::PkceMismatch, "pkce_mismatch",
         "The code_verifier does not match the code_challenge: invalid_grant.", "token"},
        {F::MissingRefreshToken, "missing_refresh_token",
         "The code exchange answers without a refresh_token.", "token"},
        {F::RefreshRotationReuse, "refresh_rotation_reuse",
         "The refresh token was already rotated by another client: reuse is detected and the family revoked.",
         "token"},
        {F::RefreshExpired, "refresh_expired", "The refresh token has expired: invalid_grant.", "token"},
        {F::ClockSkew, "clock_skew",
         "The server clock runs 10 minutes ahead: Date header, iat, exp, auth_time.",
         "all responses, ID token"},
        {F::SlowToken, "slow_token", "The token endpoint answers only after a delay (5 s by default).",
         "token"},
        {F::ServerError, "server_error", "The token endpoint is overloaded: 503 with Retry-After.", "token"},
        {F::HtmlErrorPage, "html_error_page",
         "A proxy in front of the token endpoint answers 502 with an HTML page.", "token"},
        {F::Nonstandard200Error, "nonstandard_200_error",
         "Slack style: HTTP 200 with {\"ok\":false,\"error\":\"invalid_code\"}.", "token"},
        {F::FormEncodedResponse, "form_encoded_response",
         "GitHub style: token answers as application/x-www-form-urlencoded, errors with status 200.",
         "token"},
        {F::WrongIss, "wrong_iss", "The iss in the authorization response is not the issuer from discovery.",
         "authorize"},
        {F::BadIdTokenSignature, "bad_id_token_signature",
         "The ID token is signed with a key that is not in the JWKS (same kid).", "token"},
        {F::StateTamper, "state_tamper", "The callback carries a different state than the one sent.",
         "authorize"},
        {F::AadstsErrors, "aadsts_errors",
         "Entra ID style errors (AADSTS codes, trace_id, correlation_id); code and refresh grants fail with "
         "AADSTS70008.",
         "token, authorize"},
    };
    return table;
}

QString toString(SandboxFault fault)
{
    for (const auto &info : sandboxFaultTable()) {
        if (info.fault == fault)
            return info.name;
    }
    return {};
}

std::optional<SandboxFault> sandboxFaultFromName(const QString &name)
{
    for (const auto &info : sandboxFaultTable()) {
        if (info.name == name)
            return info.fault;
    }
    return std::nullopt;
}

SandboxFaultSet::SandboxFaultSet(std::initializer_list<SandboxFault> faults)
{
    for (SandboxFault f : faults)
        insert(f);
}

QList<SandboxFault> SandboxFaultSet::toList() const
{
    QList<SandboxFault> out;
    for (const auto &info : sandboxFaultTable()) {
        if (contains(info.fault))
            out.append(info.fault);
    }
    return out;
}

QStringList SandboxFaultSet::names() const
{
    QStringList out;
    for (SandboxFault f : toList())
        out.append(toString(f));
    return out;
}

SandboxFaultSet SandboxFaultSet::fromNames(const QStringList &names, QStringList *unknown)
{
    SandboxFaultSet set;
    for (const QString &name : names) {
        if (auto f = sandboxFaultFromName(name.trimmed()))
            set.insert(*f);
        else if (unknown)
            unknown->append(name);
    }
    return set;
}

} // namespace wb
