// The window's centre builds only the page it shows (docs/performance.md, start-up): a start
// without profiles has the empty state and no work page (profile editor, timeline, Flow tab); a
// start with a profile has the work page and no empty state. Whatever is needed later is built
// then: by a profile created or deleted, a session shown, or a getter, and a layout saved by an
// earlier window survives a window that never built the work page.
#include "support/GuiTestSupport.h"

#include "app/EmptyStateWidget.h"
#include "flow/WaitingBanner.h"
#include "inspector/InspectorPanel.h"
#include "profiles/ProfilesController.h"

#include <QAction>
#include <QHeaderView>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeView>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

namespace {

QString centerPage(QWidget *window)
{
    return child<QStackedWidget>(window, "centerStack")->currentWidget()->objectName();
}
} // namespace

class TestStartupPages : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void withoutProfilesOnlyTheEmptyState();
    void withAProfileOnlyTheWorkPage();
    void gettersBuildTheWorkPageBehindTheEmptyState();
    void unbuiltWorkPageKeepsTheSavedLayout();
};

void TestStartupPages::withoutProfilesOnlyTheEmptyState()
{
    WindowFixture f;
    MainWindow *w = f.window.get();
    QVERIFY(showActive(*w));
    QCOMPARE(centerPage(w), QStringLiteral("emptyPage"));
    QVERIFY(w->findChild<EmptyStateWidget *>());
    QVERIFY(!w->findChild<ProfileEditor *>());
    QVERIFY(!w->findChild<TimelinePanel *>());
    QVERIFY(!w->findChild<WaitingBanner *>());
    QVERIFY(!w->findChild<QTabWidget *>(QStringLiteral("workTabs")));
    QVERIFY(!child<QAction>(w, "actionStart")->isEnabled());
    QVERIFY(!child<QAction>(w, "actionFetchDiscovery")->isEnabled());

    // Creating a profile builds the work page, shows it and fills the editor with the new profile.
    QTest::mouseClick(child<QPushButton>(w, "createProfileButton"), Qt::LeftButton);
    QCOMPARE(centerPage(w), QStringLiteral("workPage"));
    ProfileEditor *editor = w->findChild<ProfileEditor *>();
    QVERIFY(editor);
    QCOMPARE(editor, w->profileEditor());
    QVERIFY(editor->isVisible());
    QCOMPARE(editor->profileId(), w->profiles()->model()->profiles().value(0).id);
    QVERIFY(child<QAction>(w, "actionStart")->isEnabled());
    QCOMPARE(w->findChildren<ProfileEditor *>().size(), 1); // built once
}

void TestStartupPages::withAProfileOnlyTheWorkPage()
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    QString id;
    {
        MainWindow first(optionsIn(dir.path(), &secrets));
        first.newProfile();
        id = first.profileEditor()->profileId();
        first.close();
    }
    QVERIFY(!id.isEmpty());
    MainWindow w(optionsIn(dir.path(), &secrets));
    QVERIFY(showActive(w));
    QCOMPARE(centerPage(&w), QStringLiteral("workPage"));
    QVERIFY(!w.findChild<EmptyStateWidget *>());
    QVERIFY(w.findChild<ProfileEditor *>()->isVisible());
    QCOMPARE(w.profileEditor()->profileId(), id);
    QVERIFY(child<QAction>(&w, "actionStart")->isEnabled());
    QVERIFY(!w.findChild<InspectorPanel *>()); // the Flow tab's panels still wait for it

    // Deleting the last profile brings the empty state, built now.
    QTest::mouseClick(child<QPushButton>(w.profilesSidebar(), "deleteButton"), Qt::LeftButton);
    QTRY_COMPARE(w.profiles()->count(), 0);
    QCOMPARE(centerPage(&w), QStringLiteral("emptyPage"));
    QVERIFY(w.findChild<EmptyStateWidget *>()->isVisible());
    QVERIFY(child<QPushButton>(&w, "sandboxButton")->isEnabled());
    QVERIFY(!child<QAction>(&w, "actionStart")->isEnabled());
}

void TestStartupPages::gettersBuildTheWorkPageBehindTheEmptyState()
{
    WindowFixture f;
    MainWindow *w = f.window.get();
    QVERIFY(showActive(*w));
    QVERIFY(!w->findChild<TimelinePanel *>());
    TimelinePanel *timeline = w->timelinePanel();
    QVERIFY(timeline);
    QCOMPARE(w->findChild<TimelinePanel *>(), timeline);
    QCOMPARE(w->waitingBanner(), w->findChild<WaitingBanner *>());
    QVERIFY(!w->profileEditor()->hasProfile());
    // Built, not shown: without a profile or a session the empty state stays in front.
    QCOMPARE(centerPage(w), QStringLiteral("emptyPage"));
    QVERIFY(!timeline->isVisible());
    QVERIFY(!child<QAction>(w, "actionStart")->isEnabled());
    // The detail panels sit in the work page's Flow tab.
    QCOMPARE(w->inspectorPanel()->parentWidget(), child<QWidget>(w, "inspectorTab"));
}

void TestStartupPages::unbuiltWorkPageKeepsTheSavedLayout()
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    const MainWindowOptions o = optionsIn(dir.path(), &secrets);
    QByteArray splitterState, headerState;
    QList<int> sizes;
    {
        // An earlier window with a profile leaves its Flow tab's split and timeline columns.
        MainWindow w(o);
        w.newProfile();
        QVERIFY(showActive(w));
        QVERIFY(w.timelinePanel()); // builds the Flow tab's content (tst_startupflowtab)
        auto *splitter = child<QSplitter>(&w, "flowSplitter");
        splitter->setSizes({500, 300});
        w.timelinePanel()->view()->header()->resizeSection(0, 321);
        sizes = splitter->sizes();
        w.close();
    }
    {
        QSettings s(o.settingsFile, QSettings::IniFormat);
        splitterState = s.value(QStringLiteral("window/flowSplitter")).toByteArray();
        headerState = s.value(QStringLiteral("window/timelineHeader")).toByteArray();
    }
    QVERIFY(!splitterState.isEmpty());
    QVERIFY(!headerState.isEmpty());
    QVERIFY(QDir(o.profilesDirectory).removeRecursively());
    {
        // Without profiles the work page is never built; closing must not forget its layout.
        MainWindow w(o);
        QVERIFY(showActive(w));
        QVERIFY(!w.findChild<TimelinePanel *>());
        w.close();
        QVERIFY(!w.findChild<TimelinePanel *>());
    }
    {
        QSettings s(o.settingsFile, QSettings::IniFormat);
        QCOMPARE(s.value(QStringLiteral("window/flowSplitter")).toByteArray(), splitterState);
        QCOMPARE(s.value(QStringLiteral("window/timelineHeader")).toByteArray(), headerState);
    }
    // Built later, the work page gets the remembered layout.
    MainWindow w(o);
    QVERIFY(showActive(w));
    w.newProfile();
    QVERIFY(w.timelinePanel());
    QTRY_COMPARE(child<QSplitter>(&w, "flowSplitter")->sizes(), sizes);
    QCOMPARE(w.timelinePanel()->view()->header()->sectionSize(0), 321);
}

QTEST_MAIN(TestStartupPages)
#include "tst_startuppages.moc"
