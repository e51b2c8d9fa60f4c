#pragma once
// JwksCache: one issuer's JWK Set, fetched on first use through an injected fetch function, and
// the verification of tokens against it. When a token names a key the set does not have, the set
// is refetched once (the provider may have rotated keys since it was fetched), never more per
// cache, so a bad kid cannot make the workbench hammer jwks_uri.

#include "jose/Jwk.h"
#include "jose/JwsVerifier.h"

#include <functional>
#include <memory>

namespace wb {

class JwksCache {
public:
    // One fetch of jwks_uri: the parsed set, or why it could not be had.
    struct Fetched {
        bool ok = false;
        jose::JwkSet set;
        QString error; // transport / HTTP / parse problem, when !ok
    };
    using FetchDone = std::function<void(const Fetched &)>;
    using Fetch = std::function<void(const FetchDone &)>;

    // The outcome of one verify() call.
    struct Result {
        jose::JwsVerification verification;
        bool fetchFailed = false; // no usable JWK Set: `fetchError` says why
        QString fetchError;
        int fetchesThisCall = 0;
        bool refetched = false; // the kid was unknown and the set was fetched again
    };
    using Done = std::function<void(const Result &)>;

    explicit JwksCache(Fetch fetch);

    // Verifies `compact`, fetching the set first if needed; `done` runs once, possibly
    // synchronously if the fetch function is synchronous.
    void verify(const QByteArray &compact, Done done);

    bool isLoaded() const { return m_loaded; }
    const jose::JwkSet &keySet() const { return m_set; }
    int fetchCount() const { return m_fetches; }

private:
    void fetchThen(std::function<void(const Fetched &)> next);
    void attempt(const std::shared_ptr<Result> &result, const QByteArray &compact, const Done &done,
                 bool mayRefetch);

    Fetch m_fetch;
    jose::JwkSet m_set;
    bool m_loaded = false;
    bool m_refetchUsed = false;
    int m_fetches = 0;
};

} // namespace wb
