#pragma once
// IdIndex: id -> position in a Session's exchanges or steps, so a lookup by id is not a scan of
// the whole list (diagnosis and reports look up every exchange of a long session by its id).

#include <QHash>
#include <QMutex>
#include <QString>

namespace wb {

// Session is a plain value that callers append to and edit in place without telling anyone, so
// the index is never trusted blindly: records appended since the last lookup are indexed then, a
// shorter list rebuilds it, a hit is checked against the id at its position (else rebuilt) and a
// miss is confirmed by a scan (misses are rare: step ids and exchange ids name recorded records).
// The first record of an id wins, as in a plain scan. A copy starts empty (positions belong to
// one list); lookups lock, so const reads from several threads stay safe.
class IdIndex {
public:
    IdIndex() = default;
    IdIndex(const IdIndex &) {}
    IdIndex &operator=(const IdIndex &other)
    {
        if (this != &other) {
            const QMutexLocker lock(&m_mutex);
            clear();
        }
        return *this;
    }

    // Position of the first record of `list` whose id is `id`, or -1.
    template <typename List> qsizetype find(const List &list, const QString &id) const
    {
        const QMutexLocker lock(&m_mutex);
        if (list.size() < m_indexed)
            clear();
        extend(list);
        const qsizetype at = m_positions.value(id, -1);
        if (at >= 0 && list.at(at).id == id)
            return at;
        // Not where the index says, or not indexed: the list was edited in place. Confirm.
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list.at(i).id == id) {
                clear();
                extend(list);
                return i;
            }
        }
        return -1;
    }

private:
    void clear() const
    {
        m_positions.clear();
        m_indexed = 0;
    }

    template <typename List> void extend(const List &list) const
    {
        if (m_indexed == list.size())
            return;
        m_positions.reserve(list.size());
        for (; m_indexed < list.size(); ++m_indexed) {
            const QString &id = list.at(m_indexed).id;
            if (!m_positions.contains(id))
                m_positions.insert(id, m_indexed);
        }
    }

    mutable QMutex m_mutex;
    mutable QHash<QString, qsizetype> m_positions;
    mutable qsizetype m_indexed = 0; // list.at(0 .. m_indexed - 1) are in m_positions
};

} // namespace wb
