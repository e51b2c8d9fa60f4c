#include "common/PrefetchedIcons.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

namespace wb::gui {

namespace {
struct Prefetched {
    QPointer<const QStyle> style;
    QHash<int, QIcon> icons;
};
Prefetched &prefetched() // main thread only, like the widgets
{
    static Prefetched p;
    return p;
}
} // namespace

void PrefetchedIcons::prefetch(const QStyle *style, std::initializer_list<QStyle::StandardPixmap> pixmaps)
{
    Prefetched &p = prefetched();
    if (p.style != style) {
        p.icons.clear();
        p.style = style;
    }
    for (const QStyle::StandardPixmap pixmap : pixmaps)
        if (!p.icons.contains(pixmap))
            p.icons.insert(pixmap, style->standardIcon(pixmap));
}

QIcon PrefetchedIcons::take(const QWidget *widget, QStyle::StandardPixmap pixmap)
{
    Prefetched &p = prefetched();
    if (p.style && p.style == widget->style()) {
        const auto it = p.icons.constFind(pixmap);
        if (it != p.icons.constEnd()) {
            const QIcon icon = *it;
            p.icons.erase(it);
            return icon;
        }
    }
    return widget->style()->standardIcon(pixmap);
}

void PrefetchedIcons::clear()
{
    prefetched().icons.clear();
    prefetched().style = nullptr;
}

} // namespace wb::gui
