#pragma once
// PrefetchedIcons: the style's standard icons of the first frame, asked of the style before the
// window's widgets exist and handed to the widgets that show them. MainWindow builds them first
// so the main thread decodes them while the session bus connects on a worker (StartupWarmup);
// building the widgets then asks for the bus. The icons are the style's own, as before; a widget
// built without a prefetch, or under another style, asks its style as it always did.

#include <QIcon>
#include <QStyle>
#include <initializer_list>

class QWidget;

namespace wb::gui {

class PrefetchedIcons {
public:
    // Asks `style` for each icon now; they are kept until take() or clear().
    static void prefetch(const QStyle *style, std::initializer_list<QStyle::StandardPixmap> pixmaps);
    // The prefetched icon when `widget` uses the style it was prefetched from, else the widget's
    // style's standardIcon(pixmap).
    static QIcon take(const QWidget *widget, QStyle::StandardPixmap pixmap);
    static void clear();
};

} // namespace wb::gui
