#include "timeline/TimelineDelegate.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace wb::gui {

namespace {
bool isSingleLine(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x9c || u == QChar::LineSeparator || u == QChar::ParagraphSeparator)
            return false;
    }
    return true;
}

// The palette group QCommonStyle paints an item view's row or text with; the row asks the widget
// whether it is enabled, the text the option.
QPalette::ColorGroup colorGroup(bool enabled, QStyle::State state)
{
    if (!enabled)
        return QPalette::Disabled;
    return (state & QStyle::State_Active) ? QPalette::Normal : QPalette::Inactive;
}
} // namespace

bool TimelineDelegate::canPaintText(const QStyleOptionViewItem &opt, const QStyle *style)
{
    // Only the styles whose item text is QCommonStyle's, which this reproduces.
    const char *const styleClass = style->metaObject()->className();
    if (qstrcmp(styleClass, "QFusionStyle") != 0 && qstrcmp(styleClass, "QWindowsStyle") != 0)
        return false;
    constexpr auto unusual = QStyleOptionViewItem::WrapText | QStyleOptionViewItem::HasCheckIndicator;
    if (!(opt.features & QStyleOptionViewItem::HasDisplay) || (opt.features & unusual) || opt.text.isEmpty())
        return false;
    if (opt.state & (QStyle::State_Selected | QStyle::State_HasFocus | QStyle::State_Editing))
        return false;
    return opt.direction == Qt::LeftToRight && opt.decorationPosition == QStyleOptionViewItem::Left &&
           opt.showDecorationSelected && isSingleLine(opt.text);
}

std::optional<QColor> TimelineDelegate::solidBackground(const QStyleOptionViewItem &opt,
                                                        const QWidget *widget)
{
    const auto solid = [](const QBrush &brush) -> std::optional<QColor> {
        if (brush.style() == Qt::SolidPattern && brush.color().alpha() == 255)
            return brush.color();
        return std::nullopt;
    };
    if (opt.state & (QStyle::State_MouseOver | QStyle::State_Selected))
        return std::nullopt;
    // The item's own brush covers the cell (PE_PanelItemViewItem).
    if (opt.backgroundBrush.style() != Qt::NoBrush)
        return solid(opt.backgroundBrush);
    // Alternate rows: the row's colour (PE_PanelItemViewRow), with the colour group it uses.
    if (opt.features & QStyleOptionViewItem::Alternate) {
        const bool enabled = widget ? widget->isEnabled() : bool(opt.state & QStyle::State_Enabled);
        return solid(opt.palette.brush(colorGroup(enabled, opt.state), QPalette::AlternateBase));
    }
    // Other rows: the viewport's background, filled before the rows.
    const auto *view = qobject_cast<const QAbstractItemView *>(widget);
    const QWidget *viewport = view ? view->viewport() : nullptr;
    if (!viewport || !viewport->autoFillBackground() || viewport->testAttribute(Qt::WA_StyledBackground))
        return std::nullopt;
    return solid(viewport->palette().brush(viewport->backgroundRole()));
}

bool TimelineDelegate::paintIcon(QPainter *painter, const QStyleOptionViewItem &opt, int frameMargin)
{
    // QCommonStyle's CE_ItemViewItem for a cell without text, check mark, background brush,
    // selection or focus: the icon alone, in the rectangle its layout (viewItemLayout) gives it
    // left of the text, painted through a clip to the cell. When the icon lies inside the cell and
    // the painter clips nothing already, the clip changes no pixel and is left out.
    const QRect decoration(opt.rect.x(), opt.rect.y(), opt.decorationSize.width() + 2 * frameMargin,
                           opt.rect.height());
    const QRect iconRect =
        QStyle::alignedRect(opt.direction, opt.decorationAlignment, opt.decorationSize, decoration);
    if (painter->hasClipping() || !opt.rect.contains(iconRect))
        return false;
    const QIcon::Mode mode = (opt.state & QStyle::State_Enabled) ? QIcon::Normal : QIcon::Disabled;
    const QIcon::State state = (opt.state & QStyle::State_Open) ? QIcon::On : QIcon::Off;
    opt.icon.paint(painter, iconRect, opt.decorationAlignment, mode, state);
    return true;
}

void TimelineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    if (!canPaintText(opt, style)) {
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        return;
    }

    // Where the style puts the text: after the icon and its margins, inside the text margins.
    const int frameMargin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, &opt, widget) + 1;
    const bool hasIcon =
        (opt.features & QStyleOptionViewItem::HasDecoration) && !opt.decorationSize.isEmpty();
    const int iconWidth = hasIcon ? opt.decorationSize.width() + 2 * frameMargin : 0;
    const int textMargin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect =
        QRect(opt.rect.x() + iconWidth, opt.rect.y(), opt.rect.width() - iconWidth, opt.rect.height())
            .adjusted(textMargin, 0, -textMargin, 0);

    const ShapedTextCache::Entry *text =
        m_shaped.shaped(opt.text, opt.font, textRect.width(),
                        QStyle::visualAlignment(opt.direction, opt.displayAlignment), opt.textElideMode);
    if (!text->oneLine) {
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        return;
    }
    // Placed vertically by the whole text's line, as the style does, also when elided.
    const QRect aligned = QStyle::alignedRect(Qt::LayoutDirectionAuto, opt.displayAlignment,
                                              text->naturalSize.toSize(), textRect);
    const QPointF position(textRect.x(), aligned.top());

    // Background and icon: the style's own. Without an icon or a background brush (and not
    // selected, focused or checkable, see canPaintText) the style paints nothing there, so the
    // call, with its layout of the cell, is spared: two cells of three on a timeline row. With an
    // icon and no brush, the style would paint only the icon: the delegate paints it as the style
    // does (the title cells).
    const bool decorated = opt.features & QStyleOptionViewItem::HasDecoration;
    if (opt.backgroundBrush.style() != Qt::NoBrush ||
        (decorated && !(hasIcon && paintIcon(painter, opt, frameMargin)))) {
        QStyleOptionViewItem bare = opt;
        bare.text.clear();
        bare.features &= ~QStyleOptionViewItem::HasDisplay;
        style->drawControl(QStyle::CE_ItemViewItem, &bare, painter, widget);
    }

    const QColor pen =
        opt.palette.color(colorGroup(bool(opt.state & QStyle::State_Enabled), opt.state), QPalette::Text);
    if (text->draws++ >= kDrawsBeforeImage) {
        // Drawn often before: copied from its image when the cell right of the icon is one known
        // colour.
        if (const std::optional<QColor> background = solidBackground(opt, widget)) {
            const QRect area(opt.rect.x() + iconWidth, opt.rect.y(), opt.rect.width() - iconWidth,
                             opt.rect.height());
            if (m_images.draw(painter, text->id, text->drawn, position.toPoint(), opt.rect, area, pen,
                              *background))
                return;
        }
    }
    painter->save();
    painter->setClipRect(opt.rect);
    painter->setPen(pen);
    text->drawn.draw(painter, position);
    painter->restore();
}

} // namespace wb::gui
