#pragma once
// ViewportFill: the timeline's viewport background painted only where its rows do not paint their
// own. Before every paint Qt fills the whole viewport with the base colour, and the tree view then
// fills every other row again with the alternate colour (the style's row background): on each
// page of a long scroll half the viewport was filled twice. When the style's row background is
// known to cover an alternate row with an opaque brush (Fusion or Windows, uniform row heights,
// opaque palette colours), the viewport is marked as painting all its pixels and this fills the
// base colour itself, before the rows, leaving out the alternate rows; otherwise it fills the
// whole region as Qt would. Followed on style and palette changes.

#include <QObject>
#include <QRegion>

class QTreeView;

namespace wb::gui {

class ViewportFill : public QObject {
    Q_OBJECT
public:
    // Installs itself on `view`'s viewport (and is owned by the view).
    static void follow(QTreeView *view);
    // The part of `region` (viewport coordinates) that the view's alternate rows cover with their
    // own opaque background, when that is known; else an empty region.
    static QRegion coveredByRows(const QTreeView *view, const QRegion &region);
    // True when the viewport's own fill is a colour this can paint (solid and opaque in every
    // colour group, filled by Qt's auto-fill without a style sheet).
    static bool canFill(const QTreeView *view);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit ViewportFill(QTreeView *view);
    void update(); // the viewport said opaque (filled here) or not (filled by Qt)
    QTreeView *m_view;
};

} // namespace wb::gui
