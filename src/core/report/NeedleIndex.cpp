#include "report/NeedleIndex.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace wb {

namespace {
constexpr qsizetype kLong = 15;
static_assert(
    kLong <=
    16); // short needles fit ShortNeedle::bytes // from here every occurrence covers an aligned 8-byte block

// The largest stride S (8, 16 or 32) at which every occurrence of a needle of `shortest` bytes
// or more covers an 8-byte window starting at a multiple of S: S + 7 <= shortest. Fewer probes
// per byte, S windows indexed per needle.
qsizetype strideFor(qsizetype shortest)
{
    return shortest >= 32 + 7 ? 32 : shortest >= 16 + 7 ? 16 : 8;
}

template <typename Key> Key load(const char *p)
{
    Key k;
    std::memcpy(&k, p, sizeof k);
    return k;
}

// The pair of bytes at p, as an index into the pair table.
quint16 pairAt(const char *p)
{
    return load<quint16>(p);
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

NeedleIndex::ShortNeedle NeedleIndex::shortNeedle(int index, const QByteArray &raw)
{
    ShortNeedle n{index, int(raw.size()), {}};
    std::memcpy(n.bytes, raw.constData(), std::size_t(raw.size())); // under kLong bytes
    return n;
}

void NeedleIndex::Filter::size(std::size_t entries, int bitsPerEntry, int maxLog2, bool twoBits)
{
    second = twoBits ? 63 : 0;
    // At least 4 Kibit (512 bytes), so that a few needles' filter stays in the fastest cache.
    const int log2 = std::clamp(int(std::bit_width(entries * std::size_t(bitsPerEntry))), 12, maxLog2);
    words.assign(std::size_t(1) << (log2 - 6), 0);
    shift = 64 - (log2 - 6);
}

void NeedleIndex::Filter::set(quint64 key)
{
    const quint64 h = hash(key);
    words[h >> shift] |= bitsOf(h);
}

NeedleIndex::NeedleIndex(const QList<QByteArray> &needles) : m_needles(needles)
{
    std::size_t longNeedles = 0, tails8 = 0, tails4 = 0;
    qsizetype shortestLong = 0, shortestShort = 0;
    for (const QByteArray &raw : needles) {
        if (raw.size() >= kLong) {
            ++longNeedles;
            shortestLong = shortestLong == 0 ? raw.size() : std::min(shortestLong, raw.size());
        } else if (raw.size() >= 4) {
            ++(raw.size() >= 8 ? tails8 : tails4);
            shortestShort = shortestShort == 0 ? raw.size() : std::min(shortestShort, raw.size());
        }
    }
    m_stride = strideFor(shortestLong);
    // Any occurrence of a short needle of `shortestShort` bytes or more has a pair of bytes
    // starting at a multiple of this stride, at most stride - 1 bytes before its last pair.
    m_shortStride = std::clamp<qsizetype>(shortestShort - 1, 1, 8);
    const std::size_t windows = longNeedles * std::size_t(m_stride);
    // Tails are probed at every other byte: few false hits matter more there than the filter's
    // size (each false hit is a hash lookup); windows are probed every S bytes.
    m_blockFilter.size(windows, 16, 23, true);
    m_filter8.size(tails8, 128, 20, false);
    m_filter4.size(tails4, 128, 20, false);
    if (tails8 + tails4 > 0) {
        m_pairs.assign(std::size_t(1) << 16, 0);
        m_lastTriples.assign((std::size_t(1) << 16) / 64, 0);
    }
    if (windows > 0) {
        // About one window per bucket; counted first, then placed (no allocation per key).
        const int log2 = std::clamp(int(std::bit_width(windows)), 4, 30);
        m_bucketShift = 64 - log2;
        m_bucketStart.assign((std::size_t(1) << log2) + 1, 0);
        m_windows.resize(windows);
    }
    for (int i = 0; i < needles.size(); ++i) {
        const QByteArray &raw = needles[i];
        const char *d = raw.constData();
        if (raw.size() >= 4 && raw.size() < kLong) {
            // Bit k: the pair ends k bytes before the end of a needle (k < the short stride).
            for (qsizetype k = 0; k < m_shortStride; ++k)
                m_pairs[pairAt(d + raw.size() - 2 - k)] |= quint8(1u << k);
            const quint32 triple = tripleSlot(d + raw.size());
            m_lastTriples[triple >> 6] |= quint64(1) << (triple & 63);
        }
        if (raw.size() >= kLong) {
            for (int o = 0; o < m_stride; ++o) {
                const auto key = load<quint64>(d + o);
                m_blockFilter.set(key);
                ++m_bucketStart[bucket(key) + 1];
            }
        } else if (raw.size() >= 8) {
            const auto key = load<quint64>(d + raw.size() - 8);
            m_filter8.set(key);
            m_byTail8[key].append(shortNeedle(i, raw));
        } else if (raw.size() >= 4) {
            const auto key = load<quint32>(d + raw.size() - 4);
            m_filter4.set(key);
            m_byTail4[key].append(shortNeedle(i, raw));
        }
    }
    if (windows == 0)
        return;
    for (std::size_t b = 1; b < m_bucketStart.size(); ++b)
        m_bucketStart[b] += m_bucketStart[b - 1];
    std::vector<quint32> next(m_bucketStart.begin(), m_bucketStart.end() - 1);
    for (int i = 0; i < needles.size(); ++i) {
        if (needles[i].size() < kLong)
            continue;
        for (int o = 0; o < m_stride; ++o) {
            const auto key = load<quint64>(needles[i].constData() + o);
            m_windows[next[bucket(key)]++] = {key, i, o};
        }
    }
}

// An occurrence of a long needle at s covers the window at p = s + o, o = (-s) mod S < S, which
// was indexed as the needle's window at offset o (p + 8 <= s + S + 7 <= its end).
void NeedleIndex::findLong(const char *d, qsizetype n, std::vector<Occurrence> &found) const
{
    const qsizetype stride = m_stride;
    for (qsizetype p = 0; p + 8 <= n; p += stride) {
        const auto key = load<quint64>(d + p);
        if (!m_blockFilter.test(key))
            continue;
        const quint64 b = bucket(key);
        for (quint32 e = m_bucketStart[b], last = m_bucketStart[b + 1]; e < last; ++e) {
            const Window &w = m_windows[e];
            if (w.key != key)
                continue;
            const QByteArray &raw = m_needles[w.needle];
            const qsizetype start = p - w.offset;
            if (start >= 0 && start + raw.size() <= n &&
                std::memcmp(d + start, raw.constData(), raw.size()) == 0)
                found.push_back({w.needle, start});
        }
    }
}

template <typename Key>
void NeedleIndex::findByTail(const char *d, qsizetype end, const QHash<Key, QList<ShortNeedle>> &byTail,
                             const Filter &filter, std::vector<Occurrence> &found) const
{
    const auto key = load<Key>(d + end - qsizetype(sizeof(Key)));
    if (!filter.test(key))
        return;
    const auto it = byTail.constFind(key);
    if (it == byTail.cend())
        return;
    for (const ShortNeedle &n : *it)
        if (n.size <= end && std::memcmp(d + end - n.size, n.bytes, std::size_t(n.size)) == 0)
            found.push_back({n.needle, end - n.size});
}

// A short needle may end at `end` when its last two bytes end one and its last three hash like
// one's; then the 8- and 4-byte tails.
void NeedleIndex::findShortEndingAt(const char *d, qsizetype end, std::vector<Occurrence> &found) const
{
    if (!(m_pairs[pairAt(d + end - 2)] & 1) || !testTriple(m_lastTriples, d + end))
        return;
    if (end >= 8 && !m_byTail8.isEmpty())
        findByTail(d, end, m_byTail8, m_filter8, found);
    if (!m_byTail4.isEmpty())
        findByTail(d, end, m_byTail4, m_filter4, found);
}

// Only every S-th pair of bytes (S = m_shortStride): a short needle ending at e has the pair
// ending k bytes before e start at a multiple of S for one k < S, and its bit k says so. Each
// end is therefore looked at once.
void NeedleIndex::findShort(const char *d, qsizetype n, std::vector<Occurrence> &found) const
{
    if (m_pairs.empty())
        return;
    const qsizetype stride = m_shortStride;
    const quint8 *pairs = m_pairs.data();
    for (qsizetype p = 0; p + 2 <= n; p += stride) {
        unsigned bits = pairs[pairAt(d + p)];
        if (!bits)
            continue;
        do {
            const qsizetype end = p + 2 + std::countr_zero(bits);
            if (end >= 4 && end <= n)
                findShortEndingAt(d, end, found);
            bits &= bits - 1;
        } while (bits);
    }
}

std::vector<NeedleIndex::Occurrence> NeedleIndex::occurrences(QByteArrayView text) const
{
    std::vector<Occurrence> found;
    const char *d = text.data();
    const qsizetype n = text.size();
    if (!m_windows.empty())
        findLong(d, n, found);
    findShort(d, n, found);
    // Each occurrence is seen once (one probe position per occurrence); only the order is made.
    std::sort(found.begin(), found.end(), [](const Occurrence &a, const Occurrence &b) {
        return a.needle != b.needle ? a.needle < b.needle : a.start < b.start;
    });
    return found;
}

std::vector<int> NeedleIndex::find(QByteArrayView text) const
{
    std::vector<int> found;
    for (const Occurrence &o : occurrences(text))
        if (found.empty() || found.back() != o.needle)
            found.push_back(o.needle);
    return found;
}

} // namespace wb
