// libFuzzer target: token endpoint answers (oauth/TokenResponse) — JSON, form-encoded (GitHub
// style), HTML, text — under a status and content type chosen by the first two bytes.
#include "FuzzInput.h"
#include "oauth/TokenResponse.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int kStatuses[] = {200, 201, 204, 302, 400, 401, 403, 429, 500, 503, 0, 999};
    static const char *const kTypes[] = {"application/json",
                                         "application/json; charset=utf-8",
                                         "application/x-www-form-urlencoded",
                                         "text/html; charset=UTF-8",
                                         "text/plain",
                                         "",
                                         "application/jwt",
                                         "application/problem+json"};
    wbfuzz::FuzzInput in(data, size);
    const int status = kStatuses[in.takeByte() % std::size(kStatuses)];
    const char *type = kTypes[in.takeByte() % std::size(kTypes)];
    wb::HttpHeaders headers;
    if (*type)
        headers.append(wb::HttpHeader{"Content-Type", type});
    const QDateTime at = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    const wb::TokenResponse r = wb::parseTokenResponse(status, headers, in.restCopy(), at);
    // Success means an access token; anything else is a typed error.
    if (!r.error.isError() && r.tokens.accessToken.isEmpty())
        abort();
    r.members.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); // displayable
    return 0;
}
