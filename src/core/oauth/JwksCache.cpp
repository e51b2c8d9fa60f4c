#include "oauth/JwksCache.h"

namespace wb {

JwksCache::JwksCache(Fetch fetch) : m_fetch(std::move(fetch)) {}

void JwksCache::fetchThen(std::function<void(const Fetched &)> next)
{
    ++m_fetches;
    m_fetch([this, next = std::move(next)](const Fetched &f) {
        if (f.ok) {
            m_set = f.set;
            m_loaded = true;
        }
        next(f);
    });
}

void JwksCache::attempt(const std::shared_ptr<Result> &result, const QByteArray &compact, const Done &done,
                        bool mayRefetch)
{
    result->verification = jose::JwsVerifier::verify(compact, nlohmann::json{{"keys", m_set.keys}});
    if (!result->verification.keyNotFound() || !mayRefetch || m_refetchUsed) {
        done(*result);
        return;
    }
    // Unknown kid: the provider may have rotated its keys since the set was fetched.
    m_refetchUsed = true;
    result->refetched = true;
    ++result->fetchesThisCall;
    fetchThen([this, result, compact, done](const Fetched &f) {
        if (!f.ok) {
            // Keep the verdict against the set in hand; say the refetch failed.
            result->fetchError = f.error;
            done(*result);
            return;
        }
        attempt(result, compact, done, false);
    });
}

void JwksCache::verify(const QByteArray &compact, Done done)
{
    auto result = std::make_shared<Result>();
    if (m_loaded) {
        attempt(result, compact, done, true);
        return;
    }
    ++result->fetchesThisCall;
    fetchThen([this, result, compact, done](const Fetched &f) {
        if (!f.ok) {
            result->fetchFailed = true;
            result->fetchError = f.error;
            result->verification.error = QStringLiteral("no JWK Set: %1").arg(f.error);
            done(*result);
            return;
        }
        attempt(result, compact, done, true);
    });
}

} // namespace wb
