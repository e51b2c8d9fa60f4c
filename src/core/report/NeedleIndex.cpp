#include "report/NeedleIndex.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace wb {

namespace {
constexpr qsizetype kLong = 15; // from here every occurrence covers an aligned 8-byte block

template <typename Key> Key load(const char *p)
{
    Key k;
    std::memcpy(&k, p, sizeof k);
    return k;
}

// The pair of bytes at p: bit 0 set when it ends a short needle, bit 1 when it is a short
// needle's pair before its last byte.
unsigned pairBits(const std::vector<quint64> &pairs, const char *p)
{
    const auto pair = load<quint16>(p);
    return unsigned(pairs[pair >> 5] >> ((pair & 31) * 2)) & 3;
}
void setPairBit(std::vector<quint64> &pairs, const char *p, unsigned bit)
{
    const auto pair = load<quint16>(p);
    pairs[pair >> 5] |= quint64(bit) << ((pair & 31) * 2);
}

// The three bytes before `end`, hashed to 16 bits.
quint32 tripleSlot(const char *end)
{
    const quint32 t = quint32(uchar(end[-3])) | quint32(uchar(end[-2])) << 8 | quint32(uchar(end[-1])) << 16;
    return (t * 0x9E3779B1u) >> 16;
}
bool testTriple(const std::vector<quint64> &triples, const char *end)
{
    const quint32 s = tripleSlot(end);
    return (triples[s >> 6] >> (s & 63)) & 1;
}
} // namespace

void NeedleIndex::Filter::size(std::size_t entries, int bitsPerEntry, int maxLog2)
{
    // At least 4 Kibit (512 bytes), so that a few needles' filter stays in the fastest cache.
    const int log2 = std::clamp(int(std::bit_width(entries * std::size_t(bitsPerEntry))), 12, maxLog2);
    bits.assign(std::size_t(1) << (log2 - 6), 0);
    shift = 64 - log2;
}

void NeedleIndex::Filter::set(quint64 key)
{
    const quint64 s = slot(key);
    bits[s >> 6] |= quint64(1) << (s & 63);
}

NeedleIndex::NeedleIndex(const QList<QByteArray> &needles) : m_needles(needles)
{
    std::size_t blocks = 0, tails8 = 0, tails4 = 0;
    for (const QByteArray &raw : needles) {
        if (raw.size() >= kLong)
            blocks += 8;
        else if (raw.size() >= 8)
            ++tails8;
        else if (raw.size() >= 4)
            ++tails4;
    }
    // Tails are probed at every byte: few false hits matter more there than the filter's size
    // (each false hit is a hash lookup); blocks are probed 8 times less often.
    m_blockFilter.size(blocks, 16, 23);
    m_filter8.size(tails8, 128, 20);
    m_filter4.size(tails4, 128, 20);
    if (tails8 + tails4 > 0) {
        m_pairs.assign((std::size_t(1) << 16) * 2 / 64, 0);
        m_lastTriples.assign((std::size_t(1) << 16) / 64, 0);
    }
    for (int i = 0; i < needles.size(); ++i) {
        const QByteArray &raw = needles[i];
        const char *d = raw.constData();
        if (raw.size() >= 4 && raw.size() < kLong) {
            setPairBit(m_pairs, d + raw.size() - 2, 1);
            setPairBit(m_pairs, d + raw.size() - 3, 2);
            const quint32 triple = tripleSlot(d + raw.size());
            m_lastTriples[triple >> 6] |= quint64(1) << (triple & 63);
        }
        if (raw.size() >= kLong) {
            for (int o = 0; o < 8; ++o) {
                const auto key = load<quint64>(d + o);
                m_blockFilter.set(key);
                m_byBlock[key].append({i, o});
            }
        } else if (raw.size() >= 8) {
            const auto key = load<quint64>(d + raw.size() - 8);
            m_filter8.set(key);
            m_byTail8[key].append(i);
        } else if (raw.size() >= 4) {
            const auto key = load<quint32>(d + raw.size() - 4);
            m_filter4.set(key);
            m_byTail4[key].append(i);
        }
    }
}

// An occurrence of a long needle at s covers the aligned block at s + o, o = (-s) mod 8 < 8,
// which was indexed as the needle's block at offset o.
void NeedleIndex::findLong(const char *d, qsizetype n, std::vector<int> &found) const
{
    for (qsizetype p = 0; p + 8 <= n; p += 8) {
        const auto key = load<quint64>(d + p);
        if (!m_blockFilter.test(key))
            continue;
        const auto it = m_byBlock.constFind(key);
        if (it == m_byBlock.cend())
            continue;
        for (const BlockHit &hit : *it) {
            const QByteArray &raw = m_needles[hit.needle];
            const qsizetype start = p - hit.offset;
            if (start >= 0 && start + raw.size() <= n &&
                std::memcmp(d + start, raw.constData(), raw.size()) == 0)
                found.push_back(hit.needle);
        }
    }
}

template <typename Key>
void NeedleIndex::findByTail(const char *d, qsizetype end, const QHash<Key, QList<int>> &byTail,
                             const Filter &filter, std::vector<int> &found) const
{
    const auto key = load<Key>(d + end - qsizetype(sizeof(Key)));
    if (!filter.test(key))
        return;
    const auto it = byTail.constFind(key);
    if (it == byTail.cend())
        return;
    for (int k : *it) {
        const QByteArray &raw = m_needles[k];
        if (raw.size() <= end && std::memcmp(d + end - raw.size(), raw.constData(), raw.size()) == 0)
            found.push_back(k);
    }
}

// A short needle may end at `end` when its last two bytes end one and its last three hash like
// one's; then the 8- and 4-byte tails.
void NeedleIndex::findShortEndingAt(const char *d, qsizetype end, std::vector<int> &found) const
{
    if (!(pairBits(m_pairs, d + end - 2) & 1) || !testTriple(m_lastTriples, d + end))
        return;
    if (end >= 8 && !m_byTail8.isEmpty())
        findByTail(d, end, m_byTail8, m_filter8, found);
    if (!m_byTail4.isEmpty())
        findByTail(d, end, m_byTail4, m_filter4, found);
}

// Every other position only: a short needle (4 bytes or more) ending at e has its last pair end
// at e or its pair before that end at e - 1, and one of the two is even.
void NeedleIndex::findShort(const char *d, qsizetype n, std::vector<int> &found) const
{
    if (m_pairs.empty())
        return;
    for (qsizetype q = 4; q <= n; q += 2) {
        const unsigned bits = pairBits(m_pairs, d + q - 2);
        if (!bits)
            continue;
        if (bits & 1)
            findShortEndingAt(d, q, found);
        if ((bits & 2) && q + 1 <= n)
            findShortEndingAt(d, q + 1, found);
    }
}

std::vector<int> NeedleIndex::find(QByteArrayView text) const
{
    std::vector<int> found;
    const char *d = text.data();
    const qsizetype n = text.size();
    if (!m_byBlock.isEmpty())
        findLong(d, n, found);
    findShort(d, n, found);
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
}

} // namespace wb
