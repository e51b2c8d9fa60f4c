// The captured browser mode in the window: the profile editor's browser settings (path with the
// automatically found browser or the "none found" message, named debugging profile, headless) and
// their round trip through the profile file; the timeline grouping a captured session's hops under
// the Browser step, the final hop linked to the loopback callback, the sub-resources behind their
// toggle, failures visible.
#include "support/CapturedSessionFixture.h"
#include "support/GuiTestSupport.h"

#include "inspector/InspectorPanel.h"
#include "report/SessionJson.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

namespace {
using Kind = TimelineModel::RowKind;

Kind kindOf(const QModelIndex &index)
{
    return Kind(index.data(TimelineModel::RowKindRole).toInt());
}

QList<Kind> childKinds(const TimelineModel *model, const QModelIndex &parent)
{
    QList<Kind> out;
    for (int r = 0; r < model->rowCount(parent); ++r)
        out.append(kindOf(model->index(r, 0, parent)));
    return out;
}

int exchangeIndex(const Session &s, const QString &id)
{
    for (int i = 0; i < s.exchanges.size(); ++i)
        if (s.exchanges[i].id == id)
            return i;
    return -1;
}

// A directory holding one fake executable named `name` (ChromiumLocator only looks for it).
bool makeFakeBrowser(const QString &dir, const QString &name)
{
    QFile f(QDir(dir).filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write("#!/bin/sh\nexit 1\n");
    f.close();
    return f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}
} // namespace

class TestCapturedGui : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void editorShowsBrowserSettingsInCapturedMode();
    void editorSaysWhenNoBrowserIsFound();
    void editorSettingsRoundTripThroughProfileFile();
    void timelineGroupsHopsAndLinksCallback();
    void subResourceToggle();
    void failedHopIsVisible();
    void hopTitlesSayWhatTheyAre();
    void savedCapturedSessionOpens();
    void malformedCapturedDetails();

private:
    QByteArray m_path;
};

void TestCapturedGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_path = qgetenv("PATH");
}

void TestCapturedGui::cleanup()
{
    qputenv("PATH", m_path);
}

void TestCapturedGui::editorShowsBrowserSettingsInCapturedMode()
{
    QTemporaryDir bin;
    QVERIFY(makeFakeBrowser(bin.path(), QStringLiteral("chromium")));
    qputenv("PATH", bin.path().toLocal8Bit());
    ProfileEditor editor;
    Profile p;
    p.id = QStringLiteral("p1");
    p.name = QStringLiteral("Captured");
    p.browser = BrowserMode::System;
    editor.setProfile(p);
    auto *group = child<QGroupBox>(&editor, "capturedGroup");
    QVERIFY(group->isHidden());

    chooseData(child<QComboBox>(&editor, "browserModeCombo"), QStringLiteral("captured"));
    QVERIFY(!group->isHidden());
    const QString found = child<QLabel>(&editor, "browserFoundLabel")->text();
    QVERIFY2(found.contains(QStringLiteral("Found automatically")) &&
                 found.contains(QDir(bin.path()).filePath(QStringLiteral("chromium"))),
             qPrintable(found));
    QVERIFY(child<QLabel>(&editor, "browserProfileNoteLabel")->text().contains(QStringLiteral("temporary")));

    // A named profile says where it is kept.
    typeInto(child<QLineEdit>(&editor, "browserProfileEdit"), QStringLiteral("sso-tests"));
    const QString note = child<QLabel>(&editor, "browserProfileNoteLabel")->text();
    QVERIFY2(note.contains(QStringLiteral("browser-profiles")) && note.contains(QStringLiteral("sso-tests")),
             qPrintable(note));

    // Other modes hide the group; what was typed stays in the profile.
    chooseData(child<QComboBox>(&editor, "browserModeCombo"), QStringLiteral("follow"));
    QVERIFY(group->isHidden());
    QCOMPARE(editor.profile().browserProfile, QStringLiteral("sso-tests"));
}

void TestCapturedGui::editorSaysWhenNoBrowserIsFound()
{
    QTemporaryDir empty;
    qputenv("PATH", empty.path().toLocal8Bit());
    ProfileEditor editor;
    Profile p;
    p.id = QStringLiteral("p1");
    p.browser = BrowserMode::Captured;
    editor.setProfile(p);
    auto *label = child<QLabel>(&editor, "browserFoundLabel");
    QVERIFY2(label->text().contains(QStringLiteral("No Chromium-family browser found")),
             qPrintable(label->text()));
    QVERIFY(label->text().contains(QStringLiteral("System browser")));
    QVERIFY(label->text().contains(QStringLiteral("Command")));

    // An explicit path that is not an executable file is named as such.
    QFile plain(empty.filePath(QStringLiteral("not-a-browser.txt")));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    typeInto(child<QLineEdit>(&editor, "browserPathEdit"), plain.fileName());
    QVERIFY2(label->text().contains(QStringLiteral("is not an executable file")), qPrintable(label->text()));
    // A valid explicit path is used as given.
    QVERIFY(makeFakeBrowser(empty.path(), QStringLiteral("my-chrome")));
    typeInto(child<QLineEdit>(&editor, "browserPathEdit"), empty.filePath(QStringLiteral("my-chrome")));
    QVERIFY2(label->text().startsWith(QStringLiteral("Uses ")), qPrintable(label->text()));
}

void TestCapturedGui::editorSettingsRoundTripThroughProfileFile()
{
    QTemporaryDir bin;
    QVERIFY(makeFakeBrowser(bin.path(), QStringLiteral("brave-browser")));
    const QString browserPath = QDir(bin.path()).filePath(QStringLiteral("brave-browser"));
    QString id;
    {
        WindowFixture f;
        QVERIFY(showActive(*f.window));
        ProfileInput in;
        in.name = QStringLiteral("Captured SSO");
        in.issuer = QStringLiteral("https://login.example.com");
        in.clientId = QStringLiteral("web-app");
        in.browser = QStringLiteral("captured");
        createProfileThroughEditor(*f.window, in);
        ProfileEditor *editor = f.window->profileEditor();
        typeInto(child<QLineEdit>(editor, "browserPathEdit"), browserPath);
        typeInto(child<QLineEdit>(editor, "browserProfileEdit"), QStringLiteral("sso-tests"));
        QTest::mouseClick(child<QCheckBox>(editor, "headlessBrowserCheck"), Qt::LeftButton);
        editor->flushPendingEdit();
        id = f.window->profilesSidebar()->currentProfileId();

        QStringList files;
        QTRY_COMPARE(
            (files = QDir(f.profilesDir()).entryList({QStringLiteral("*.json")}, QDir::Files)).size(), 1);
        const QString profileFile = QDir(f.profilesDir()).filePath(files.first());
        const auto readSaved = [&profileFile] {
            QFile file(profileFile);
            const nlohmann::json j = file.open(QIODevice::ReadOnly)
                                         ? nlohmann::json::parse(file.readAll().toStdString(), nullptr, false)
                                         : nlohmann::json();
            return j.is_object() ? j : nlohmann::json::object();
        };
        const nlohmann::json saved = readSaved();
        QCOMPARE(QString::fromStdString(saved.value("browser", "")), QStringLiteral("captured"));
        QCOMPARE(QString::fromStdString(saved.value("browser_path", "")), browserPath);
        QCOMPARE(QString::fromStdString(saved.value("browser_profile", "")), QStringLiteral("sso-tests"));
        QVERIFY(saved.value("headless_browser", false));

        // A window opened on the same directory shows the saved settings.
        MainWindowOptions o;
        o.profilesDirectory = f.profilesDir();
        o.historyDirectory = f.historyDir();
        o.settingsFile = f.dir.filePath(QStringLiteral("gui2.ini"));
        o.secretStore = f.secrets.get();
        MainWindow again(o);
        again.profilesSidebar()->selectProfile(id);
        ProfileEditor *e2 = again.profileEditor();
        QCOMPARE(child<QLineEdit>(e2, "browserPathEdit")->text(), browserPath);
        QCOMPARE(child<QLineEdit>(e2, "browserProfileEdit")->text(), QStringLiteral("sso-tests"));
        QVERIFY(child<QCheckBox>(e2, "headlessBrowserCheck")->isChecked());
        QVERIFY(!child<QGroupBox>(e2, "capturedGroup")->isHidden());
        QVERIFY(child<QLabel>(e2, "browserFoundLabel")->text().startsWith(QStringLiteral("Uses ")));
        // Unticking headless is an edit that is saved.
        QTest::mouseClick(child<QCheckBox>(e2, "headlessBrowserCheck"), Qt::LeftButton);
        e2->flushPendingEdit();
        QTRY_VERIFY(!e2->profile().headlessBrowser);
        QTRY_VERIFY(readSaved().contains("headless_browser") && !readSaved().value("headless_browser", true));
    }
}

void TestCapturedGui::timelineGroupsHopsAndLinksCallback()
{
    const Session s = capturedSession();
    TimelinePanel panel;
    panel.setSession(&s, QStringLiteral("captured.json"));
    TimelineModel *model = panel.model();
    QCOMPARE(model->rowCount(), 4);
    const QModelIndex browser = model->indexOfStep(findStep(&s, StepKind::Browser));
    QCOMPARE(browser.data().toString(), QStringLiteral("Browser"));
    // Six hops of the chain, in order, then the link to the callback; no sub-resources yet.
    const QList<Kind> kinds = childKinds(model, browser);
    QCOMPARE(kinds.size(), 7);
    for (int i = 0; i < 6; ++i)
        QVERIFY(kinds[i] == Kind::Exchange);
    QVERIFY(kinds[6] == Kind::CallbackLink);
    QVERIFY(panel.view()->isExpanded(browser));
    QVERIFY(model->index(0, 0, browser)
                .data()
                .toString()
                .contains(QStringLiteral("login.example.com/authorize")));
    QVERIFY(model->index(2, 0, browser).data().toString().contains(QStringLiteral("POST")));
    QVERIFY(model->index(5, TimelineModel::SummaryColumn, browser)
                .data()
                .toString()
                .contains(QStringLiteral("→ http://127.0.0.1:53682/callback")));

    // The link row stands for the callback exchange, which stays a row of the Callback step.
    const QModelIndex link = model->index(6, 0, browser);
    QVERIFY2(link.data().toString().contains(QStringLiteral("Joined to the callback")),
             qPrintable(link.data().toString()));
    QVERIFY(link.data().toString().contains(QStringLiteral("127.0.0.1/callback")));
    QVERIFY(link.data(Qt::ForegroundRole).isValid()); // drawn in the link colour
    const int callback = exchangeIndex(s, QStringLiteral("x7"));
    QCOMPARE(model->exchangeIndexOf(link), callback);
    QCOMPARE(model->indexOfExchangeIndex(callback).parent().row(), findStep(&s, StepKind::Callback));
    QSignalSpy selected(&panel, &TimelinePanel::selectionChanged);
    panel.view()->setCurrentIndex(link);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().at(0).toInt(), findStep(&s, StepKind::Browser));
    QCOMPARE(selected.first().at(1).toInt(), callback);
    QCOMPARE(panel.selectedExchange(), callback);
}

void TestCapturedGui::subResourceToggle()
{
    const Session s = capturedSession();
    TimelinePanel panel;
    panel.show();
    panel.setSession(&s, QStringLiteral("captured.json"));
    TimelineModel *model = panel.model();
    const QModelIndex browser = model->indexOfStep(findStep(&s, StepKind::Browser));
    auto *toggle = child<QCheckBox>(&panel, "showSubResourcesCheck");
    QVERIFY(toggle->isVisible());
    QVERIFY(!toggle->isChecked());
    QVERIFY2(toggle->text().contains(QStringLiteral("4, 2 failed")), qPrintable(toggle->text()));
    QCOMPARE(model->rowCount(browser), 7);

    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(toggle->isChecked());
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model->rowCount(browser), 11);
    QStringList titles, summaries;
    for (int r = 7; r < 11; ++r) {
        QVERIFY(kindOf(model->index(r, 0, browser)) == Kind::SubResource);
        QCOMPARE(model->exchangeIndexOf(model->index(r, 0, browser)), -1); // not an exchange of the chain
        titles << model->index(r, 0, browser).data().toString();
        summaries << model->index(r, TimelineModel::SummaryColumn, browser).data().toString();
    }
    QVERIFY2(titles.first().startsWith(QStringLiteral("Sub-resource (Stylesheet): GET login.example.com")),
             qPrintable(titles.join(u'\n')));
    QVERIFY2(summaries.contains(QStringLiteral("blocked (other) net::ERR_BLOCKED_BY_CLIENT")),
             qPrintable(summaries.join(u'\n')));
    QVERIFY(summaries.contains(QStringLiteral("404")));
    // Hops keep their rows and indexes.
    QCOMPARE(model->exchangeIndexOf(model->index(0, 0, browser)), exchangeIndex(s, QStringLiteral("x1")));
    QVERIFY(kindOf(model->index(6, 0, browser)) == Kind::CallbackLink);

    QTest::mouseClick(toggle, Qt::LeftButton);
    QCOMPARE(model->rowCount(browser), 7);

    // A session without sub-resources has no toggle.
    Session plain = capturedSession();
    plain.steps[1].details.erase("sub_resources");
    panel.setSession(&plain, QStringLiteral("plain.json"));
    QVERIFY(!toggle->isVisible());
    QCOMPARE(model->rowCount(model->indexOfStep(1)), 7);
}

void TestCapturedGui::failedHopIsVisible()
{
    const Session s = capturedSession(true);
    TimelinePanel panel;
    panel.setSession(&s, QStringLiteral("captured.json"));
    TimelineModel *model = panel.model();
    const QModelIndex browser = model->indexOfStep(findStep(&s, StepKind::Browser));
    QCOMPARE(model->rowCount(browser), 8);
    const QModelIndex failed = model->index(2, 0, browser);
    QVERIFY(kindOf(failed) == Kind::Exchange);
    QVERIFY2(failed.data().toString().contains(QStringLiteral("sso.partner.invalid/saml2")),
             qPrintable(failed.data().toString()));
    const QString summary = model->index(2, TimelineModel::SummaryColumn, browser).data().toString();
    QVERIFY2(summary.contains(QStringLiteral("net::ERR_NAME_NOT_RESOLVED")), qPrintable(summary));
}

void TestCapturedGui::hopTitlesSayWhatTheyAre()
{
    Session s = capturedSession();
    // The consent page (x4) was shown inside an iframe.
    s.steps[1].details["frame_hops"] = nlohmann::json::array({{{"frame", "F2"},
                                                               {"method", "GET"},
                                                               {"url", s.exchanges[3].url.toStdString()},
                                                               {"exchange", "x4"}}});
    TimelinePanel panel;
    panel.setSession(&s, QStringLiteral("captured.json"));
    TimelineModel *model = panel.model();
    const QModelIndex browser = model->indexOfStep(1);
    QStringList titles;
    for (int r = 0; r < 6; ++r)
        titles << model->index(r, 0, browser).data().toString().section(u':', 0, 0);
    QCOMPARE(titles, (QStringList{QStringLiteral("Redirect hop"), QStringLiteral("Page"),
                                  QStringLiteral("Form post"), QStringLiteral("Frame"),
                                  QStringLiteral("Form post"), QStringLiteral("Redirect hop")}));
    QVERIFY(model->index(3, 0, browser).data().toString().startsWith(QStringLiteral("Frame: Page: GET")));
}

void TestCapturedGui::savedCapturedSessionOpens()
{
    WindowFixture f;
    QVERIFY(showActive(*f.window));
    const Session fixture = capturedSession();
    const QString path = f.dir.filePath(QStringLiteral("captured.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(sessionToJson(fixture, true).dump(2)));
    }
    QVERIFY2(f.window->openSessionFile(path), qPrintable(f.window->lastError()));
    TimelineModel *model = f.window->timelinePanel()->model();
    const QModelIndex browser = model->indexOfStep(1);
    QVERIFY(kindOf(model->index(model->rowCount(browser) - 1, 0, browser)) == Kind::CallbackLink);
    // Selecting the link shows the callback exchange in the inspector.
    f.window->timelinePanel()->view()->setCurrentIndex(
        model->index(model->rowCount(browser) - 1, 0, browser));
    QCOMPARE(f.window->inspectorPanel()->shownExchange(), exchangeIndex(fixture, QStringLiteral("x7")));
    QVERIFY(child<QCheckBox>(f.window->timelinePanel(), "showSubResourcesCheck")->isVisible());
}

// Details from a session file someone edited: wrong types, absurd numbers, dangling ids.
void TestCapturedGui::malformedCapturedDetails()
{
    Session s = capturedSession();
    nlohmann::json &d = s.steps[1].details;
    d["callback_exchange"] = "x404"; // no such exchange: no link row
    d["frame_hops"] =
        nlohmann::json::array({7, nullptr, {{"exchange", 5}}, {{"exchange", "x2"}}, {{"callback", "yes"}}});
    d["sub_resources"] = nlohmann::json::array(
        {"text",
         1e300,
         nlohmann::json::object(),
         {{"status", 1e300}, {"url", 5}, {"type", "Script"}},
         {{"status", -3}, {"error", nullptr}, {"method", "GET"}, {"url", "http://[::1"}}});
    TimelinePanel panel;
    panel.show();
    panel.setSession(&s, QStringLiteral("edited.json"));
    TimelineModel *model = panel.model();
    const QModelIndex browser = model->indexOfStep(1);
    QCOMPARE(model->rowCount(browser), 6); // the hops, no link to a missing callback
    QVERIFY(model->index(1, 0, browser).data().toString().startsWith(QStringLiteral("Frame: Page")));
    auto *toggle = child<QCheckBox>(&panel, "showSubResourcesCheck");
    QVERIFY(toggle->isVisible());
    toggle->setChecked(true);
    QCOMPARE(model->rowCount(browser), 11);
    for (int r = 6; r < 11; ++r) {
        for (int c = 0; c < TimelineModel::ColumnCount; ++c) {
            const QModelIndex i = model->index(r, c, browser);
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::DecorationRole),
                             int(Qt::ForegroundRole)})
                i.data(role); // must not crash or throw
        }
    }
    QCOMPARE(model->index(9, TimelineModel::SummaryColumn, browser).data().toString(),
             QStringLiteral("no response recorded")); // status 1e300 is no HTTP status
}

QTEST_MAIN(TestCapturedGui)
#include "tst_capturedgui.moc"
