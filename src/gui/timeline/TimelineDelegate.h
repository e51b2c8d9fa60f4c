#pragma once
// TimelineDelegate: paints the timeline's cells as QStyledItemDelegate does, with less text work.
// Through the style, every cell's text is shaped about four times per paint (the style measures
// the whole text to lay the cell out, again to decide whether to elide it, and twice more to draw
// it), which made scrolling a long session cost milliseconds per page. Here the style paints the
// cell without its text (background, icon) and the text comes from a ShapedTextCache: shaped once
// for all the rows that show it, laid out in the same rectangle, with the same elision, position
// and pen as the style's. Cells the shortcut would not reproduce exactly (a style other than
// Fusion or Windows, a style sheet, selected, focused, wrapped, checkable or right-to-left cells,
// text on several lines) are left to the style. A text drawn before, over a background the
// delegate knows to be one solid colour, is copied from a TextImageCache instead of drawn glyph by
// glyph.

#include "timeline/ShapedTextCache.h"
#include "timeline/TextImageCache.h"

#include <QStyledItemDelegate>
#include <optional>

namespace wb::gui {

class TimelineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    // False when the cell must go through the style (see the class comment).
    static bool canPaintText(const QStyleOptionViewItem &opt, const QStyle *style);

    // Paints the icon of a cell the style would paint nothing else of (no text, brush, selection,
    // focus or check mark) as the style paints it; false when the delegate cannot (the caller asks
    // the style).
    static bool paintIcon(QPainter *painter, const QStyleOptionViewItem &opt, int frameMargin);

    // The colour under the cell's text when nothing but one solid colour is painted there (the
    // view's background, the alternate rows' colour or the item's own background brush).
    static std::optional<QColor> solidBackground(const QStyleOptionViewItem &opt, const QWidget *widget);

    // A text gets an image once drawn this often: titles and durations repeat on most rows, while
    // a summary seen a few times in a long session would only push them out of the images
    // (measured: at 4, the 10,000-exchange pass made 2,000 images, most never used again).
    static constexpr int kDrawsBeforeImage = 16;

    mutable ShapedTextCache m_shaped;
    mutable TextImageCache m_images;

public:
    const TextImageCache &textImages() const { return m_images; } // for tests
};

} // namespace wb::gui
