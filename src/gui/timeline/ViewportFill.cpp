#include "timeline/ViewportFill.h"

#include <QEvent>
#include <QHeaderView>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyle>
#include <QTreeView>

namespace wb::gui {

namespace {
constexpr QPalette::ColorGroup kGroups[] = {QPalette::Active, QPalette::Inactive, QPalette::Disabled};

bool solidAndOpaque(const QBrush &brush)
{
    return brush.style() == Qt::SolidPattern && brush.color().alpha() == 255;
}

// QCommonStyle's row background (PE_PanelItemViewRow), which Fusion and Windows keep: an
// alternate row is filled with the palette's alternate base colour over each column, a selected
// row's branch area with the highlight colour. Both must hide what is under them.
bool rowsPaintOpaque(const QTreeView *view)
{
    const char *const styleClass = view->style()->metaObject()->className();
    if (qstrcmp(styleClass, "QFusionStyle") != 0 && qstrcmp(styleClass, "QWindowsStyle") != 0)
        return false;
    const QPalette &palette = view->palette();
    for (const QPalette::ColorGroup group : kGroups)
        if (!solidAndOpaque(palette.brush(group, QPalette::AlternateBase)) ||
            !solidAndOpaque(palette.brush(group, QPalette::Highlight)))
            return false;
    return true;
}
} // namespace

ViewportFill::ViewportFill(QTreeView *view) : QObject(view), m_view(view) {}

void ViewportFill::follow(QTreeView *view)
{
    auto *fill = new ViewportFill(view);
    view->viewport()->installEventFilter(fill);
    view->installEventFilter(fill); // the view's style and palette decide the rows' background
    fill->update();
}

bool ViewportFill::canFill(const QTreeView *view)
{
    const QWidget *viewport = view->viewport();
    if (!viewport->autoFillBackground() || viewport->testAttribute(Qt::WA_StyledBackground))
        return false;
    const QPalette &palette = viewport->palette();
    for (const QPalette::ColorGroup group : kGroups)
        if (!solidAndOpaque(palette.brush(group, viewport->backgroundRole())))
            return false;
    return true;
}

QRegion ViewportFill::coveredByRows(const QTreeView *view, const QRegion &region)
{
    // Where QTreeView paints its rows (drawTree, drawRow): with uniform row heights, the row of
    // view item i (counting the shown rows from the top of the tree) lies at i * height minus the
    // vertical offset, and is an alternate row when i is odd. Each of its columns is filled over
    // the column's whole width, from the first section to the end of the last.
    const QHeaderView *header = view->header();
    const QAbstractItemModel *model = view->model();
    if (!model || region.isEmpty() || !view->alternatingRowColors() || !view->uniformRowHeights() ||
        view->isAnimated() || view->isRightToLeft() || header->count() == 0 || header->sectionsMoved() ||
        !rowsPaintOpaque(view))
        return {};
    const int left = -header->offset();
    const int right = header->length() - header->offset();
    const int probeX = std::max(left, 0);
    if (probeX >= right)
        return {};
    const QRect bounds = region.boundingRect();
    const QModelIndex first = view->indexAt(QPoint(probeX, bounds.top()));
    if (!first.isValid())
        return {};
    const QRect firstRect = view->visualRect(first);
    const int height = firstRect.height();
    const QScrollBar *bar = view->verticalScrollBar();
    const int offset =
        view->verticalScrollMode() == QAbstractItemView::ScrollPerItem ? bar->value() * height : bar->value();
    if (height <= 0 || (firstRect.top() + offset) % height != 0)
        return {}; // not laid out as assumed: leave it all to the fill
    const int columns = header->count();
    QRegion covered;
    for (int y = firstRect.top(); y <= bounds.bottom(); y += height) {
        const QModelIndex row = y == firstRect.top() ? first : view->indexAt(QPoint(probeX, y));
        if (!row.isValid())
            break; // below the last row
        if (((y + offset) / height) % 2 == 0)
            continue;
        // drawRow paints the background of a column only for a valid index there.
        bool allColumns = true;
        for (int c = 0; c < columns && allColumns; ++c)
            allColumns = header->isSectionHidden(c) || model->index(row.row(), c, row.parent()).isValid();
        if (allColumns)
            covered += QRect(left, y, right - left, height);
    }
    return covered & region;
}

void ViewportFill::update()
{
    m_view->viewport()->setAttribute(Qt::WA_OpaquePaintEvent, canFill(m_view));
}

bool ViewportFill::eventFilter(QObject *watched, QEvent *event)
{
    QWidget *viewport = m_view->viewport();
    const QEvent::Type type = event->type();
    if (type == QEvent::StyleChange || type == QEvent::PaletteChange) {
        update();
    } else if (watched == viewport && type == QEvent::Paint) {
        if (viewport->testAttribute(Qt::WA_OpaquePaintEvent) != canFill(m_view)) {
            // Changed without an event (the auto-fill or the background role turned off or on):
            // Qt fills this paint if it can, and from the next paint on the state is right.
            const bool filledByQt = !viewport->testAttribute(Qt::WA_OpaquePaintEvent);
            update();
            if (!filledByQt)
                viewport->update();
            return QObject::eventFilter(watched, event);
        }
        if (!viewport->testAttribute(Qt::WA_OpaquePaintEvent))
            return QObject::eventFilter(watched, event); // Qt filled it
        const QRegion region = static_cast<QPaintEvent *>(event)->region();
        const QBrush brush = viewport->palette().brush(viewport->backgroundRole());
        QPainter painter(viewport);
        for (const QRect &rect : region - coveredByRows(m_view, region))
            painter.fillRect(rect, brush);
    }
    return QObject::eventFilter(watched, event);
}

} // namespace wb::gui
