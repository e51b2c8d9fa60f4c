#pragma once
// Step: one logical stage of a flow (discovery, authorization request, callback, token
// exchange...) with its status, timing, the exchanges it owns and its parsed results.

#include "oauth/Error.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>

namespace wb {

enum class StepKind {
    Discovery,
    AuthorizationRequest,
    Browser,     // launching the browser / following redirects
    RedirectHop, // one front-channel hop (follow mode)
    Callback,    // waiting for and validating the redirect
    TokenExchange,
    Refresh,
    Jwks, // fetching the issuer's signing keys
    IdTokenValidation,
    Revocation,    // RFC 7009
    Introspection, // RFC 7662
    Userinfo,
    RaceProbe, // N parallel refreshes with one refresh token
    Other,
};
enum class StepStatus { Running, Succeeded, Warning, Failed, Cancelled, Skipped };

QString toString(StepKind k);
QString toString(StepStatus s);
StepKind stepKindFromString(const QString &s);
StepStatus stepStatusFromString(const QString &s);

struct Step {
    QString id; // "s1", "s2"... unique within a session
    StepKind kind = StepKind::Other;
    QString title; // "Token exchange"
    StepStatus status = StepStatus::Running;
    QString summary; // one line: "200 OK, access + refresh + id token"
    QDateTime startedAt;
    qint64 durationMs = 0;
    QStringList exchangeIds;
    // Parsed results for display and reports, e.g. the authorization request's parameter
    // table and PKCE derivation, the callback parameters, the token response members.
    nlohmann::json details = nlohmann::json::object();
    QStringList warnings; // non-fatal observations (e.g. issuer differs, iss absent)
    Error error;
};

} // namespace wb
