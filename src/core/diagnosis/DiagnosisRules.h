#pragma once
// DiagnosisRules: the rule groups Diagnosis runs, one file per area. Each reads the context and
// appends findings; none performs I/O.

#include "diagnosis/DiagnosisContext.h"

namespace wb::rules {

// Authorization request, browser and callback: error callbacks, state, iss, error pages,
// callback_never_arrived.
void authorization(const DiagnosisContext &ctx, QList<Finding> &out);
// OAuth errors from the token endpoint (code exchange and refresh), normalized first.
void tokenEndpointErrors(const DiagnosisContext &ctx, QList<Finding> &out);
// Transport and body format: timeouts, TLS, HTML, invalid JSON, form-encoded answers.
void transport(const DiagnosisContext &ctx, QList<Finding> &out);
// What was received: refresh token, expiry, nonce, access token shape, PKCE support.
void tokens(const DiagnosisContext &ctx, QList<Finding> &out);
// Clock differences between this machine and the server.
void clock(const DiagnosisContext &ctx, QList<Finding> &out);

// invalid_grant: names the cause from the evidence (requests compared, timing) and the
// server's description. Used by tokenEndpointErrors.
Finding invalidGrant(const DiagnosisContext &ctx, const Step &step, const Exchange *x,
                     const NormalizedError &n, bool *fromEvidence);
// invalid_client: hints from the request as sent and the server's advertised methods.
void addClientAuthHints(const DiagnosisContext &ctx, const Step &step, const Exchange *x, Finding &f);
// redirect_uri_mismatch: evidence with the exact difference when the registered URI is known.
void addRedirectUriEvidence(const DiagnosisContext &ctx, const QString &sent, Finding &f);
// The OAuth error fields as evidence.
void addErrorEvidence(const NormalizedError &n, Finding &f);

} // namespace wb::rules
