// The timeline's viewport background (ViewportFill): Qt fills the whole viewport with the base
// colour before each paint; the panel marks the viewport as painting all its pixels and fills the
// base colour itself, leaving out the alternate rows, which the style covers with their own
// colour. The view must look exactly as when Qt fills it — grabbed and in the window, at every
// scroll position (by rows and by pixels, and sideways), with selected, focused, collapsed and
// disabled rows, below the last row, in Fusion and Windows — and where the rows' colours are not
// known to hide what is under them (a see-through alternate colour, another style), the whole
// background is filled as before.
#include "support/GuiTestSupport.h"
#include "timeline/ViewportFill.h"

#include <QHeaderView>
#include <QImage>
#include <QScreen>
#include <QScrollBar>
#include <QStyleFactory>
#include <QTreeView>
#include <QWindow>
#include <QtTest>
#include <memory>

using namespace wb;
using namespace wb::gui;

namespace {

// Several pages of rows: 8 steps of 30 requests each, one with a failed request.
Session longSession()
{
    Session s;
    for (int st = 0; st < 8; ++st) {
        Step step;
        step.id = QStringLiteral("s%1").arg(st + 1);
        step.kind = StepKind::Refresh;
        step.title = QStringLiteral("Refresh %1").arg(st + 1);
        step.status = st == 3 ? StepStatus::Failed : StepStatus::Succeeded;
        step.durationMs = 120 + st;
        step.summary = QStringLiteral("200 OK, new access token");
        for (int i = 0; i < 30; ++i) {
            Exchange x;
            x.id = QStringLiteral("x%1").arg(s.exchanges.size() + 1);
            x.role = ExchangeRole::BackChannel;
            x.method = QStringLiteral("POST");
            x.url = QStringLiteral("https://idp.example/token/%1").arg(s.exchanges.size());
            x.status = st == 3 && i == 7 ? 400 : 200;
            x.reason = x.status == 200 ? QStringLiteral("OK") : QStringLiteral("Bad Request");
            x.responseHeaders = {HttpHeader{"Content-Type", "application/json"}};
            x.responseSize = 1000 + 37 * i;
            x.durationMs = 30 + i;
            s.exchanges.append(x);
            step.exchangeIds.append(x.id);
        }
        s.steps.append(step);
    }
    return s;
}

// The viewport as the window shows it (its backing store).
QImage shownView(QTreeView *view)
{
    QWidget *viewport = view->viewport();
    viewport->repaint();
    QWidget *window = viewport->window();
    const QImage all = window->windowHandle()->screen()->grabWindow(window->winId()).toImage();
    const qreal ratio = viewport->devicePixelRatio();
    return all.copy(
        QRectF(QPointF(viewport->mapTo(window, QPoint(0, 0))) * ratio, QSizeF(viewport->size()) * ratio)
            .toAlignedRect());
}

int differing(const QImage &a, const QImage &b)
{
    if (a.size() != b.size() || a.isNull())
        return -1;
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    int n = 0;
    for (int row = 0; row < x.height(); ++row)
        for (int col = 0; col < x.width(); ++col)
            n += x.pixel(col, row) != y.pixel(col, row);
    return n;
}

// The pixels that differ between the viewport filled by the panel and by Qt (the viewport not
// said opaque: Qt fills it all before the rows, and ViewportFill leaves the paint alone), in a
// grab and in the window.
int differingFromQtFill(QTreeView *view)
{
    QWidget *viewport = view->viewport();
    const bool own = viewport->testAttribute(Qt::WA_OpaquePaintEvent);
    const QImage grabbedOwn = viewport->grab().toImage();
    const QImage shownOwn = shownView(view);
    viewport->setAttribute(Qt::WA_OpaquePaintEvent, false);
    const QImage grabbedQt = viewport->grab().toImage();
    const QImage shownQt = shownView(view);
    viewport->setAttribute(Qt::WA_OpaquePaintEvent, own);
    viewport->update();
    const int grabbed = differing(grabbedOwn, grabbedQt);
    const int shown = differing(shownOwn, shownQt);
    return grabbed < 0 || shown < 0 ? -1 : grabbed + shown;
}

// The alternate rows of the whole viewport are left to the rows.
bool leavesRowsOut(QTreeView *view)
{
    return view->viewport()->testAttribute(Qt::WA_OpaquePaintEvent) &&
           !ViewportFill::coveredByRows(view, QRegion(view->viewport()->rect())).isEmpty();
}

struct Fixture {
    Session session = longSession();
    std::unique_ptr<QStyle> style;
    TimelinePanel panel;

    explicit Fixture(const QString &styleName = QStringLiteral("Fusion"))
        : style(QStyleFactory::create(styleName))
    {
        panel.resize(700, 420);
        panel.view()->setStyle(style.get());
        panel.setSession(&session, QStringLiteral("long.json"));
        panel.show();
    }
    QTreeView *view() { return panel.view(); }
    QScrollBar *bar() { return panel.view()->verticalScrollBar(); }
};

} // namespace

class TestTimelineViewportFill : public QObject {
    Q_OBJECT

private slots:
    void sameAsQtAtEveryScrollPosition_data();
    void sameAsQtAtEveryScrollPosition();
    void sameAsQtSidewaysAndBelowTheRows();
    void sameAsQtWithSelectionFocusAndDisabled();
    void seeThroughRowsGetTheWholeFill();
    void followsPaletteAndStyle();
};

void TestTimelineViewportFill::sameAsQtAtEveryScrollPosition_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<bool>("perPixel");
    QTest::newRow("fusion, by rows") << QStringLiteral("Fusion") << false;
    QTest::newRow("fusion, by pixels") << QStringLiteral("Fusion") << true;
    QTest::newRow("windows, by rows") << QStringLiteral("Windows") << false;
}

void TestTimelineViewportFill::sameAsQtAtEveryScrollPosition()
{
    QFETCH(QString, style);
    QFETCH(bool, perPixel);
    Fixture f(style);
    QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
    f.view()->setVerticalScrollMode(perPixel ? QAbstractItemView::ScrollPerPixel
                                             : QAbstractItemView::ScrollPerItem);
    QVERIFY(f.bar()->maximum() > 20);
    QVERIFY(leavesRowsOut(f.view()));
    // Every position near the top and the bottom, and a stride through the middle: odd and even
    // first rows, rows cut at the top (by pixels), a step row with its own background and icon.
    QList<int> values;
    const int max = f.bar()->maximum();
    for (int v = 0; v <= max; v += (v < 30 || v > max - 30) ? 1 : 37)
        values.append(v);
    values.append(max);
    for (int value : values) {
        f.bar()->setValue(value);
        QCOMPARE(differingFromQtFill(f.view()), 0);
    }
}

void TestTimelineViewportFill::sameAsQtSidewaysAndBelowTheRows()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
    // Columns wider than the view: scrolled sideways, the rows start left of the viewport.
    f.view()->header()->setStretchLastSection(false);
    f.view()->header()->resizeSection(TimelineModel::SummaryColumn, 900);
    QCoreApplication::processEvents();
    QScrollBar *sideways = f.view()->horizontalScrollBar();
    QVERIFY(sideways->maximum() > 0);
    for (int value : {0, sideways->maximum() / 3, sideways->maximum()}) {
        sideways->setValue(value);
        QVERIFY(leavesRowsOut(f.view()));
        QCOMPARE(differingFromQtFill(f.view()), 0);
    }
    // Columns narrower than the view: the rows end before its right edge.
    sideways->setValue(0);
    f.view()->header()->resizeSection(TimelineModel::SummaryColumn, 60);
    QCoreApplication::processEvents();
    QVERIFY(leavesRowsOut(f.view()));
    QCOMPARE(differingFromQtFill(f.view()), 0);
    // Every step collapsed: fewer rows than the viewport holds, the rest of it below them.
    f.view()->collapseAll();
    QCoreApplication::processEvents();
    QVERIFY(leavesRowsOut(f.view()));
    QCOMPARE(differingFromQtFill(f.view()), 0);
    f.view()->expand(f.panel.model()->indexOfStep(2));
    f.view()->setColumnHidden(TimelineModel::DurationColumn, true);
    QCOMPARE(differingFromQtFill(f.view()), 0);
    // No session at all.
    f.panel.setSession(nullptr);
    QCOMPARE(differingFromQtFill(f.view()), 0);
}

void TestTimelineViewportFill::sameAsQtWithSelectionFocusAndDisabled()
{
    Fixture f;
    const bool active = test::showActive(f.panel); // not under an X server without window manager
    QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
    // A selected exchange on an alternate row and one on another row, with keyboard focus.
    f.view()->setFocus();
    for (int exchange : {3, 4, 35}) {
        f.panel.selectExchange(exchange);
        QVERIFY(leavesRowsOut(f.view()));
        QCOMPARE(differingFromQtFill(f.view()), 0);
    }
    f.panel.selectStep(3);
    QCOMPARE(differingFromQtFill(f.view()), 0);
    f.view()->setEnabled(false);
    QCOMPARE(differingFromQtFill(f.view()), 0);
    f.view()->setEnabled(true);
    if (!active)
        return; // the inactive colours were the ones compared
    // Another window active: the inactive colours.
    QWidget other;
    other.resize(100, 100);
    QVERIFY(test::showActive(other));
    QCOMPARE(differingFromQtFill(f.view()), 0);
}

void TestTimelineViewportFill::seeThroughRowsGetTheWholeFill()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
    QPalette palette = f.view()->palette();
    palette.setColor(QPalette::Inactive, QPalette::AlternateBase, QColor(120, 160, 200, 90));
    f.view()->setPalette(palette);
    QVERIFY(f.view()->viewport()->testAttribute(Qt::WA_OpaquePaintEvent)); // the base is opaque
    QVERIFY(ViewportFill::coveredByRows(f.view(), QRegion(f.view()->viewport()->rect())).isEmpty());
    f.bar()->setValue(f.bar()->maximum() / 2);
    QCOMPARE(differingFromQtFill(f.view()), 0);
}

void TestTimelineViewportFill::followsPaletteAndStyle()
{
    Fixture f;
    QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
    QWidget *viewport = f.view()->viewport();
    QVERIFY(viewport->testAttribute(Qt::WA_OpaquePaintEvent));
    // A see-through base colour, then a gradient: Qt fills those (and what is under them).
    QPalette palette = f.view()->palette();
    palette.setColor(QPalette::Disabled, QPalette::Base, QColor(255, 255, 255, 100));
    f.view()->setPalette(palette);
    QVERIFY(!viewport->testAttribute(Qt::WA_OpaquePaintEvent));
    QLinearGradient gradient(0, 0, 0, 100);
    gradient.setColorAt(0, Qt::white);
    gradient.setColorAt(1, Qt::gray);
    palette.setBrush(QPalette::Base, QBrush(gradient));
    f.view()->setPalette(palette);
    QVERIFY(!viewport->testAttribute(Qt::WA_OpaquePaintEvent));
    f.view()->setPalette(QPalette());
    QVERIFY(viewport->testAttribute(Qt::WA_OpaquePaintEvent));
    // The auto-fill turned off without an event: Qt's paint (nothing) from the next paint on.
    viewport->setAutoFillBackground(false);
    viewport->repaint();
    QVERIFY(!viewport->testAttribute(Qt::WA_OpaquePaintEvent));
    viewport->setAutoFillBackground(true);
    viewport->repaint(); // filled by Qt, and the next paints by the panel again
    QVERIFY(viewport->testAttribute(Qt::WA_OpaquePaintEvent));
    QVERIFY(leavesRowsOut(f.view()));
    QCOMPARE(differingFromQtFill(f.view()), 0);
    // A style sheet: its rows' background is not known, the whole viewport is filled.
    f.view()->setStyleSheet(QStringLiteral("QTreeView { alternate-background-color: #eef; }"));
    QVERIFY(ViewportFill::coveredByRows(f.view(), QRegion(viewport->rect())).isEmpty());
    QCOMPARE(differingFromQtFill(f.view()), 0);
}

QTEST_MAIN(TestTimelineViewportFill)
#include "tst_timelineviewportfill.moc"
