// A start with a profile shows the Profile tab; the Flow tab behind it (waiting banner, timeline,
// detail tabs) is built when it is first opened, and the profile's keychain items are read after
// the first paint (docs/performance.md, start-up). Once opened, the Flow tab is the same as ever.
#include "support/GuiTestSupport.h"

#include "app/StartupProbe.h"
#include "flow/WaitingBanner.h"
#include "inspector/InspectorPanel.h"
#include "profiles/ProfilesController.h"

#include <QAction>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

namespace {

// One window that creates a profile and stores its client secret; returns the profile's id.
QString profileWithSecret(const MainWindowOptions &o)
{
    MainWindow first(o);
    first.newProfile();
    const QString id = first.profileEditor()->profileId();
    bool stored = false;
    first.profiles()->storeSecret(id, QStringLiteral("s3cr:t"),
                                  [&stored](const SecretResult &r) { stored = r.ok(); });
    if (!QTest::qWaitFor([&stored] { return stored; }))
        return {};
    first.close();
    return id;
}
} // namespace

class TestStartupFlowTab : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void flowTabContentWaitsForItsFirstOpening();
    void keychainItemsWaitForTheFirstPaint();
};

void TestStartupFlowTab::flowTabContentWaitsForItsFirstOpening()
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    const MainWindowOptions o = optionsIn(dir.path(), &secrets);
    QVERIFY(!profileWithSecret(o).isEmpty());

    MainWindow w(o);
    QVERIFY(showActive(w));
    QCOMPARE(child<QStackedWidget>(&w, "centerStack")->currentWidget()->objectName(),
             QStringLiteral("workPage"));
    QVERIFY(w.findChild<ProfileEditor *>()->isVisible());
    auto *tabs = child<QTabWidget>(&w, "workTabs");
    QWidget *flowTab = child<QWidget>(&w, "flowTab");
    QVERIFY(tabs && flowTab);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(tabs->tabText(tabs->indexOf(flowTab)), QStringLiteral("Flow")); // the tab is there
    QVERIFY(!w.findChild<TimelinePanel *>());                                // its content is not
    QVERIFY(!w.findChild<WaitingBanner *>());
    QVERIFY(!w.findChild<QSplitter *>(QStringLiteral("flowSplitter")));
    QVERIFY(!w.findChild<InspectorPanel *>());
    // The toolbar's New Profile has the sidebar's New icon.
    QVERIFY(!child<QAction>(&w, "actionNewProfile")->icon().isNull());

    // Clicking the tab, as a person would, builds it and shows it filled.
    QTabBar *bar = tabs->tabBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(tabs->indexOf(flowTab)).center());
    QCOMPARE(tabs->currentWidget(), flowTab);
    auto *timeline = w.findChild<TimelinePanel *>();
    QVERIFY(timeline);
    QCOMPARE(timeline, w.timelinePanel());
    QCOMPARE(w.findChildren<TimelinePanel *>().size(), 1);
    QTRY_VERIFY(timeline->isVisible());
    auto *splitter = child<QSplitter>(&w, "flowSplitter");
    QVERIFY(splitter && splitter->parentWidget() == flowTab);
    QTRY_VERIFY(splitter->sizes().value(0) > 0 && splitter->sizes().value(1) > 0);
    // The default 290:430 split, as when the tab was built hidden (tst_flowsplit).
    const int total = splitter->sizes().value(0) + splitter->sizes().value(1);
    QVERIFY2(splitter->sizes().value(0) * 100 >= total * 35,
             qPrintable(QStringLiteral("timeline %1 of %2 px").arg(splitter->sizes().value(0)).arg(total)));
    QVERIFY(w.waitingBanner()->parentWidget() == flowTab);
    QVERIFY(!w.waitingBanner()->isVisible()); // no flow waits for a browser
    auto *inspector = w.findChild<InspectorPanel *>();
    QVERIFY(inspector);
    QTRY_VERIFY(inspector->isVisible());
    QCOMPARE(inspector->parentWidget(), child<QWidget>(&w, "inspectorTab"));

    // Back and forth builds nothing twice.
    w.showPage(QStringLiteral("editor"));
    w.showPage(QStringLiteral("tokens"));
    QCOMPARE(w.findChildren<TimelinePanel *>().size(), 1);
    QCOMPARE(w.findChildren<InspectorPanel *>().size(), 1);
}

void TestStartupFlowTab::keychainItemsWaitForTheFirstPaint()
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    MainWindowOptions o = optionsIn(dir.path(), &secrets);
    const QString id = profileWithSecret(o);
    QVERIFY(!id.isEmpty());
    using S = ProfilesController::ItemState;

    {
        // Tests' windows (no deferral) read the selected profile's items at once.
        MainWindow w(o);
        QCOMPARE(w.profileEditor()->profileId(), id);
        QTRY_VERIFY(w.profiles()->secretState(id) == S::Stored);
        w.close();
    }

    o.deferStartupWork = true;
    o.probeSecrets = false;
    MainWindow w(o);
    QCOMPARE(w.profileEditor()->profileId(), id);
    QTest::qWait(50); // an answer already asked for would have arrived
    QVERIFY(w.profiles()->secretState(id) == S::Unknown);
    QVERIFY(showActive(w));
    whenFirstPainted(&w, [&w] { w.finishStartup(); });
    QTRY_VERIFY(w.profiles()->secretState(id) == S::Stored);
    QTRY_VERIFY(w.profiles()->tokensState(id) == S::NotStored);
}

QTEST_MAIN(TestStartupFlowTab)
#include "tst_startupflowtab.moc"
