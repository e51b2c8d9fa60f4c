#pragma once
// ErrorNormalizer: turns what a server reported (standard OAuth errors, Slack's {"ok":false}
// with 200, GitHub's form-encoded errors with 200, Okta's errorCode/errorSummary, Entra's
// AADSTS codes) into one view the rules read. The raw exchange stays as it was.

#include "flow/Step.h"
#include "http/Exchange.h"

#include <QString>
#include <QStringList>

namespace wb {

struct NormalizedError {
    bool present = false;
    QString error;             // OAuth error or the provider's code (e.g. invalid_grant, E0000011)
    QString description;       // error_description / errorSummary
    QString uri;               // error_uri / errorLink
    int httpStatus = 0;        // 0 for front-channel errors
    QString encoding;          // standard | error_with_200 | form | okta_error_code
    QStringList providerCodes; // e.g. "AADSTS70008" from error_codes or the description
    QString traceId, correlationId;
    QString stepId, exchangeId; // where it was seen
};

// The error a failed step reports, normalized. `x` is the step's last exchange with a response
// (may be null); its body fills in what the step's parsed error does not carry (Okta shape).
NormalizedError normalizeError(const Step &step, const Exchange *x);

// AADSTS numbers found in a description or an error_codes array, as "AADSTS<n>", in order.
QStringList aadstsCodes(const QString &description, const nlohmann::json &errorCodes);

} // namespace wb
