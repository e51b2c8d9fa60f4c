// The timeline's scroll bar painted from images (ScrollBarImages, through OpaqueScrollBar) must be
// the pixels Fusion paints, at every slider position from the top to the bottom, enabled or not,
// in an inactive window, with another palette, after a resize; the images must really be used
// (or the comparison proves nothing), and a hovered bar, another style or a see-through palette
// must be left to the style. The pixels compared are the window's own (its backing store), where
// a page of the timeline is painted, and a grab of the bar.
#include "support/GuiTestSupport.h"
#include "timeline/OpaqueScrollBar.h"

#include <QCursor>
#include <QScreen>
#include <QScrollBar>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleOptionSlider>
#include <QTreeView>
#include <QWindow>
#include <QtTest>
#include <cmath>
#include <memory>

using namespace wb;
using namespace wb::gui;

namespace {

Session manyRows(int exchanges)
{
    Session s;
    Step step;
    step.id = QStringLiteral("s1");
    step.kind = StepKind::Refresh;
    step.title = QStringLiteral("Refresh");
    step.status = StepStatus::Succeeded;
    for (int i = 0; i < exchanges; ++i) {
        Exchange x;
        x.id = QStringLiteral("x%1").arg(i + 1);
        x.role = ExchangeRole::BackChannel;
        x.method = QStringLiteral("POST");
        x.url = QStringLiteral("https://idp.example/token/%1").arg(i);
        x.status = 200;
        x.reason = QStringLiteral("OK");
        x.durationMs = 30 + i % 7;
        s.exchanges.append(x);
        step.exchangeIds.append(x.id);
    }
    s.steps.append(step);
    return s;
}

// The bar as the window shows it (the backing store), after a repaint of the bar alone.
QImage shown(QScrollBar *bar)
{
    bar->repaint();
    QWidget *window = bar->window();
    const QImage all = window->windowHandle()->screen()->grabWindow(window->winId()).toImage();
    const qreal ratio = bar->devicePixelRatio();
    return all.copy(QRectF(QPointF(bar->mapTo(window, QPoint(0, 0))) * ratio, QSizeF(bar->size()) * ratio)
                        .toAlignedRect());
}

// The positions where the bar, painted from its images and by the style, differs (shown in the
// window and grabbed); `composed` counts the positions painted from the images.
QList<int> differingPositions(QScrollBar *bar, int *composed)
{
    ScrollBarImages *images = OpaqueScrollBar::images(bar);
    QList<int> differ;
    *composed = 0;
    for (int value = bar->minimum(); value <= bar->maximum(); ++value) {
        bar->setValue(value);
        images->setEnabled(true);
        shown(bar); // the first paints of a new state teach the images
        const int before = images->composedPaints();
        const QImage fromImages = shown(bar);
        const QImage grabbedFromImages = bar->grab().toImage();
        *composed += images->composedPaints() > before;
        images->setEnabled(false);
        const QImage byStyle = shown(bar);
        const QImage grabbedByStyle = bar->grab().toImage();
        images->setEnabled(true);
        if (fromImages.isNull() || fromImages != byStyle || grabbedFromImages != grabbedByStyle)
            differ.append(value);
    }
    return differ;
}

} // namespace

class TestTimelineScrollBar : public QObject {
    Q_OBJECT

private slots:
    void paintsLikeTheStyle();
    void leftToTheStyleWhenHoveredOrNotFusion();
};

void TestTimelineScrollBar::paintsLikeTheStyle()
{
    Session s = manyRows(60);
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    TimelinePanel panel;
    panel.resize(700, 300);
    panel.view()->setStyle(fusion.get());
    QScrollBar *bar = panel.view()->verticalScrollBar();
    bar->setStyle(fusion.get());
    panel.setSession(&s, QStringLiteral("many.json"));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCursor::setPos(panel.mapToGlobal(QPoint(-50, -50))); // the pointer away from the bar
    QTRY_VERIFY(!bar->underMouse());
    QVERIFY(bar->isVisible() && bar->maximum() > 20);
    QVERIFY(OpaqueScrollBar::images(bar));

    // At a fractional pixel ratio (QT_SCALE_FACTOR=1.5) the images are not used at all.
    const bool wholePixels = bar->devicePixelRatio() == std::round(bar->devicePixelRatio());
    const auto used = [wholePixels](int composed) { return wholePixels ? composed > 0 : composed == 0; };
    int composed = 0;
    QCOMPARE(differingPositions(bar, &composed), QList<int>{});
    // Most positions came from the images; a few at either end from the style.
    if (wholePixels)
        QVERIFY2(composed > (bar->maximum() + 1) / 2, qPrintable(QString::number(composed)));
    QVERIFY(used(composed));
    QVERIFY(composed <= bar->maximum());

    // Disabled.
    bar->setEnabled(false);
    QCOMPARE(differingPositions(bar, &composed), QList<int>{});
    QVERIFY(used(composed));
    bar->setEnabled(true);

    // Another palette (darker, with a different button colour), and another height.
    QPalette dark = bar->palette();
    dark.setColor(QPalette::Button, QColor(53, 53, 60));
    dark.setColor(QPalette::Window, QColor(40, 40, 44));
    dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
    bar->setPalette(dark);
    panel.resize(700, 420);
    QTRY_VERIFY(bar->height() > 300);
    QCOMPARE(differingPositions(bar, &composed), QList<int>{});
    QVERIFY(used(composed));

    // Inactive: another window takes the focus.
    QWidget other;
    other.resize(100, 100);
    other.show();
    other.activateWindow();
    if (QTest::qWaitForWindowActive(&other) && !panel.isActiveWindow()) {
        QCOMPARE(differingPositions(bar, &composed), QList<int>{});
        QVERIFY(used(composed));
    } else {
        qInfo("the window stayed active: the inactive palette was not compared");
    }
}

void TestTimelineScrollBar::leftToTheStyleWhenHoveredOrNotFusion()
{
    Session s = manyRows(60);
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    std::unique_ptr<QStyle> windows(QStyleFactory::create(QStringLiteral("Windows")));
    TimelinePanel panel;
    panel.resize(700, 300);
    panel.view()->setStyle(fusion.get());
    QScrollBar *bar = panel.view()->verticalScrollBar();
    bar->setStyle(fusion.get());
    panel.setSession(&s, QStringLiteral("many.json"));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    ScrollBarImages *images = OpaqueScrollBar::images(bar);
    QCursor::setPos(panel.mapToGlobal(QPoint(-50, -50)));
    QTRY_VERIFY(!bar->underMouse());
    const auto composedOver = [&](int from, int to) {
        const int before = images->composedPaints();
        for (int value = from; value <= to; ++value) {
            bar->setValue(value);
            shown(bar);
        }
        return images->composedPaints() - before;
    };
    const int middle = bar->maximum() / 2;
    if (bar->devicePixelRatio() != std::round(bar->devicePixelRatio()))
        QSKIP("a fractional pixel ratio: the images are never used (paintsLikeTheStyle checks that)");
    QVERIFY(composedOver(middle - 3, middle + 3) > 0);

    // The pointer on the slider: Fusion paints it hovered; the images are not used.
    bar->setValue(middle);
    const QStyleOptionSlider option = [&] {
        QStyleOptionSlider o;
        o.initFrom(bar);
        o.orientation = Qt::Vertical;
        o.minimum = bar->minimum();
        o.maximum = bar->maximum();
        o.sliderPosition = bar->sliderPosition();
        o.sliderValue = bar->value();
        o.pageStep = bar->pageStep();
        o.singleStep = bar->singleStep();
        return o;
    }();
    const QRect slider =
        bar->style()->subControlRect(QStyle::CC_ScrollBar, &option, QStyle::SC_ScrollBarSlider, bar);
    QTest::mouseMove(bar, slider.center());
    if (QTest::qWaitFor([bar] { return bar->underMouse(); })) {
        QCOMPARE(composedOver(middle - 3, middle + 3), 0);
        QTest::mouseMove(panel.view()->viewport(), QPoint(20, 20));
        QTRY_VERIFY(!bar->underMouse());
        QVERIFY(composedOver(middle - 3, middle + 3) > 0);
    } else {
        // Seen with QT_SCALE_FACTOR=2 on the offscreen platform: the pointer never gets there.
        QVERIFY(bar->devicePixelRatio() != 1);
        qInfo("the pointer could not be put on the bar at this scale: hover not checked");
    }

    // Another style, or a see-through button colour: the style paints.
    bar->setStyle(windows.get());
    QCOMPARE(composedOver(middle - 3, middle + 3), 0);
    bar->setStyle(fusion.get());
    QPalette seeThrough = bar->palette();
    seeThrough.setColor(QPalette::Button, QColor(200, 200, 200, 120));
    bar->setPalette(seeThrough);
    QCOMPARE(composedOver(middle - 3, middle + 3), 0);
}

QTEST_MAIN(TestTimelineScrollBar)
#include "tst_timelinescrollbar.moc"
