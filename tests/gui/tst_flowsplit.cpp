// The Flow tab's split in a 1280x800 window: the timeline keeps its share next to the detail
// panels. The tokens panel, built in a tab not shown, used to announce the minimum height of
// token boxes it had already hidden, and the timeline was left about 170 px of 660.
#include "support/GuiTestSupport.h"

#include "tokens/TokenView.h"
#include "tokens/TokensPanel.h"

#include <QSplitter>
#include <QTabWidget>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

class TestFlowSplit : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void timelineKeepsItsShare();
    void hiddenTokenBoxesDoNotCountInTheMinimum();
};

void TestFlowSplit::timelineKeepsItsShare()
{
    WindowFixture f;
    MainWindow *w = f.window.get();
    w->newProfile();
    w->resize(1280, 800);
    QVERIFY(showActive(*w));
    w->showPage(QStringLiteral("inspector"));
    auto *splitter = child<QSplitter>(w, "flowSplitter");
    QTRY_VERIFY(splitter->isVisible() && splitter->sizes().value(0) > 0);
    const QList<int> sizes = splitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    // The default split is 290:430 (40%); the detail panels' minimum must not overrule it.
    QVERIFY2(sizes.value(0) * 100 >= total * 35,
             qPrintable(QStringLiteral("timeline %1 of %2 px").arg(sizes.value(0)).arg(total)));
    // Every detail tab fits in what the split gives them, the tokens tab included.
    auto *details = child<QTabWidget>(w, "detailTabs");
    QVERIFY(details->minimumSizeHint().height() <= sizes.value(1));
    w->showPage(QStringLiteral("tokens"));
    QTRY_COMPARE(splitter->sizes(), sizes);
}

void TestFlowSplit::hiddenTokenBoxesDoNotCountInTheMinimum()
{
    // A token view without a decodable token shows no header/claims box; its minimum height is
    // the same whether or not it was ever on screen.
    TokensPanel offscreen;
    offscreen.setSession(nullptr);
    TokensPanel shown;
    shown.setSession(nullptr);
    shown.show();
    QVERIFY(QTest::qWaitForWindowExposed(&shown));
    QCOMPARE(offscreen.minimumSizeHint().height(), shown.minimumSizeHint().height());
    QCOMPARE(offscreen.accessTokenView()->minimumSizeHint().height(),
             shown.accessTokenView()->minimumSizeHint().height());
}

QTEST_MAIN(TestFlowSplit)
#include "tst_flowsplit.moc"
