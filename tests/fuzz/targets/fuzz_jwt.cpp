// libFuzzer target: JWT decoding for display (oauth/Jwt) and the base64url decoder under it.
#include "FuzzInput.h"
#include "jose/Base64Url.h"
#include "oauth/Jwt.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString token = QString::fromUtf8(wbfuzz::bytes(data, size));
    const wb::DecodedJwt jwt = wb::decodeJwt(token);
    if (jwt.ok != jwt.error.isEmpty())
        abort(); // either decoded or a reason why not
    if (jwt.ok && (!jwt.header.is_object() || !jwt.payload.is_object()))
        abort();
    wb::looksLikeJwt(token);
    jwt.payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return 0;
}
