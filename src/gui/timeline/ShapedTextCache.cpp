#include "timeline/ShapedTextCache.h"

#include <QFontMetrics>

namespace wb::gui {

namespace {
QTextOption lineOption(Qt::Alignment alignment)
{
    QTextOption option;
    option.setWrapMode(QTextOption::ManualWrap);
    option.setTextDirection(Qt::LeftToRight);
    option.setAlignment(alignment);
    return option;
}

// One line in `width`, as the style lays a cell's text out; false when the text needs more.
bool layOutOneLine(QTextLayout &layout, int width)
{
    layout.setCacheEnabled(true); // the shaped glyphs stay for every draw()
    layout.beginLayout();
    QTextLine line = layout.createLine();
    if (line.isValid()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, 0));
    }
    const bool more = layout.createLine().isValid();
    layout.endLayout();
    return line.isValid() && !more && line.textStart() == 0 && line.textLength() == layout.text().size();
}
} // namespace

const ShapedTextCache::Entry *ShapedTextCache::shaped(const QString &text, const QFont &font, int width,
                                                      Qt::Alignment alignment, Qt::TextElideMode elideMode)
{
    Key key{text, font, width, int(alignment), int(elideMode)};
    if (const Entry *hit = m_entries.object(key))
        return hit;
    auto *entry = new Entry;
    entry->id = m_nextId++;
    entry->drawn.setText(text);
    entry->drawn.setFont(font);
    entry->drawn.setTextOption(lineOption(alignment));
    entry->oneLine = layOutOneLine(entry->drawn, width);
    entry->naturalSize = entry->drawn.boundingRect().size();
    if (entry->oneLine && entry->drawn.lineAt(0).naturalTextWidth() > width) {
        entry->drawn.clearLayout();
        entry->drawn.setText(QFontMetrics(font).elidedText(text, elideMode, width));
        layOutOneLine(entry->drawn, width);
    }
    const qsizetype cost = kEntryCost + text.size();
    if (cost > m_entries.maxCost()) {
        m_oversized.reset(entry);
        return entry;
    }
    m_entries.insert(std::move(key), entry, cost);
    return entry;
}

} // namespace wb::gui
