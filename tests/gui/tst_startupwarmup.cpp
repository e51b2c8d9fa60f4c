// What start-up does earlier or later than before gives the same result (docs/performance.md,
// "Start-up: the second core"): the standard icons prefetched before the window's widgets are the
// style's own; the sandbox fault list, filled only when a sandbox profile first shows it, keeps a
// profile's faults as the filled list would; the editor's dependent widgets are right after a
// profile is loaded without being updated field by field; the application icon painted as images
// (on the start-up worker) is the one painted as pixmaps before; the worker leaves the font
// database and the session bus as the main thread would have found them.
#include "support/GuiTestSupport.h"

#include "app/StartupWarmup.h"
#include "common/PrefetchedIcons.h"
#include "common/StatusIcons.h"
#include "sandbox/SandboxFaults.h"

#include <QDBusConnection>
#include <QFontDatabase>
#include <QGroupBox>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyleFactory>
#include <QTreeWidget>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

namespace {
QImage imageOf(const QIcon &icon, int size)
{
    return icon.pixmap(size, size).toImage().convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

// The application icon painted straight into a pixmap, as it was before it became images.
QImage pixmapPaintedAppIcon(int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    paintAppIcon(p, size);
    p.end();
    return pm.toImage().convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

QStringList checkedFaults(ProfileEditor &editor)
{
    QStringList on;
    auto *list = child<QTreeWidget>(&editor, "faultList");
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        if (list->topLevelItem(i)->checkState(0) == Qt::Checked)
            on << list->topLevelItem(i)->data(0, Qt::UserRole).toString();
    return on;
}

Profile profileWithFaults()
{
    Profile p;
    p.id = QStringLiteral("p1");
    p.name = QStringLiteral("With faults");
    p.issuer = QStringLiteral("https://id.example.com/");
    p.clientId = QStringLiteral("app");
    // Out of the table's order, one twice, one the table does not know.
    const auto &table = sandboxFaultTable();
    p.sandboxFaults = {table.back().name, QStringLiteral("no_such_fault"), table.front().name,
                       table.back().name};
    return p;
}
} // namespace

class TestStartupWarmup : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void prefetchedIconsAreTheStyles();
    void faultsKeptWithoutTheList();
    void faultListFilledWhenShown();
    void dependentWidgetsAfterLoading();
    void appIconImagesMatchPixmaps();
    void warmupLeavesFontsAndBus();
};

void TestStartupWarmup::prefetchedIconsAreTheStyles()
{
    QWidget widget;
    QStyle *style = widget.style();
    const QIcon reference = style->standardIcon(QStyle::SP_TrashIcon);
    PrefetchedIcons::prefetch(style, {QStyle::SP_TrashIcon, QStyle::SP_MediaPlay});
    const QIcon taken = PrefetchedIcons::take(&widget, QStyle::SP_TrashIcon);
    QVERIFY(!taken.isNull());
    QCOMPARE(taken.availableSizes(), reference.availableSizes());
    for (int size : {16, 24, 32})
        QCOMPARE(imageOf(taken, size), imageOf(reference, size));
    // Taken once: the next one comes from the style again, the same picture.
    QCOMPARE(imageOf(PrefetchedIcons::take(&widget, QStyle::SP_TrashIcon), 16), imageOf(reference, 16));

    // A widget under another style gets that style's icon, not the prefetched one.
    std::unique_ptr<QStyle> windows(QStyleFactory::create(QStringLiteral("Windows")));
    QVERIFY(windows);
    QWidget other;
    other.setStyle(windows.get());
    const QIcon own = windows->standardIcon(QStyle::SP_MediaPlay);
    QCOMPARE(imageOf(PrefetchedIcons::take(&other, QStyle::SP_MediaPlay), 16), imageOf(own, 16));
    // ...and the prefetched one is still there for a widget of the first style.
    QCOMPARE(imageOf(PrefetchedIcons::take(&widget, QStyle::SP_MediaPlay), 16),
             imageOf(style->standardIcon(QStyle::SP_MediaPlay), 16));
    PrefetchedIcons::clear();
}

void TestStartupWarmup::faultsKeptWithoutTheList()
{
    const Profile p = profileWithFaults();
    // The list never filled: a profile that is not the sandbox's.
    ProfileEditor lazy;
    lazy.setProfile(p);
    QCOMPARE(child<QTreeWidget>(&lazy, "faultList")->topLevelItemCount(), 0);
    // The list filled first, as every editor did before.
    ProfileEditor filled;
    filled.setSandboxProfile(true);
    filled.setSandboxProfile(false);
    filled.setProfile(p);
    QVERIFY(child<QTreeWidget>(&filled, "faultList")->topLevelItemCount() > 0);

    const QStringList expected = {sandboxFaultTable().front().name, sandboxFaultTable().back().name};
    QCOMPARE(filled.profile().sandboxFaults, expected);
    QCOMPARE(lazy.profile().sandboxFaults, expected);
    // Only an edit of another field: the faults are saved as they were.
    QSignalSpy edited(&lazy, &ProfileEditor::profileEdited);
    typeInto(child<QLineEdit>(&lazy, "scopeEdit"), QStringLiteral("openid"));
    lazy.flushPendingEdit();
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0).at(0).value<Profile>().sandboxFaults, expected);
}

void TestStartupWarmup::faultListFilledWhenShown()
{
    ProfileEditor editor;
    editor.setProfile(profileWithFaults());
    auto *group = child<QGroupBox>(&editor, "sandboxFaultsGroup");
    QVERIFY(group->isHidden());
    // Shown after the profile was loaded: the list comes with that profile's faults checked.
    editor.setSandboxProfile(true);
    QVERIFY(!group->isHidden());
    QCOMPARE(child<QTreeWidget>(&editor, "faultList")->topLevelItemCount(), int(sandboxFaultTable().size()));
    const QStringList expected = {sandboxFaultTable().front().name, sandboxFaultTable().back().name};
    QCOMPARE(checkedFaults(editor), expected);
    QVERIFY(child<QLabel>(&editor, "faultSummaryLabel")->text().contains(expected.front()));

    // Another profile loaded into the filled list replaces the checks.
    Profile none = profileWithFaults();
    none.id = QStringLiteral("p2");
    none.sandboxFaults.clear();
    editor.setProfile(none);
    QVERIFY(checkedFaults(editor).isEmpty());
    QVERIFY(child<QLabel>(&editor, "faultSummaryLabel")->text().contains(QStringLiteral("No faults")));
}

void TestStartupWarmup::dependentWidgetsAfterLoading()
{
    ProfileEditor editor;
    Profile p = profileWithFaults();
    p.redirectHost = QStringLiteral("localhost");
    p.redirectPort = 8765;
    p.redirectPath = QStringLiteral("cb");
    p.browser = BrowserMode::Command;
    p.browserCommand = QStringLiteral("firefox %u");
    QSignalSpy edited(&editor, &ProfileEditor::profileEdited);
    editor.setProfile(p);
    QVERIFY(child<QLabel>(&editor, "redirectPreviewLabel")
                ->text()
                .contains(QStringLiteral("http://localhost:8765/cb")));
    QVERIFY(child<QLineEdit>(&editor, "browserCommandEdit")->isEnabled());
    QVERIFY(child<QPushButton>(&editor, "fetchDiscoveryButton")->text().contains(QStringLiteral("Fetch")));
    QVERIFY(child<QGroupBox>(&editor, "capturedGroup")->isHidden());

    p.browser = BrowserMode::Captured;
    p.redirectPort = 0;
    editor.setProfile(p);
    QVERIFY(!child<QLineEdit>(&editor, "browserCommandEdit")->isEnabled());
    QVERIFY(!child<QGroupBox>(&editor, "capturedGroup")->isHidden());
    QVERIFY(child<QLabel>(&editor, "redirectPreviewLabel")->text().contains(QStringLiteral("<port>")));
    QVERIFY(!child<QLabel>(&editor, "browserFoundLabel")->text().isEmpty());
    // Loading is not editing.
    QTest::qWait(500);
    QCOMPARE(edited.count(), 0);

    // An edit after loading still updates them at once.
    child<QSpinBox>(&editor, "redirectPortSpin")->setValue(9000);
    QVERIFY(child<QLabel>(&editor, "redirectPreviewLabel")->text().contains(QStringLiteral(":9000/cb")));
}

void TestStartupWarmup::appIconImagesMatchPixmaps()
{
    const QList<QImage> &images = appIconImages();
    QCOMPARE(images.size(), 5);
    int i = 0;
    for (int size : {16, 32, 64, 128, 256}) {
        QCOMPARE(images.at(i).size(), QSize(size, size));
        QCOMPARE(images.at(i).convertToFormat(QImage::Format_ARGB32_Premultiplied),
                 pixmapPaintedAppIcon(size));
        ++i;
    }
    const QIcon icon = appIcon();
    QCOMPARE(icon.availableSizes().size(), 5);
    QCOMPARE(imageOf(icon, 64), pixmapPaintedAppIcon(64));
}

void TestStartupWarmup::warmupLeavesFontsAndBus()
{
    {
        const StartupWarmup warmup; // joined when it goes
    }
    // The connection the worker opened serves the main thread (scripts/test.sh runs the GUI tests
    // in a private session bus; without one there is nothing to connect to, from any thread).
    QCOMPARE(QDBusConnection::sessionBus().isConnected(),
             !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"));
    QVERIFY(!QFontDatabase::families().isEmpty());
    QCOMPARE(appIconImages().size(), 5);
    // A second one in the same process (a second window's start) finds it all done.
    {
        const StartupWarmup again;
    }
    QVERIFY(!QFontDatabase::families().isEmpty());
    // A window built after it starts as always.
    WindowFixture f;
    QVERIFY(showActive(*f.window));
    QVERIFY(f.window->profilesSidebar()->isVisible());
}

QTEST_MAIN(TestStartupWarmup)
#include "tst_startupwarmup.moc"
