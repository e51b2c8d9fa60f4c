#pragma once
// CallbackParams: the parameters a redirect carried to the loopback listener, from the query
// (response_mode=query), a form body (form_post) or a fragment posted back by our helper page.

#include "http/Exchange.h"
#include "store/Profile.h"

namespace wb {

struct CallbackParams {
    ParamList all;  // every parameter, in order, decoded
    QString source; // "query" | "form_post" | "fragment"
    bool hasCode = false, hasState = false, hasIss = false, hasError = false;
    QString code, state, iss, error, errorDescription, errorUri;
};

// Parses an application/x-www-form-urlencoded string ("a=b&c=d"); '+' means space; malformed
// percent escapes are kept literally. Never fails.
ParamList parseFormUrlEncoded(QByteArrayView data);
// Encodes pairs as application/x-www-form-urlencoded (space as '+', RFC 6749 appendix B).
QByteArray encodeFormUrlEncoded(const ParamList &params);

// Extracts callback parameters from a request the listener received: the query of `target`
// (origin-form, e.g. "/callback?code=..."), or for POST with a form content type, the body.
// A body field "wb_fragment" (set by the fragment recovery page) is parsed as the fragment.
CallbackParams parseCallbackRequest(const QString &method, QByteArrayView target, const HttpHeaders &headers,
                                    QByteArrayView body);

} // namespace wb
