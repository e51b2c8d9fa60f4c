#pragma once
// ScrollBarImages: paints a vertical Fusion scroll bar from two images instead of the style's
// gradients and lines. Scrolling the timeline repaints its scroll bar on every page, and Fusion
// draws it anew each time (a gradient over its whole height, lines, the slider's gradient, both
// arrows), about a tenth of a page's CPU. Only the slider moves from one page to the next: the
// bar without its slider is kept once (for its size, palette, state and pixel ratio), with the
// rows around the slider as the style painted them, and a page is the first with the second
// pasted where the slider now is. That is the style's own picture only where the slider crosses
// rows of the groove that are all alike, and where the slider's pixels do not depend on where it
// is; both are checked on the images themselves (the first composed page is compared with the
// style's paint), and anything else (the slider near either end, a hovered or pressed bar, a
// fractional pixel ratio, another style) is left to the style.

#include <QImage>
#include <QPalette>
#include <QRect>
#include <QSize>

class QPainter;
class QScrollBar;
class QStyleOptionSlider;

namespace wb::gui {

class ScrollBarImages {
public:
    // Paints `bar` onto `painter` (begun on the bar, as in its paint event) as its style would;
    // false when it left the bar alone, and the style must paint it.
    bool paint(QScrollBar *bar, QPainter *painter);

    // Composed pages painted so far (for tests), and whether the images may be used at all.
    int composedPaints() const { return m_composedPaints; }
    void setEnabled(bool enabled);

private:
    struct Key {
        QSize size;
        qreal ratio = 0;
        qint64 palette = 0;
        int state = 0;
        int sliderLength = 0;
        bool atMinimum = false;
        bool atMaximum = false;
        QImage::Format format = QImage::Format_Invalid;
        const void *style = nullptr;
        bool operator==(const Key &) const = default;
    };
    enum class Stage { Empty, HaveBand, Verified, Unusable };

    // What is kept for one device format (the window's, and another while the bar is grabbed).
    struct Images {
        Key key;
        Stage stage = Stage::Empty;
        QImage groove;                          // the bar as the style paints it without its slider
        int uniformTop = 0, uniformBottom = -1; // rows of groove equal to its middle row
        QImage band;                            // rows around the slider as the style painted them
        int bandTop = 0;                        // the device row band was taken from
    };

    QImage render(const QScrollBar *bar, const QStyleOptionSlider &option, const Key &key) const;
    // The groove with the band pasted at device row `bandTop`: the page the images give.
    static QImage composed(const Images &set, int bandTop);
    static bool rowsEqual(const QImage &a, int rowA, const QImage &b, int rowB);

    bool m_enabled = true;
    Images m_sets[2];
    int m_lastSet = 0;
    int m_composedPaints = 0;
};

} // namespace wb::gui
