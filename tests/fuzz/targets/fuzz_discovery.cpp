// libFuzzer target: authorization server metadata documents (oauth/Discovery), checked against
// an issuer the first byte picks (with and without a path, trailing slash).
#include "FuzzInput.h"
#include "oauth/Discovery.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const kIssuers[] = {"https://idp.example.com", "https://idp.example.com/",
                                           "https://login.example.com/tenant/v2.0", "http://127.0.0.1:42555",
                                           ""};
    wbfuzz::FuzzInput in(data, size);
    const QString issuer = QString::fromLatin1(kIssuers[in.takeByte() % std::size(kIssuers)]);
    const wb::DiscoveryResult r = wb::parseDiscoveryDocument(in.restCopy(), issuer);
    r.metadata.raw.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    wb::discoveryUrls(r.metadata.issuer);
    return 0;
}
