#pragma once
// NeedleIndex: finds which of many known byte strings (a session's every token, in its raw and
// encoded forms) occur in a text, and where, in one pass over the text instead of one per string.
// Strings of 15 bytes and more ("long") are indexed by each 8-byte window starting in their first
// S bytes, and the text is probed only every S bytes (any occurrence of a needle of S + 7 bytes
// or more covers one window that starts at a multiple of S): S is 8, 16 or 32, the largest the
// shortest long needle allows. Shorter ones by their last 8 (or 4) bytes, at the ends that a
// table of their pairs of bytes allows, probed every shortest short needle - 1 bytes (3 for a
// 4-byte needle). Bit filters in front keep most probes off the tables.

#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <vector>

namespace wb {

class NeedleIndex {
public:
    struct Occurrence {
        int needle;      // index in the list given to the constructor
        qsizetype start; // byte offset in the text
        bool operator==(const Occurrence &) const = default;
    };

    NeedleIndex() = default;
    // Needles shorter than 4 bytes are not indexed (find never reports them).
    explicit NeedleIndex(const QList<QByteArray> &needles);

    // Indices (ascending, each once) of the needles that occur in `text`.
    std::vector<int> find(QByteArrayView text) const;
    // Every occurrence of every indexed needle in `text`, overlapping ones included, each once,
    // ordered by needle, then by start.
    std::vector<Occurrence> occurrences(QByteArrayView text) const;
    // The probe stride of the long needles (8, 16 or 32), for the tests.
    qsizetype longStride() const { return m_stride; }
    qsizetype shortStride() const { return m_shortStride; } // of the short ones (1 to 8)

private:
    // A bit filter sized to its entries (bits per entry, up to 2^maxLog2 bits). One bit per key,
    // or two in one 64-bit word (still one memory access, a third as many false hits) where a
    // false hit costs a lookup far away in memory.
    struct Filter {
        std::vector<quint64> words;
        int shift = 64;
        void size(std::size_t entries, int bitsPerEntry, int maxLog2, bool twoBits);
        static quint64 hash(quint64 key) { return key * 0x9E3779B97F4A7C15ULL; }
        quint64 second = 0; // with one bit per key, bit 0 is set in every word
        quint64 bitsOf(quint64 h) const
        {
            const quint64 g = (h ^ (h >> 32)) * 0xD6E8FEB86659FD93ULL;
            return (quint64(1) << (g >> 58)) | (quint64(1) << ((g >> 52) & second));
        }
        void set(quint64 key);
        bool test(quint64 key) const
        {
            const quint64 h = hash(key), m = bitsOf(h);
            return (words[h >> shift] & m) == m;
        }
    };
    // A window of a long needle: its 8 bytes, and where it starts in which needle. Kept in one
    // array grouped by bucket (a hash of the key), m_bucketStart[b] .. m_bucketStart[b + 1].
    struct Window {
        quint64 key;
        int needle;
        int offset;
    };
    // A short needle's bytes kept with its tail's entry: checking a candidate reads no other
    // memory (most candidates in digit-rich text are 4-digit runs that end some `rt-1234`).
    struct ShortNeedle {
        int needle;
        int size;
        char bytes[16];
    };
    static ShortNeedle shortNeedle(int index, const QByteArray &raw);
    void findLong(const char *d, qsizetype n, std::vector<Occurrence> &found) const;
    void findShort(const char *d, qsizetype n, std::vector<Occurrence> &found) const;
    void findShortEndingAt(const char *d, qsizetype end, std::vector<Occurrence> &found) const;
    template <typename Key>
    void findByTail(const char *d, qsizetype end, const QHash<Key, QList<ShortNeedle>> &byTail,
                    const Filter &filter, std::vector<Occurrence> &found) const;
    quint64 bucket(quint64 key) const { return (key * 0x9E3779B97F4A7C15ULL) >> m_bucketShift; }

    QList<QByteArray> m_needles;
    qsizetype m_stride = 8;
    int m_bucketShift = 64;
    std::vector<quint32> m_bucketStart;
    std::vector<Window> m_windows;
    QHash<quint64, QList<ShortNeedle>> m_byTail8;
    QHash<quint32, QList<ShortNeedle>> m_byTail4;
    Filter m_blockFilter, m_filter8, m_filter4;
    // A byte for each pair of bytes (64 KiB): bit k when the pair ends k bytes before the end of
    // a short needle, k < m_shortStride. Most probes of a text stop at this alone, and only
    // every m_shortStride-th pair (shortest short needle - 1, up to 8) is looked at.
    std::vector<quint8> m_pairs;
    qsizetype m_shortStride = 2;
    // Then their last three bytes, hashed to one of 64 Kibit (8 KiB): digits end many short
    // needles (and texts), and this keeps most of those positions off the larger tail filters.
    std::vector<quint64> m_lastTriples;
};

} // namespace wb
