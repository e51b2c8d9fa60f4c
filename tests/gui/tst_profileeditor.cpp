// The profile editor's "Advanced" disclosure (docs/gui.md, Profiles): closed by default and not
// built until opened; opened by the mouse, the keyboard and its mnemonic; remembered in the
// window's settings; opened by itself for a profile that sets one of its settings, and, closed,
// naming what is set; every field still loads, saves and round-trips through it. And the issuer
// field has the width of the form's other URL fields, the Fetch discovery button beneath it.
#include "support/GuiTestSupport.h"

#include "http/CertificatePin.h"
#include "profiles/ProfileAdvancedSection.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QToolButton>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

namespace {
const QString kSha = QStringLiteral("dd5a78f65dc8f191b912a03470a303db99eaefc7bf2e9b0d882d4efeb5f07f45");

Profile plainProfile()
{
    Profile p;
    p.id = QStringLiteral("p1");
    p.name = QStringLiteral("Example IdP");
    p.issuer = QStringLiteral("https://id.example.com/");
    p.clientId = QStringLiteral("workbench-app");
    p.scope = QStringLiteral("openid profile email");
    return p;
}

QToolButton *advancedButton(ProfileEditor *editor)
{
    return child<QToolButton>(editor, "advancedButton");
}

// The advanced part's widgets are visible to the user, not merely built.
bool advancedVisible(ProfileEditor *editor)
{
    auto *table = child<QTableWidget>(editor, "extraParamsTable");
    return table && table->isVisible() && editor->isAdvancedShown();
}
} // namespace

class TestProfileEditor : public QObject {
    Q_OBJECT
private slots:
    void closedAndNotBuiltByDefault();
    void opensAndClosesWithTheButton();
    void keyboardReachable();
    void rememberedInTheWindowSettings();
    void opensForASetAdvancedSetting_data();
    void opensForASetAdvancedSetting();
    void closedHeaderNamesWhatIsSet();
    void everyFieldRoundTrips();
    void advancedEditsAreSaved();
    void issuerHasTheFieldWidth();
};

void TestProfileEditor::closedAndNotBuiltByDefault()
{
    ProfileEditor editor;
    editor.setProfile(plainProfile());
    editor.resize(1000, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QToolButton *button = advancedButton(&editor);
    QVERIFY(button && button->isVisible());
    QVERIFY(!editor.isAdvancedShown());
    QVERIFY(!button->isChecked());
    QVERIFY(button->arrowType() == Qt::RightArrow);
    // Not built: none of its widgets exist before it is first opened.
    QVERIFY(!editor.advancedSection());
    QVERIFY(!child<QTableWidget>(&editor, "extraParamsTable"));
    QVERIFY(!child<QLineEdit>(&editor, "pinnedCertEdit"));
    // The closed header says what is inside.
    QVERIFY2(button->text().contains(QStringLiteral("extra parameters")) &&
                 button->text().contains(QStringLiteral("trusted certificate")),
             qPrintable(button->text()));
    // The profile keeps its (default) advanced settings although their widgets do not exist.
    const Profile out = editor.profile();
    QCOMPARE(out.timeoutSeconds, 300);
    QCOMPARE(out.httpTimeoutSeconds, 30);
    QVERIFY(out.extraParams.isEmpty());
    QVERIFY(out.pinnedCertSha256.isEmpty());
}

void TestProfileEditor::opensAndClosesWithTheButton()
{
    ProfileEditor editor;
    editor.setProfile(plainProfile());
    editor.resize(1000, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QToolButton *button = advancedButton(&editor);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(editor.isAdvancedShown());
    QVERIFY(advancedVisible(&editor));
    QVERIFY(button->arrowType() == Qt::DownArrow);
    for (const char *name : {"registeredRedirectEdit", "pinnedCertEdit", "addParamButton"})
        QVERIFY2(child<QWidget>(&editor, name) && child<QWidget>(&editor, name)->isVisible(), name);
    QVERIFY(child<QSpinBox>(&editor, "timeoutSpin")->isVisible());
    QVERIFY(child<QSpinBox>(&editor, "httpTimeoutSpin")->isVisible());
    ProfileAdvancedSection *section = editor.advancedSection();

    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!editor.isAdvancedShown());
    QVERIFY(!child<QTableWidget>(&editor, "extraParamsTable")->isVisible());
    QVERIFY(button->arrowType() == Qt::RightArrow);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(advancedVisible(&editor));
    QCOMPARE(editor.advancedSection(), section); // built once
    QCOMPARE(editor.findChildren<ProfileAdvancedSection *>().size(), 1);
}

void TestProfileEditor::keyboardReachable()
{
    ProfileEditor editor;
    editor.setSandboxProfile(true); // the sandbox's fault list follows the disclosure
    editor.setProfile(plainProfile());
    editor.resize(1000, 700);
    QVERIFY(showActive(editor));
    QToolButton *button = advancedButton(&editor);
    // Tab from the name field reaches the disclosure.
    child<QLineEdit>(&editor, "nameEdit")->setFocus();
    QTRY_VERIFY(child<QLineEdit>(&editor, "nameEdit")->hasFocus());
    for (int i = 0; i < 80 && QApplication::focusWidget() != button; ++i)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), button);
    // Space opens it; the next Tab goes into it (not to the end of the window's tab chain).
    QTest::keyClick(button, Qt::Key_Space);
    QVERIFY(advancedVisible(&editor));
    QTest::keyClick(button, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QWidget>(&editor, "extraParamsTable"));
    // ...and the last of its fields leads on to the fault list beneath it.
    child<QLineEdit>(&editor, "pinnedCertEdit")->setFocus();
    QTRY_VERIFY(child<QLineEdit>(&editor, "pinnedCertEdit")->hasFocus());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QWidget>(&editor, "faultList"));
    // Its mnemonic (Alt+D) closes and opens it from anywhere in the editor.
    child<QLineEdit>(&editor, "scopeEdit")->setFocus();
    QTest::keyClick(&editor, Qt::Key_D, Qt::AltModifier);
    QTRY_VERIFY(!editor.isAdvancedShown());
    QTest::keyClick(&editor, Qt::Key_D, Qt::AltModifier);
    QTRY_VERIFY(advancedVisible(&editor));
}

void TestProfileEditor::rememberedInTheWindowSettings()
{
    QTemporaryDir dir;
    MemorySecretStore secrets;
    QString id;
    {
        MainWindow w(optionsIn(dir.path(), &secrets));
        QVERIFY(showActive(w));
        QTest::mouseClick(child<QPushButton>(w.profilesSidebar(), "newButton"), Qt::LeftButton);
        ProfileEditor *editor = w.profileEditor();
        id = editor->profileId();
        QVERIFY(!editor->isAdvancedShown());
        QTest::mouseClick(advancedButton(editor), Qt::LeftButton);
        QVERIFY(advancedVisible(editor));
        w.close();
    }
    {
        QSettings ini(dir.filePath(QStringLiteral("gui.ini")), QSettings::IniFormat);
        QCOMPARE(ini.value(QStringLiteral("profileEditor/advancedShown")).toBool(), true);
    }
    {
        MainWindow w(optionsIn(dir.path(), &secrets));
        QVERIFY(showActive(w));
        ProfileEditor *editor = w.profileEditor();
        QCOMPARE(editor->profileId(), id);
        QVERIFY(advancedVisible(editor)); // open again, although the profile sets nothing in it
        QTest::mouseClick(advancedButton(editor), Qt::LeftButton);
        QVERIFY(!editor->isAdvancedShown());
        w.close();
    }
    MainWindow w(optionsIn(dir.path(), &secrets));
    QVERIFY(showActive(w));
    QVERIFY(!w.profileEditor()->isAdvancedShown());
    QVERIFY(!w.profileEditor()->advancedSection()); // closed: not built at this start
}

void TestProfileEditor::opensForASetAdvancedSetting_data()
{
    QTest::addColumn<Profile>("profile");
    QTest::addColumn<QString>("named");
    Profile p = plainProfile();
    p.extraParams = {{QStringLiteral("prompt"), QStringLiteral("consent")}};
    QTest::newRow("extra parameter") << p << QStringLiteral("1 extra parameter (prompt)");
    p = plainProfile();
    p.pinnedCertSha256 = {kSha};
    QTest::newRow("pinned certificate") << p << QStringLiteral("trusted certificate");
    p = plainProfile();
    p.registeredRedirectUri = QStringLiteral("http://127.0.0.1:8400/callback");
    QTest::newRow("registered URI") << p << QStringLiteral("registered URI");
    p = plainProfile();
    p.timeoutSeconds = 60;
    QTest::newRow("callback timeout") << p << QStringLiteral("callback timeout 60 s");
    p = plainProfile();
    p.httpTimeoutSeconds = 5;
    QTest::newRow("HTTP timeout") << p << QStringLiteral("HTTP timeout 5 s");
}

void TestProfileEditor::opensForASetAdvancedSetting()
{
    QFETCH(Profile, profile);
    QFETCH(QString, named);
    ProfileEditor editor;
    editor.resize(1000, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setProfile(profile);
    QVERIFY(advancedVisible(&editor));
    QCOMPARE(ProfileAdvancedSection::describeSet(profile), QStringList{named});
    // The next profile sets nothing there: closed again, as the user left it.
    editor.setProfile(plainProfile());
    QVERIFY(!editor.isAdvancedShown());
    QVERIFY(!child<QTableWidget>(&editor, "extraParamsTable")->isVisible());
}

void TestProfileEditor::closedHeaderNamesWhatIsSet()
{
    Profile p = plainProfile();
    p.extraParams = {{QStringLiteral("prompt"), QStringLiteral("consent")},
                     {QStringLiteral("a&b"), QStringLiteral("1")}};
    p.pinnedCertSha256 = {kSha};
    ProfileEditor editor;
    editor.resize(1000, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setProfile(p);
    QVERIFY(advancedVisible(&editor));
    QToolButton *button = advancedButton(&editor);
    QTest::mouseClick(button, Qt::LeftButton); // the user closes it anyway
    QVERIFY(!editor.isAdvancedShown());
    QCOMPARE(button->text(), QStringLiteral("A&dvanced — 2 extra parameters, trusted certificate"));
    // Edits made before closing are what the header names and what the profile keeps.
    QTest::mouseClick(button, Qt::LeftButton);
    auto *table = child<QTableWidget>(&editor, "extraParamsTable");
    table->setCurrentCell(1, 0);
    QTest::mouseClick(child<QPushButton>(&editor, "removeParamButton"), Qt::LeftButton);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(button->text(), QStringLiteral("A&dvanced — 1 extra parameter (prompt), trusted certificate"));
    QCOMPARE(editor.profile().extraParams.size(), 1);
    QCOMPARE(editor.profile().pinnedCertSha256, QStringList{kSha});
}

void TestProfileEditor::everyFieldRoundTrips()
{
    Profile p = plainProfile();
    p.authorizationEndpoint = QStringLiteral("https://id.example.com/authorize");
    p.tokenEndpoint = QStringLiteral("https://id.example.com/token");
    p.authMethod = ClientAuthMethod::ClientSecretPost;
    p.extraParams = {{QStringLiteral("prompt"), QStringLiteral("consent")},
                     {QStringLiteral("login_hint"), QStringLiteral("alice@example.com")}};
    p.redirectHost = QStringLiteral("localhost");
    p.redirectPort = 8400;
    p.redirectPath = QStringLiteral("/cb");
    p.registeredRedirectUri = QStringLiteral("http://localhost:8400/cb");
    p.responseMode = ResponseMode::FormPost;
    p.pkce = PkceMethod::Plain;
    p.browser = BrowserMode::Command;
    p.browserCommand = QStringLiteral("firefox %u");
    p.timeoutSeconds = 120;
    p.httpTimeoutSeconds = 7;
    p.pinnedCertSha256 = {kSha};
    ProfileEditor editor;
    editor.setProfile(p);
    const Profile out = editor.profile();
    QCOMPARE(out.name, p.name);
    QCOMPARE(out.issuer, p.issuer);
    QCOMPARE(out.authorizationEndpoint, p.authorizationEndpoint);
    QCOMPARE(out.tokenEndpoint, p.tokenEndpoint);
    QCOMPARE(out.clientId, p.clientId);
    QVERIFY(out.authMethod == p.authMethod);
    QCOMPARE(out.scope, p.scope);
    QCOMPARE(out.extraParams, p.extraParams);
    QCOMPARE(out.redirectHost, p.redirectHost);
    QCOMPARE(out.redirectPort, p.redirectPort);
    QCOMPARE(out.redirectPath, p.redirectPath);
    QCOMPARE(out.registeredRedirectUri, p.registeredRedirectUri);
    QVERIFY(out.responseMode == p.responseMode);
    QVERIFY(out.pkce == p.pkce);
    QVERIFY(out.browser == p.browser);
    QCOMPARE(out.browserCommand, p.browserCommand);
    QCOMPARE(out.timeoutSeconds, p.timeoutSeconds);
    QCOMPARE(out.httpTimeoutSeconds, p.httpTimeoutSeconds);
    QCOMPARE(out.pinnedCertSha256, p.pinnedCertSha256);
    // The widgets show them.
    QCOMPARE(child<QSpinBox>(&editor, "timeoutSpin")->value(), 120);
    QCOMPARE(child<QSpinBox>(&editor, "httpTimeoutSpin")->value(), 7);
    QCOMPARE(child<QLineEdit>(&editor, "pinnedCertEdit")->text(), certpin::display(kSha));
    QCOMPARE(child<QTableWidget>(&editor, "extraParamsTable")->rowCount(), 2);

    // A profile loaded while the part is closed and unbuilt keeps them too, and they appear when
    // it is opened.
    ProfileEditor closed;
    closed.setProfile(plainProfile());
    Profile quiet = plainProfile();
    quiet.id = QStringLiteral("p2");
    closed.setProfile(quiet);
    QVERIFY(!closed.advancedSection());
    QCOMPARE(closed.profile().timeoutSeconds, 300);
    closed.setProfile(p); // opens by itself, and builds, with p's settings
    QCOMPARE(closed.profile().extraParams, p.extraParams);
    QCOMPARE(child<QSpinBox>(&closed, "timeoutSpin")->value(), 120);
}

void TestProfileEditor::advancedEditsAreSaved()
{
    WindowFixture f;
    QVERIFY(showActive(*f.window));
    ProfileInput in;
    in.name = QStringLiteral("Advanced edits");
    in.issuer = QStringLiteral("https://id.example.com/");
    in.clientId = QStringLiteral("c");
    in.timeoutSeconds = 90;
    createProfileThroughEditor(*f.window, in);
    ProfileEditor *editor = f.window->profileEditor();
    QTest::mouseClick(child<QPushButton>(editor, "addParamButton"), Qt::LeftButton);
    auto *params = child<QTableWidget>(editor, "extraParamsTable");
    params->item(0, 0)->setText(QStringLiteral("audience"));
    params->item(0, 1)->setText(QStringLiteral("api://x"));
    typeInto(child<QLineEdit>(editor, "registeredRedirectEdit"), QStringLiteral("http://127.0.0.1:1/cb"));
    typeInto(child<QLineEdit>(editor, "pinnedCertEdit"), certpin::display(kSha));
    child<QSpinBox>(editor, "httpTimeoutSpin")->setValue(12);
    QSignalSpy saved(editor, &ProfileEditor::profileEdited);
    editor->flushPendingEdit();
    QCOMPARE(saved.size(), 1);
    const auto stored = f.window->profiles()->profile(editor->profileId());
    QVERIFY(stored);
    QCOMPARE(stored->extraParams, (ParamList{{QStringLiteral("audience"), QStringLiteral("api://x")}}));
    QCOMPARE(stored->registeredRedirectUri, QStringLiteral("http://127.0.0.1:1/cb"));
    QCOMPARE(stored->pinnedCertSha256, QStringList{kSha});
    QCOMPARE(stored->timeoutSeconds, 90);
    QCOMPARE(stored->httpTimeoutSeconds, 12);
}

void TestProfileEditor::issuerHasTheFieldWidth()
{
    WindowFixture f;
    QVERIFY(showActive(*f.window)); // the default window size
    ProfileInput in;
    in.name = QStringLiteral("Example IdP");
    in.issuer = QStringLiteral("https://id.example.com/");
    in.clientId = QStringLiteral("workbench-app");
    createProfileThroughEditor(*f.window, in);
    ProfileEditor *editor = f.window->profileEditor();
    auto *issuer = child<QLineEdit>(editor, "issuerEdit");
    auto *endpoint = child<QLineEdit>(editor, "authorizationEndpointEdit");
    QTRY_VERIFY(issuer->isVisible() && issuer->width() > 0);
    // The Fetch discovery button no longer shares the issuer's row.
    QCOMPARE(issuer->width(), endpoint->width());
    QVERIFY2(issuer->width() > issuer->fontMetrics().horizontalAdvance(in.issuer) + 12,
             qPrintable(QString::number(issuer->width())));
    auto *fetch = child<QPushButton>(editor, "fetchDiscoveryButton");
    QVERIFY(fetch->geometry().top() >= issuer->geometry().bottom());
    // In a window at its smallest the form scrolls sideways rather than squeezing the URL fields.
    f.window->resize(f.window->minimumSizeHint());
    QTRY_VERIFY(issuer->width() >= issuer->fontMetrics().horizontalAdvance(in.issuer) + 12);
}

QTEST_MAIN(TestProfileEditor)
#include "tst_profileeditor.moc"
