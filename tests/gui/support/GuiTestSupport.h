#pragma once
// GuiTestSupport: what the GUI tests and the screenshot tool share — a window on throw-away
// directories, filling the profile editor through its widgets like a person would, and finding
// rows in the timeline.

#include "app/MainWindow.h"
#include "flow/FlowRunner.h"
#include "flow/Session.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfilesSidebar.h"
#include "store/MemorySecretStore.h"
#include "timeline/TimelineModel.h"
#include "timeline/TimelinePanel.h"

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace wb::gui::test {

// A window's options with its profiles, history and settings under `root`, its secrets in
// `secrets`; not interactive (no dialogs).
inline MainWindowOptions optionsIn(const QString &root, SecretStore *secrets)
{
    MainWindowOptions o;
    o.profilesDirectory = root + QStringLiteral("/profiles");
    o.historyDirectory = root + QStringLiteral("/sessions");
    o.settingsFile = root + QStringLiteral("/gui.ini");
    o.interactive = false;
    o.secretStore = secrets;
    return o;
}

// A window whose profiles, history and settings live in a temporary directory, and whose secrets
// go to `secrets` (in memory unless a test passes a store of its own, e.g. a keychain namespace).
struct WindowFixture {
    QTemporaryDir dir;
    std::unique_ptr<SecretStore> secrets; // outlives the window
    std::unique_ptr<MainWindow> window;

    explicit WindowFixture(bool interactive = false, std::unique_ptr<SecretStore> store = {})
        : secrets(store ? std::move(store) : std::make_unique<MemorySecretStore>())
    {
        MainWindowOptions o = optionsIn(dir.path(), secrets.get());
        o.interactive = interactive;
        window = std::make_unique<MainWindow>(o);
    }
    QString profilesDir() const { return dir.filePath(QStringLiteral("profiles")); }
    QString historyDir() const { return dir.filePath(QStringLiteral("sessions")); }
};

// Shows the window and makes it active: window-wide shortcuts (Ctrl+R, Esc) need that.
inline bool showActive(QWidget &w)
{
    w.show();
    QApplication::setActiveWindow(&w);
    return QTest::qWaitForWindowActive(&w);
}

template <typename T> T *child(QWidget *root, const char *name)
{
    return root->findChild<T *>(QLatin1String(name));
}

// Replaces a line edit's text by typing, as a person would (select all, then type).
inline void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

inline void chooseData(QComboBox *combo, const QString &data)
{
    const int i = combo->findData(data);
    if (i >= 0)
        combo->setCurrentIndex(i);
}

struct ProfileInput {
    QString name, issuer, clientId, secret, authMethod = QStringLiteral("none"), scope;
    QString browser = QStringLiteral("follow"), browserCommand;
    int timeoutSeconds = 60;
};

// Clicks New in the sidebar and fills the editor's widgets.
inline void createProfileThroughEditor(MainWindow &w, const ProfileInput &in)
{
    ProfilesSidebar *sidebar = w.profilesSidebar();
    QTest::mouseClick(child<QPushButton>(sidebar, "newButton"), Qt::LeftButton);
    ProfileEditor *editor = w.profileEditor();
    typeInto(child<QLineEdit>(editor, "nameEdit"), in.name);
    typeInto(child<QLineEdit>(editor, "issuerEdit"), in.issuer);
    typeInto(child<QLineEdit>(editor, "clientIdEdit"), in.clientId);
    if (!in.secret.isEmpty())
        typeInto(child<QLineEdit>(editor, "clientSecretEdit"), in.secret);
    chooseData(child<QComboBox>(editor, "authMethodCombo"), in.authMethod);
    if (!in.scope.isEmpty())
        typeInto(child<QLineEdit>(editor, "scopeEdit"), in.scope);
    chooseData(child<QComboBox>(editor, "browserModeCombo"), in.browser);
    if (!in.browserCommand.isEmpty())
        typeInto(child<QLineEdit>(editor, "browserCommandEdit"), in.browserCommand);
    editor->setAdvancedShown(true); // the timeouts are under "Advanced"
    child<QSpinBox>(editor, "timeoutSpin")->setValue(in.timeoutSeconds);
}

// The timeline row of the first exchange whose URL path ends with `pathSuffix`.
inline QModelIndex findExchangeRow(const TimelineModel *model, const QString &pathSuffix)
{
    const Session *s = model->session();
    if (!s)
        return {};
    for (int i = 0; i < s->exchanges.size(); ++i) {
        if (QUrl(s->exchanges[i].url).path().endsWith(pathSuffix))
            return model->indexOfExchangeIndex(i);
    }
    return {};
}

inline int findStep(const Session *s, StepKind kind)
{
    for (int i = 0; s && i < s->steps.size(); ++i)
        if (s->steps[i].kind == kind)
            return i;
    return -1;
}

} // namespace wb::gui::test
