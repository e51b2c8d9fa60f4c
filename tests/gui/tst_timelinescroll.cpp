// Scrolling the timeline and the row under the pointer: the panel spares the item view's pointer
// query after each scroll when the pointer is not over the rows, so these check that the hovered
// row still follows a scroll whenever the pointer is over them (wheel or keys with the pointer on
// the rows, a drag holding a button), that the hover is painted on the right row, and that with
// the pointer elsewhere no row is taken for hovered.
#include "support/GuiTestSupport.h"

#include <QCursor>
#include <QProxyStyle>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QStyleOptionViewItem>
#include <QTreeView>
#include <QtTest>

using namespace wb;
using namespace wb::gui;

namespace {

// Enough rows for several pages: 6 steps of 40 requests each.
Session longSession()
{
    Session s;
    for (int st = 0; st < 6; ++st) {
        Step step;
        step.id = QStringLiteral("s%1").arg(st + 1);
        step.kind = StepKind::Refresh;
        step.title = QStringLiteral("Refresh %1").arg(st + 1);
        step.status = StepStatus::Succeeded;
        step.durationMs = 120;
        for (int i = 0; i < 40; ++i) {
            Exchange x;
            x.id = QStringLiteral("x%1").arg(s.exchanges.size() + 1);
            x.role = ExchangeRole::BackChannel;
            x.method = QStringLiteral("POST");
            x.url = QStringLiteral("https://idp.example/token/%1").arg(s.exchanges.size());
            x.status = 200;
            x.reason = QStringLiteral("OK");
            x.durationMs = 30 + i;
            s.exchanges.append(x);
            step.exchangeIds.append(x.id);
        }
        s.steps.append(step);
    }
    return s;
}

// Fusion, noting which rows are painted as hovered.
class HoverRecorder : public QProxyStyle {
public:
    HoverRecorder() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {}
    void drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
                     const QWidget *widget) const override
    {
        if (element == CE_ItemViewItem && (option->state & State_MouseOver))
            if (const auto *item = qstyleoption_cast<const QStyleOptionViewItem *>(option))
                hovered.insert(QPersistentModelIndex(item->index.siblingAtColumn(0)));
        QProxyStyle::drawControl(element, option, painter, widget);
    }
    mutable QSet<QPersistentModelIndex> hovered;
};

// The rows painted as hovered in a fresh paint of the viewport.
QSet<QPersistentModelIndex> paintedHovered(QTreeView *view, HoverRecorder *style)
{
    style->hovered.clear();
    view->viewport()->grab();
    return style->hovered;
}

// Moves the pointer to `pos` of `widget` as a person would (the window system reports the motion,
// which sends the enter and leave events) and waits until the widget has it.
bool pointTo(QWidget *widget, QPoint pos)
{
    QCursor::setPos(widget->mapToGlobal(pos));
    return QTest::qWaitFor([widget] { return widget->underMouse(); });
}

struct Fixture {
    Session session = longSession();
    HoverRecorder *style = new HoverRecorder; // owned by the view
    TimelinePanel panel;
    QTreeView *view = nullptr;
    QScrollBar *bar = nullptr;

    bool show()
    {
        panel.resize(700, 420);
        panel.setSession(&session, QStringLiteral("long.json"));
        view = panel.view();
        view->setStyle(style);
        style->setParent(view);
        bar = view->verticalScrollBar();
        panel.show();
        return QTest::qWaitForWindowExposed(&panel) && bar->maximum() > 3 * bar->pageStep();
    }
    QModelIndex rowAt(QPoint pos) const { return view->indexAt(pos).siblingAtColumn(0); }
};

} // namespace

class TestTimelineScroll : public QObject {
    Q_OBJECT

private slots:
    void hoverFollowsTheScrollUnderThePointer();
    void hoverFollowsTheScrollWhileAButtonIsHeld();
    void noHoverWhenThePointerIsElsewhere();
};

void TestTimelineScroll::hoverFollowsTheScrollUnderThePointer()
{
    Fixture f;
    QVERIFY(f.show());
    const QPoint p(120, f.view->viewport()->height() / 2);
    QVERIFY(pointTo(f.view->viewport(), p));
    const QModelIndex before = f.rowAt(p);
    QVERIFY(before.isValid());

    QSignalSpy entered(f.view, &QAbstractItemView::entered);
    for (int page = 1; page <= 3; ++page) {
        f.bar->setValue(f.bar->value() + f.bar->pageStep()); // as a wheel or Page Down would
        const QModelIndex now = f.rowAt(p);
        QVERIFY(now.isValid());
        QVERIFY(now != before);
        QCOMPARE(entered.size(), page);
        QCOMPARE(entered.last().at(0).value<QModelIndex>().siblingAtColumn(0), now);
        QCOMPARE(paintedHovered(f.view, f.style), (QSet<QPersistentModelIndex>{now}));
    }
}

void TestTimelineScroll::hoverFollowsTheScrollWhileAButtonIsHeld()
{
    Fixture f;
    QVERIFY(f.show());
    // Dragging the scroll bar's slider: the scroll bar holds the mouse, and the pointer wanders
    // over the rows without the viewport hearing of it (no enter event until the drag ends).
    QStyleOptionSlider opt;
    opt.initFrom(f.bar);
    opt.orientation = Qt::Vertical;
    opt.minimum = f.bar->minimum();
    opt.maximum = f.bar->maximum();
    opt.sliderPosition = f.bar->sliderPosition();
    opt.sliderValue = f.bar->value();
    opt.pageStep = f.bar->pageStep();
    opt.singleStep = f.bar->singleStep();
    const QRect handle =
        f.bar->style()->subControlRect(QStyle::CC_ScrollBar, &opt, QStyle::SC_ScrollBarSlider, f.bar);
    QVERIFY(handle.isValid());
    QVERIFY(pointTo(f.bar, handle.center()));
    QTest::mousePress(f.bar, Qt::LeftButton, {}, handle.center());
    QPoint releaseAt = handle.center();
    const auto release = qScopeGuard([&] { QTest::mouseRelease(f.bar, Qt::LeftButton, {}, releaseAt); });
    QVERIFY(QGuiApplication::mouseButtons() & Qt::LeftButton);

    // The pointer moves on over the rows while the button is held. During a drag X11 tells the
    // viewport nothing of it (no enter event until the button is released); the offscreen
    // platform's synthetic events do, so the viewport is told it does not have the pointer, as
    // on X11.
    const QPoint p = f.view->viewport()->mapFromGlobal(f.bar->mapToGlobal(handle.center() + QPoint(0, 60))) -
                     QPoint(f.bar->width() + 40, 0);
    QVERIFY(f.view->viewport()->rect().contains(p));
    QCursor::setPos(f.view->viewport()->mapToGlobal(p));
    releaseAt = f.bar->mapFromGlobal(f.view->viewport()->mapToGlobal(p));
    QCoreApplication::processEvents();
    QVERIFY(QGuiApplication::mouseButtons() & Qt::LeftButton);
    f.view->viewport()->setAttribute(Qt::WA_UnderMouse, false);

    QSignalSpy entered(f.view, &QAbstractItemView::entered);
    f.bar->setValue(f.bar->value() + 2 * f.bar->pageStep()); // the slider follows the drag
    const QModelIndex now = f.rowAt(p);
    QVERIFY(now.isValid());
    QCOMPARE(entered.size(), 1);
    QCOMPARE(entered.last().at(0).value<QModelIndex>().siblingAtColumn(0), now);
    QCOMPARE(paintedHovered(f.view, f.style), (QSet<QPersistentModelIndex>{now}));
}

void TestTimelineScroll::noHoverWhenThePointerIsElsewhere()
{
    Fixture f;
    QVERIFY(f.show());
    const QPoint p(120, f.view->viewport()->height() / 2);
    QVERIFY(pointTo(f.view->viewport(), p));
    f.bar->setValue(f.bar->pageStep()); // a row is hovered now
    QCOMPARE(paintedHovered(f.view, f.style), (QSet<QPersistentModelIndex>{f.rowAt(p)}));
    // The pointer leaves the rows for the scroll bar: no row is hovered, before or after a scroll.
    QVERIFY(pointTo(f.bar, QPoint(f.bar->width() / 2, f.bar->height() / 2)));
    QVERIFY(!f.view->viewport()->underMouse());
    QVERIFY(paintedHovered(f.view, f.style).isEmpty());

    QSignalSpy entered(f.view, &QAbstractItemView::entered);
    for (int page = 1; page <= 3; ++page) {
        f.bar->setValue(f.bar->value() + f.bar->pageStep());
        QVERIFY(paintedHovered(f.view, f.style).isEmpty());
    }
    QCOMPARE(entered.size(), 0);

    // Back over the rows: the row under the pointer follows the next scroll again.
    QVERIFY(pointTo(f.view->viewport(), p));
    f.bar->setValue(f.bar->value() + f.bar->pageStep());
    QCOMPARE(paintedHovered(f.view, f.style), (QSet<QPersistentModelIndex>{f.rowAt(p)}));
}

QTEST_MAIN(TestTimelineScroll)
#include "tst_timelinescroll.moc"
