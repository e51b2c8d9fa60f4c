#pragma once
// ShapedTextCache: cell texts laid out and shaped once, then drawn as often as they are shown.
// Shaping (HarfBuzz) is the costliest part of painting a timeline row, and a timeline repeats
// its strings on many rows: titles such as "Request: POST host/token", durations, statuses. The
// cache keeps the most recently drawn few thousand, keyed by everything the shaping depends on
// (text, font, width, alignment, elision), so a changed font or column width never reuses one.

#include <QCache>
#include <QFont>
#include <QString>
#include <QTextLayout>
#include <memory>

namespace wb::gui {

class ShapedTextCache {
public:
    struct Entry {
        QTextLayout drawn;     // the text as drawn: elided to the width when it does not fit
        QSizeF naturalSize;    // the whole text's line; the style places the text by it
        bool oneLine = true;   // false: the text needs several lines (drawn by the style instead)
        quint64 id = 0;        // unique to this entry in its cache: the same id, the same layout
        mutable int draws = 0; // times it was drawn (the caller counts)
    };

    // Each entry costs its text's length plus kEntryCost: about 2,000 texts of timeline length,
    // fewer long ones (a key holds the whole text, even when only an elided part is drawn).
    static constexpr qsizetype kEntryCost = 64;
    explicit ShapedTextCache(qsizetype capacity = 256 * 1024) : m_entries(capacity) {}

    // The entry for `text` in a line of `width` pixels; valid until the next call. A text longer
    // than the whole capacity is shaped for this call only.
    const Entry *shaped(const QString &text, const QFont &font, int width, Qt::Alignment alignment,
                        Qt::TextElideMode elideMode);
    qsizetype size() const { return m_entries.size(); }
    qsizetype totalCost() const { return m_entries.totalCost(); }
    void clear() { m_entries.clear(); }

private:
    struct Key {
        QString text;
        QFont font;
        int width;
        int alignment;
        int elideMode;
        bool operator==(const Key &o) const
        {
            return width == o.width && alignment == o.alignment && elideMode == o.elideMode &&
                   text == o.text && font == o.font;
        }
        friend size_t qHash(const Key &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.text, k.font, k.width, k.alignment, k.elideMode);
        }
    };
    QCache<Key, Entry> m_entries;
    std::unique_ptr<Entry> m_oversized; // the last text too long to keep
    quint64 m_nextId = 1;
};

} // namespace wb::gui
