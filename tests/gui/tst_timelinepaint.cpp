// The timeline's painting: its delegate (TimelineDelegate, shaping each text once and keeping it in
// a ShapedTextCache) must give exactly the pixels of Qt's own QStyledItemDelegate, on every kind of
// row (steps, hops, failed hops, the callback link, sub-resources, stray hits in italics), with
// elided and right-aligned texts, in Fusion and Windows, enabled or not; and a session that changes
// while it is shown (a response arriving, a step finishing, new rows) is painted as it now is,
// never with a text shaped for what it was before. The model keeps the texts of the exchange rows
// it has formatted: a sync must repaint the rows whose texts changed (an exchange updated in place,
// a hop that turned out to be a frame's) and paint them as they now are. Texts drawn often are
// copied from images (TextImageCache): the view's pixels, in a grab and in the window, must stay
// Qt's, and the images must be the glyphs' pixels, within their bound.
#include "common/Format.h"
#include "support/CapturedSessionFixture.h"
#include "support/GuiTestSupport.h"
#include "timeline/ShapedTextCache.h"
#include "timeline/TextImageCache.h"
#include "timeline/TimelineDelegate.h"

#include <QHeaderView>
#include <QImage>
#include <QPainter>
#include <QScreen>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QWindow>
#include <QtTest>
#include <cmath>
#include <memory>

using namespace wb;
using namespace wb::gui;

namespace {
QImage grabView(QTreeView *view)
{
    view->viewport()->update();
    QCoreApplication::processEvents();
    return view->viewport()->grab().toImage();
}

// The viewport as the window shows it (its backing store, where the pages are painted).
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
    int n = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            n += a.pixel(x, y) != b.pixel(x, y);
    return n;
}

// The number of pixels that differ between the view painted by its own delegate and by Qt's,
// grabbed and as the window shows it.
int differingPixels(QTreeView *view, QImage *ours = nullptr)
{
    QAbstractItemDelegate *own = view->itemDelegate();
    const QImage a = grabView(view);
    const QImage shownA = view->isVisible() ? shownView(view) : QImage();
    QStyledItemDelegate plain;
    view->setItemDelegate(&plain);
    const QImage b = grabView(view);
    const QImage shownB = view->isVisible() ? shownView(view) : QImage();
    view->setItemDelegate(own);
    if (ours)
        *ours = a;
    const int grabbed = differing(a, b);
    const int shown = view->isVisible() ? differing(shownA, shownB) : 0;
    return grabbed < 0 || shown < 0 ? -1 : grabbed + shown;
}

// Not the base colour everywhere: something was painted.
bool hasContent(const QImage &image)
{
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            if (image.pixel(x, y) != first)
                return true;
    return false;
}

Exchange strayHit(int n)
{
    Exchange x;
    x.id = QStringLiteral("stray%1").arg(n);
    x.role = ExchangeRole::Stray;
    x.method = QStringLiteral("GET");
    x.url = QStringLiteral("http://127.0.0.1:53682/favicon.ico");
    x.status = 404;
    x.reason = QStringLiteral("Not Found");
    x.durationMs = 2;
    return x;
}
} // namespace

class TestTimelinePaint : public QObject {
    Q_OBJECT

private slots:
    void paintsLikeTheStyle_data();
    void paintsLikeTheStyle();
    void liveChangesArePaintedAsTheyAre();
    void rowsWhoseTextsChangedAreRepainted();
    void opaqueScrollBarPaintsEveryPixel();
    void shapedTextsStayBounded();
    void textImagesAreTheGlyphsAndStayBounded();
};

void TestTimelinePaint::paintsLikeTheStyle_data()
{
    QTest::addColumn<QString>("style");
    QTest::addColumn<int>("titleWidth");
    QTest::addColumn<bool>("enabled");
    QTest::newRow("fusion") << QStringLiteral("Fusion") << 380 << true;
    QTest::newRow("fusion, narrow: elided") << QStringLiteral("Fusion") << 150 << true;
    QTest::newRow("fusion, disabled") << QStringLiteral("Fusion") << 380 << false;
    QTest::newRow("windows, narrow") << QStringLiteral("Windows") << 150 << true;
}

void TestTimelinePaint::paintsLikeTheStyle()
{
    QFETCH(QString, style);
    QFETCH(int, titleWidth);
    QFETCH(bool, enabled);
    Session s = test::capturedSession(true);
    s.exchanges.append(strayHit(1));
    s.steps.last().exchangeIds.append(QStringLiteral("stray1"));
    s.steps[0].summary =
        QStringLiteral("a summary long enough to be elided at the right edge of the window: ") +
        QString(40, QLatin1Char('x'));
    // A redirect to a very long URL (a SAML request, say): elided in the middle, never kept whole.
    s.exchanges[0].responseHeaders = {
        HttpHeader{"Location", "/u/login?state=" + QByteArray(6000, 'a') + "Z"}};
    std::unique_ptr<QStyle> qstyle(QStyleFactory::create(style));
    QVERIFY(qstyle);

    TimelinePanel panel;
    panel.resize(760, 520);
    panel.view()->setStyle(qstyle.get());
    panel.setSession(&s, QStringLiteral("captured.json"));
    panel.model()->setShowSubResources(true);
    panel.view()->expandAll();
    panel.view()->header()->resizeSection(TimelineModel::TitleColumn, titleWidth);
    panel.view()->header()->resizeSection(TimelineModel::DurationColumn, 40); // "12.8 s" elided
    panel.view()->setEnabled(enabled);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.selectExchange(2); // one selected row (drawn by the style) among the others

    QImage ours;
    QCOMPARE(differingPixels(panel.view(), &ours), 0);
    QVERIFY(hasContent(ours));
    // Again, now from the shaped texts kept by the first paint, and then (each text drawn often
    // enough) from their images where the colour under them is known (not on the selected row).
    const auto *delegate = qobject_cast<TimelineDelegate *>(panel.view()->itemDelegate());
    QVERIFY(delegate);
    for (int i = 0; i < 8; ++i)
        QCOMPARE(differingPixels(panel.view()), 0);
    const qreal ratio = panel.view()->viewport()->devicePixelRatio();
    if (ratio == std::round(ratio)) // at QT_SCALE_FACTOR=1.5 the glyphs are always drawn
        QVERIFY(delegate->textImages().drawnFromImages() > 0);
}

void TestTimelinePaint::liveChangesArePaintedAsTheyAre()
{
    Session s = test::capturedSession();
    const int token = int(s.exchanges.size()) - 1;
    s.exchanges[token].status = 0; // still waiting for the token endpoint
    s.exchanges[token].reason.clear();
    s.exchanges[token].responseHeaders.clear();
    s.exchanges[token].responseSize = 0;
    s.steps.last().status = StepStatus::Running;
    s.steps.last().startedAt = QDateTime::currentDateTimeUtc();
    s.steps.last().summary.clear();

    TimelinePanel panel;
    panel.resize(900, 520);
    panel.setSession(&s);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QModelIndex tokenRow = panel.model()->indexOfExchangeIndex(token);
    QVERIFY(tokenRow.isValid());
    QVERIFY(tokenRow.siblingAtColumn(TimelineModel::SummaryColumn)
                .data()
                .toString()
                .contains(QStringLiteral("waiting")));
    const QImage before = grabView(panel.view());

    // The response arrives, the step finishes, and one more step with an exchange is recorded.
    s.exchanges[token].status = 200;
    s.exchanges[token].reason = QStringLiteral("OK");
    s.exchanges[token].responseHeaders = {HttpHeader{"Content-Type", "application/json"}};
    s.exchanges[token].responseSize = 4900;
    s.steps.last().status = StepStatus::Succeeded;
    s.steps.last().durationMs = 96;
    s.steps.last().summary = QStringLiteral("200 OK, access + refresh + id token");
    Step refresh;
    refresh.id = QStringLiteral("s9");
    refresh.kind = StepKind::Refresh;
    refresh.title = QStringLiteral("Refresh");
    refresh.status = StepStatus::Succeeded;
    refresh.summary = QStringLiteral("200 OK, new access token");
    Exchange again = s.exchanges[token];
    again.id = QStringLiteral("x99");
    again.durationMs = 61;
    s.exchanges.append(again);
    refresh.exchangeIds = {again.id};
    s.steps.append(refresh);
    panel.sync();

    QVERIFY(tokenRow.siblingAtColumn(TimelineModel::SummaryColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("200 OK")));
    QImage after;
    QCOMPARE(differingPixels(panel.view(), &after), 0);
    QVERIFY(after != before);
}

void TestTimelinePaint::rowsWhoseTextsChangedAreRepainted()
{
    Session s = test::capturedSession();
    const int token = int(s.exchanges.size()) - 1;
    const int tokenStep = int(s.steps.size()) - 1;
    s.exchanges[token].status = 0; // still waiting for the token endpoint
    s.exchanges[token].reason.clear();
    s.exchanges[token].responseHeaders.clear();
    s.exchanges[token].durationMs = 0;
    s.steps[tokenStep].status = StepStatus::Running;

    TimelinePanel panel;
    panel.resize(900, 520);
    panel.setSession(&s);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    TimelineModel *model = panel.model();
    const QModelIndex tokenRow = model->indexOfExchangeIndex(token);
    const QModelIndex consentRow = model->indexOfExchange(QStringLiteral("x4"));
    QVERIFY(tokenRow.isValid() && consentRow.isValid());
    QVERIFY(!consentRow.data().toString().startsWith(QStringLiteral("Frame:")));
    const QImage before = grabView(panel.view()); // every row's texts formatted and kept
    const QString keptSummary = tokenRow.siblingAtColumn(TimelineModel::SummaryColumn).data().toString();
    QVERIFY(keptSummary.contains(QStringLiteral("waiting")));

    // Nothing changed: a sync repaints no exchange row.
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    panel.sync();
    const auto repaintedRows = [&] {
        QSet<QPersistentModelIndex> rows;
        for (const QList<QVariant> &args : changed) {
            const QModelIndex first = args.at(0).value<QModelIndex>();
            const QModelIndex last = args.at(1).value<QModelIndex>();
            if (first.parent().isValid()) // exchange rows only; steps are always refreshed
                for (int r = first.row(); r <= last.row(); ++r)
                    rows.insert(model->index(r, 0, first.parent()));
        }
        changed.clear();
        return rows;
    };
    QVERIFY(repaintedRows().isEmpty());
    QCOMPARE(tokenRow.siblingAtColumn(TimelineModel::SummaryColumn).data().toString(), keptSummary);

    // The response arrives in place, and the consent page turns out to have been an iframe's.
    s.exchanges[token].status = 200;
    s.exchanges[token].reason = QStringLiteral("OK");
    s.exchanges[token].responseHeaders = {HttpHeader{"Content-Type", "application/json"}};
    s.exchanges[token].responseSize = 4900;
    s.exchanges[token].durationMs = 87;
    s.steps[tokenStep].status = StepStatus::Succeeded;
    s.steps[1].details["frame_hops"] = nlohmann::json::array({{{"frame", "F2"},
                                                               {"method", "GET"},
                                                               {"url", s.exchanges[3].url.toStdString()},
                                                               {"exchange", "x4"}}});
    panel.sync();
    QCOMPARE(repaintedRows(), (QSet<QPersistentModelIndex>{tokenRow, consentRow}));
    QVERIFY(tokenRow.siblingAtColumn(TimelineModel::SummaryColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("200 OK · application/json")));
    QCOMPARE(tokenRow.siblingAtColumn(TimelineModel::DurationColumn).data().toString(), formatDuration(87));
    QVERIFY(consentRow.data().toString().startsWith(QStringLiteral("Frame: Page: GET")));
    QImage after;
    QCOMPARE(differingPixels(panel.view(), &after), 0);
    QVERIFY(after != before);

    // A new session: nothing kept from the old one is shown.
    Session other = test::capturedSession();
    other.exchanges[token].url = QStringLiteral("https://other.example/oauth/token");
    panel.setSession(&other);
    QVERIFY(model->indexOfExchangeIndex(token).data().toString().contains(QStringLiteral("other.example")));
    QCOMPARE(differingPixels(panel.view()), 0);
}

void TestTimelinePaint::opaqueScrollBarPaintsEveryPixel()
{
    Session s = test::capturedSession(true);
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    std::unique_ptr<QStyle> windows(QStyleFactory::create(QStringLiteral("Windows")));
    TimelinePanel panel;
    panel.resize(700, 180); // a scroll bar with room to move
    panel.view()->setStyle(fusion.get());
    QScrollBar *bar = panel.view()->verticalScrollBar();
    bar->setStyle(fusion.get());
    panel.setSession(&s, QStringLiteral("captured.json"));
    panel.model()->setShowSubResources(true);
    panel.view()->expandAll();
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(bar->isVisible() && bar->maximum() > 0);
    QVERIFY(bar->testAttribute(Qt::WA_OpaquePaintEvent));

    // The panel grabbed with the scroll bar said opaque and not: what is under the bar is
    // painted only in the second, so the two differ unless the bar covers it all.
    const auto grabbed = [&](bool opaque) {
        bar->setAttribute(Qt::WA_OpaquePaintEvent, opaque);
        const QImage image = panel.grab().toImage();
        bar->setAttribute(Qt::WA_OpaquePaintEvent, true);
        return image;
    };
    for (int value : {0, bar->maximum() / 2, bar->maximum()}) {
        bar->setValue(value);
        QCoreApplication::processEvents();
        const QImage opaque = grabbed(true);
        QVERIFY(hasContent(opaque));
        QVERIFY(opaque == grabbed(false));
    }

    // Another style (or a transient or see-through scroll bar) may leave pixels alone.
    bar->setStyle(windows.get()); // a widget's style is not its children's
    QVERIFY(!bar->testAttribute(Qt::WA_OpaquePaintEvent));
    bar->setStyle(fusion.get());
    QVERIFY(bar->testAttribute(Qt::WA_OpaquePaintEvent));
    QPalette seeThrough = bar->palette();
    seeThrough.setColor(QPalette::Button, QColor(200, 200, 200, 120));
    bar->setPalette(seeThrough);
    QVERIFY(!bar->testAttribute(Qt::WA_OpaquePaintEvent));
}

void TestTimelinePaint::shapedTextsStayBounded()
{
    ShapedTextCache cache(4096);
    const QFont font;
    const Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter;
    const ShapedTextCache::Entry *first =
        cache.shaped(QStringLiteral("200 OK"), font, 300, align, Qt::ElideMiddle);
    QCOMPARE(cache.shaped(QStringLiteral("200 OK"), font, 300, align, Qt::ElideMiddle), first); // kept
    QCOMPARE(first->drawn.text(), QStringLiteral("200 OK"));
    for (int i = 0; i < 200; ++i)
        cache.shaped(QString::number(i) + QString(100, QLatin1Char('x')), font, 300, align, Qt::ElideMiddle);
    QVERIFY(cache.size() > 10);
    QVERIFY2(cache.totalCost() <= 4096, qPrintable(QString::number(cache.totalCost())));

    // Longer than the whole cache: shaped and elided for this call, not kept.
    const QString huge = QStringLiteral("302 Found → ") + QString(10000, QLatin1Char('y'));
    const qsizetype before = cache.size();
    const ShapedTextCache::Entry *e = cache.shaped(huge, font, 300, align, Qt::ElideMiddle);
    QVERIFY(e->oneLine);
    QVERIFY(e->drawn.text().startsWith(QStringLiteral("302 Found")));
    QVERIFY(e->drawn.text().contains(QChar(0x2026)));
    QVERIFY(e->drawn.lineAt(0).naturalTextWidth() <= 300);
    QCOMPARE(cache.size(), before);
    QCOMPARE(cache.shaped(QStringLiteral("short"), font, 300, align, Qt::ElideMiddle)->drawn.text(),
             QStringLiteral("short"));
    // The width is part of what was shaped: a narrower column elides again.
    QVERIFY(cache.shaped(QString(100, QLatin1Char('x')), font, 40, align, Qt::ElideRight)
                ->drawn.text()
                .endsWith(QChar(0x2026)));
}

void TestTimelinePaint::textImagesAreTheGlyphsAndStayBounded()
{
    ShapedTextCache shaped;
    constexpr qsizetype capacity = 64 * 1024;
    TextImageCache images(capacity);
    QFont font;
    const Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter;
    const QColor background(0xf7, 0xf7, 0xf7);
    const QColor pen(Qt::black);
    const QRect cell(10, 5, 320, 22);
    const QRect area = cell.adjusted(24, 0, 0, 0); // right of an icon
    const QPoint position(area.x() + 3, cell.y() + 3);
    const auto canvas = [&] {
        QImage image(360, 40, QImage::Format_RGB32);
        image.fill(background);
        return image;
    };
    const auto glyphs = [&](const ShapedTextCache::Entry *e, QPoint at) {
        QImage image = canvas();
        QPainter p(&image);
        p.setClipRect(cell);
        p.setPen(pen);
        e->drawn.draw(&p, at);
        return image;
    };
    for (int i = 0; i < 300; ++i) {
        font.setItalic(i % 3 == 0);
        const ShapedTextCache::Entry *e =
            shaped.shaped(QStringLiteral("Request: POST idp.example.test/token/%1").arg(i), font,
                          area.width() - 6, align, Qt::ElideMiddle);
        const QImage expected = glyphs(e, position);
        for (int pass = 0; pass < 2; ++pass) { // made, then copied
            QImage image = canvas();
            QPainter p(&image);
            QVERIFY(images.draw(&p, e->id, e->drawn, position, cell, area, pen, background));
            p.end();
            QVERIFY2(image == expected, qPrintable(QString::number(i)));
        }
        QVERIFY(images.totalBytes() <= capacity);
    }
    QVERIFY(images.drawnFromImages() == 600);

    // Glyphs reaching left of the area (over the icon, whose colour is not known), a painter
    // that is not opaque, a background that is not: drawn by the caller.
    const ShapedTextCache::Entry *e =
        shaped.shaped(QStringLiteral("Wide"), font, area.width(), align, Qt::ElideMiddle);
    QImage image = canvas();
    QPainter p(&image);
    QVERIFY(
        !images.draw(&p, e->id, e->drawn, QPoint(area.x() - 20, position.y()), cell, area, pen, background));
    QVERIFY(!images.draw(&p, e->id, e->drawn, position, cell, area, pen, QColor(0, 0, 0, 100)));
    p.setOpacity(0.5);
    QVERIFY(!images.draw(&p, e->id, e->drawn, position, cell, area, pen, background));
    p.end();
    QCOMPARE(image, canvas()); // nothing was drawn
}

QTEST_MAIN(TestTimelinePaint)
#include "tst_timelinepaint.moc"
