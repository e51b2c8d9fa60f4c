// The sandbox fault checkboxes: the Sandbox profile lists every fault of the table with its
// description; a checked fault is injected by the in-process sandbox at the next Start, shown in
// the waiting banner, recorded in the session's profile snapshot, and makes the flow fail the way
// that fault should. Unchecking it makes the same flow succeed again.
#include "support/GuiTestSupport.h"

#include "flow/WaitingBanner.h"
#include "profiles/ProfilesController.h"
#include "report/SessionJson.h"
#include "sandbox/SandboxFaults.h"
#include "sandbox/SandboxLauncher.h"

#include <QAction>
#include <QDir>
#include <QGroupBox>
#include <QLabel>
#include <QTreeWidget>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

namespace {
QTreeWidgetItem *faultItem(QTreeWidget *list, const QString &name)
{
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->text(0) == name)
            return list->topLevelItem(i);
    }
    return nullptr;
}

QString errorText(const Session &s)
{
    return QStringList{s.error.code, s.error.protocol ? s.error.protocol->error : QString(), s.error.message}
        .join(QLatin1Char(' '));
}

// Starts the flow of the selected profile and waits until it ends.
const Session *runFlow(MainWindow &w)
{
    w.startFlow();
    if (!QTest::qWaitFor([&] { return w.runner()->session() && !w.runner()->isRunning(); }, 60000))
        return nullptr;
    return w.runner()->session();
}
} // namespace

class TestSandboxFaults : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void checkboxesOnlyForSandboxProfile();
    void faultMakesFlowFail_data();
    void faultMakesFlowFail();
};

void TestSandboxFaults::checkboxesOnlyForSandboxProfile()
{
    WindowFixture f;
    showActive(*f.window);
    auto *group = child<QGroupBox>(f.window->profileEditor(), "sandboxFaultsGroup");
    QTest::mouseClick(child<QPushButton>(f.window->profilesSidebar(), "newButton"), Qt::LeftButton);
    QVERIFY(!group->isVisible());

    f.window->trySandbox();
    QVERIFY2(f.window->sandbox()->isRunning(), qPrintable(f.window->lastError()));
    QVERIFY(group->isVisible());
    auto *list = child<QTreeWidget>(group, "faultList");
    QCOMPARE(list->topLevelItemCount(), int(sandboxFaultTable().size()));
    for (const SandboxFaultInfo &info : sandboxFaultTable()) {
        QTreeWidgetItem *item = faultItem(list, info.name);
        QVERIFY2(item, qPrintable(info.name));
        QCOMPARE(item->text(1), info.description);
        QCOMPARE(item->checkState(0), Qt::Unchecked);
    }
    QVERIFY(child<QLabel>(group, "faultSummaryLabel")->text().contains(QStringLiteral("No faults")));

    // Back to the other profile: the group goes away.
    const QString sandboxId = f.window->profilesSidebar()->currentProfileId();
    for (const Profile &p : f.window->profiles()->model()->profiles()) {
        if (p.id != sandboxId)
            f.window->profilesSidebar()->selectProfile(p.id);
    }
    QVERIFY(f.window->profilesSidebar()->currentProfileId() != sandboxId);
    QVERIFY(!group->isVisible());
}

void TestSandboxFaults::faultMakesFlowFail_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QString>("expected");
    QTest::newRow("invalid_client") << QStringLiteral("invalid_client") << QStringLiteral("invalid_client");
    QTest::newRow("deny_consent") << QStringLiteral("deny_consent") << QStringLiteral("access_denied");
    QTest::newRow("pkce_mismatch") << QStringLiteral("pkce_mismatch") << QStringLiteral("invalid_grant");
}

void TestSandboxFaults::faultMakesFlowFail()
{
    QFETCH(QString, fault);
    QFETCH(QString, expected);
    WindowFixture f;
    showActive(*f.window);
    auto *autoApprove = f.window->findChild<QAction *>(QStringLiteral("actionSandboxAutoApprove"));
    QVERIFY(autoApprove);
    autoApprove->setChecked(true); // follow mode cannot fill in the login page
    f.window->trySandbox();
    QVERIFY2(f.window->sandbox()->isRunning(), qPrintable(f.window->lastError()));
    const QString id = f.window->profilesSidebar()->currentProfileId();
    ProfileEditor *editor = f.window->profileEditor();
    chooseData(child<QComboBox>(editor, "browserModeCombo"), QStringLiteral("follow"));

    // Check the fault, as a person would, and see it announced for the next Start.
    auto *list = child<QTreeWidget>(editor, "faultList");
    QTreeWidgetItem *item = faultItem(list, fault);
    QVERIFY(item);
    item->setCheckState(0, Qt::Checked);
    QVERIFY(child<QLabel>(editor, "faultSummaryLabel")->text().contains(fault));
    editor->flushPendingEdit();
    QCOMPARE(f.window->profiles()->profile(id)->sandboxFaults, QStringList{fault});

    const Session *s = runFlow(*f.window);
    QVERIFY(s);
    QVERIFY2(s->outcome == Outcome::Failed, qPrintable(toString(s->outcome)));
    QVERIFY2(errorText(*s).contains(expected), qPrintable(errorText(*s)));
    QCOMPARE(f.window->sandbox()->activeFaults(), QStringList{fault});
    QCOMPARE(f.window->waitingBanner()->sandboxFaultsText(), fault);
    // Recorded in the session: its profile snapshot, in memory and in the saved file.
    QCOMPARE(s->profile.sandboxFaults, QStringList{fault});
    const nlohmann::json j = sessionToJson(*s, true);
    QCOMPARE(QString::fromStdString(j.at("profile").at("sandbox_faults").dump()),
             QStringLiteral("[\"%1\"]").arg(fault));
    Session reread;
    QString error;
    QVERIFY2(sessionFromJson(j, reread, &error), qPrintable(error));
    QCOMPARE(reread.profile.sandboxFaults, QStringList{fault});

    // Without the fault the same profile signs in.
    item = faultItem(list, fault);
    item->setCheckState(0, Qt::Unchecked);
    editor->flushPendingEdit();
    const Session *ok = runFlow(*f.window);
    QVERIFY(ok && ok != s);
    QVERIFY2(ok->outcome == Outcome::Succeeded, qPrintable(ok->error.message));
    QVERIFY(ok->profile.sandboxFaults.isEmpty());
    QVERIFY(f.window->sandbox()->activeFaults().isEmpty());
    QVERIFY(f.window->waitingBanner()->sandboxFaultsText().isEmpty());
}

QTEST_MAIN(TestSandboxFaults)
#include "tst_sandboxfaults.moc"
