#pragma once
// OpaqueScrollBar: tells Qt that a scroll bar paints every pixel of its rectangle when its style
// does (Fusion, not transient, an opaque palette), so that repainting the scroll bar does not
// repaint what lies under it first. Scrolling the timeline repaints its scroll bar on every page,
// and without this the tab widget, the view's frame and the window's background under the bar
// were painted each time, only to be covered. Followed on style and palette changes. It also
// paints the bar from ScrollBarImages when those can stand in for the style.

#include "timeline/ScrollBarImages.h"

#include <QObject>

class QScrollBar;

namespace wb::gui {

class OpaqueScrollBar : public QObject {
    Q_OBJECT
public:
    // Installs itself on `bar` (and is owned by it).
    static void follow(QScrollBar *bar);
    // True when `bar`'s style paints all of its pixels (see the class comment).
    static bool paintsEveryPixel(const QScrollBar *bar);
    // The images `bar` is painted from, when follow() was called on it (else null).
    static ScrollBarImages *images(const QScrollBar *bar);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    using QObject::QObject;
    static void update(QScrollBar *bar);
    ScrollBarImages m_images;
};

} // namespace wb::gui
