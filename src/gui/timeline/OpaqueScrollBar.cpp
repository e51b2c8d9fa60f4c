#include "timeline/OpaqueScrollBar.h"

#include <QEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyle>

namespace wb::gui {

void OpaqueScrollBar::follow(QScrollBar *bar)
{
    bar->installEventFilter(new OpaqueScrollBar(bar));
    update(bar);
}

bool OpaqueScrollBar::paintsEveryPixel(const QScrollBar *bar)
{
    // Fusion fills the whole groove with a gradient of the palette's button colour before it draws
    // the slider and the arrows; a transient scroll bar fades, and a style sheet or another style
    // may leave pixels alone.
    const QStyle *style = bar->style();
    if (qstrcmp(style->metaObject()->className(), "QFusionStyle") != 0 ||
        style->styleHint(QStyle::SH_ScrollBar_Transient, nullptr, bar))
        return false;
    const QPalette &palette = bar->palette();
    for (const auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled})
        if (palette.color(group, QPalette::Button).alpha() != 255)
            return false;
    return true;
}

ScrollBarImages *OpaqueScrollBar::images(const QScrollBar *bar)
{
    auto *self = bar->findChild<OpaqueScrollBar *>(QString(), Qt::FindDirectChildrenOnly);
    return self ? &self->m_images : nullptr;
}

void OpaqueScrollBar::update(QScrollBar *bar)
{
    bar->setAttribute(Qt::WA_OpaquePaintEvent, paintsEveryPixel(bar));
}

bool OpaqueScrollBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::StyleChange || event->type() == QEvent::PaletteChange)
        if (auto *bar = qobject_cast<QScrollBar *>(watched))
            update(bar);
    if (event->type() == QEvent::Paint) {
        auto *bar = qobject_cast<QScrollBar *>(watched);
        if (bar && bar->testAttribute(Qt::WA_OpaquePaintEvent)) {
            QPainter painter(bar);
            if (m_images.paint(bar, &painter))
                return true; // painted as the style would have
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace wb::gui
