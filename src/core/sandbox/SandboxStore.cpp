#include "sandbox/SandboxStore.h"

#include "jose/Base64Url.h"

#include <openssl/rand.h>

namespace wb {

namespace {

// Entries are kept this long after expiry so a late replay is still recognised as a replay.
constexpr qint64 kKeepAfterExpirySec = 3600;
constexpr size_t kMaxPending = 1000;
constexpr size_t kPurgeThreshold = 4096;

template <typename Map, typename Expiry> void purgeMap(Map &map, qint64 now, Expiry expiry)
{
    for (auto it = map.begin(); it != map.end();) {
        if (expiry(it->second) + kKeepAfterExpirySec < now)
            it = map.erase(it);
        else
            ++it;
    }
}

} // namespace

QByteArray sandboxRandomToken(const char *prefix, int bytes)
{
    QByteArray raw(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(raw.data()), bytes) != 1)
        qFatal("OpenSSL RAND_bytes failed; refusing to mint predictable tokens");
    return QByteArray(prefix) + jose::base64UrlEncode(raw);
}

QByteArray SandboxStore::addPending(const SandboxAuthorizeRequest &request, qint64 expiresAt)
{
    if (m_pending.size() >= kMaxPending) {
        // Evict the one closest to expiry: abandoned login pages must not grow without bound.
        auto oldest = m_pending.begin();
        for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
            if (it->second.expiresAt < oldest->second.expiresAt)
                oldest = it;
        }
        m_pending.erase(oldest);
    }
    const QByteArray id = sandboxRandomToken("", 24);
    m_pending[id] = Pending{request, expiresAt};
    return id;
}

std::optional<SandboxAuthorizeRequest> SandboxStore::pending(const QByteArray &id, qint64 now) const
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end() || it->second.expiresAt <= now)
        return std::nullopt;
    return it->second.request;
}

void SandboxStore::removePending(const QByteArray &id)
{
    m_pending.erase(id);
}

QByteArray SandboxStore::addCode(const SandboxAuthorizeRequest &request, const QString &subject,
                                 qint64 authTime, qint64 expiresAt)
{
    SandboxCode c;
    c.value = sandboxRandomToken("sbx_ac_");
    c.request = request;
    c.subject = subject;
    c.authTime = authTime;
    c.expiresAt = expiresAt;
    c.grantId = newGrantId();
    const QByteArray value = c.value;
    m_codes.emplace(value, std::move(c));
    return value;
}

SandboxCode *SandboxStore::code(const QByteArray &value)
{
    const auto it = m_codes.find(value);
    return it == m_codes.end() ? nullptr : &it->second;
}

QByteArray SandboxStore::newGrantId()
{
    return sandboxRandomToken("grant_", 12);
}

SandboxToken &SandboxStore::addToken(SandboxTokenKind kind, const QString &clientId, const QString &subject,
                                     const QString &scope, const QByteArray &grantId, qint64 issuedAt,
                                     qint64 expiresAt, qint64 authTime)
{
    SandboxToken t;
    t.value = sandboxRandomToken(kind == SandboxTokenKind::Access ? "sbx_at_" : "sbx_rt_");
    t.kind = kind;
    t.clientId = clientId;
    t.subject = subject;
    t.scope = scope;
    t.grantId = grantId;
    t.issuedAt = issuedAt;
    t.expiresAt = expiresAt;
    t.authTime = authTime;
    const QByteArray value = t.value;
    return m_tokens.emplace(value, std::move(t)).first->second;
}

SandboxToken *SandboxStore::token(const QByteArray &value)
{
    const auto it = m_tokens.find(value);
    return it == m_tokens.end() ? nullptr : &it->second;
}

void SandboxStore::revokeGrant(const QByteArray &grantId)
{
    if (grantId.isEmpty())
        return;
    m_revokedGrants.insert(grantId);
    for (auto &[value, t] : m_tokens) {
        if (t.grantId == grantId)
            t.revoked = true;
    }
}

bool SandboxStore::isActive(const SandboxToken &token, qint64 now) const
{
    return !token.revoked && !isGrantRevoked(token.grantId) && now < token.expiresAt;
}

void SandboxStore::purge(qint64 now)
{
    if (m_codes.size() + m_tokens.size() < kPurgeThreshold)
        return;
    purgeMap(m_codes, now, [](const SandboxCode &c) { return c.expiresAt; });
    purgeMap(m_tokens, now, [](const SandboxToken &t) { return t.expiresAt; });
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        it = it->second.expiresAt < now ? m_pending.erase(it) : std::next(it);
    }
    QSet<QByteArray> live;
    for (const auto &[value, c] : m_codes)
        live.insert(c.grantId);
    for (const auto &[value, t] : m_tokens)
        live.insert(t.grantId);
    m_revokedGrants.intersect(live);
}

} // namespace wb
