#pragma once
// NeedleIndex: finds which of many known byte strings (a session's every token, in its raw and
// encoded forms) occur in a text, in one pass over the text instead of one per string.
// Strings of 15 bytes and more are indexed by each of their first eight 8-byte blocks, so the
// text is probed only every 8 bytes (any occurrence covers one aligned block); shorter ones by
// their last 8 (or 4) bytes, looked at every other position by their last pairs of bytes. Bit
// filters in front keep most probes off the maps.

#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <vector>

namespace wb {

class NeedleIndex {
public:
    NeedleIndex() = default;
    // Needles shorter than 4 bytes are not indexed (find never reports them).
    explicit NeedleIndex(const QList<QByteArray> &needles);

    // Indices (ascending, each once) of the needles that occur in `text`.
    std::vector<int> find(QByteArrayView text) const;

private:
    // A bit filter sized to its entries (bits per entry, up to 2^maxLog2 bits).
    struct Filter {
        std::vector<quint64> bits;
        int shift = 64;
        void size(std::size_t entries, int bitsPerEntry, int maxLog2);
        quint64 slot(quint64 key) const { return (key * 0x9E3779B97F4A7C15ULL) >> shift; }
        void set(quint64 key);
        bool test(quint64 key) const { return (bits[slot(key) >> 6] >> (slot(key) & 63)) & 1; }
    };
    struct BlockHit {
        int needle;
        int offset; // of the block in the needle
    };
    void findLong(const char *d, qsizetype n, std::vector<int> &found) const;
    void findShort(const char *d, qsizetype n, std::vector<int> &found) const;
    void findShortEndingAt(const char *d, qsizetype end, std::vector<int> &found) const;
    template <typename Key>
    void findByTail(const char *d, qsizetype end, const QHash<Key, QList<int>> &byTail, const Filter &filter,
                    std::vector<int> &found) const;

    QList<QByteArray> m_needles;
    QHash<quint64, QList<BlockHit>> m_byBlock;
    QHash<quint64, QList<int>> m_byTail8;
    QHash<quint32, QList<int>> m_byTail4;
    Filter m_blockFilter, m_filter8, m_filter4;
    // Two bits for each pair of bytes (16 KiB, stays in the fastest cache): whether it ends a
    // short needle, and whether it comes just before a short needle's last byte. Most positions
    // of a text are passed over on this alone, and only every other one is looked at.
    std::vector<quint64> m_pairs;
    // Then their last three bytes, hashed to one of 64 Kibit (8 KiB): digits end many short
    // needles (and texts), and this keeps most of those positions off the larger tail filters.
    std::vector<quint64> m_lastTriples;
};

} // namespace wb
