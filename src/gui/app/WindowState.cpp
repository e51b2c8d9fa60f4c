#include "app/WindowState.h"

#include "ui_MainWindow.h"
#include "ui_WorkPage.h"

#include <QHeaderView>
#include <QSettings>
#include <QTreeView>

namespace wb::gui {

void restoreWindowState(QMainWindow &window, Ui::MainWindow &ui, QSettings &s)
{
    if (!window.restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray()))
        window.resize(1280, 800);
    window.restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    if (!ui.mainSplitter->restoreState(s.value(QStringLiteral("window/mainSplitter")).toByteArray()))
        ui.mainSplitter->setSizes({250, 1030});
    ui.historyPanel->view()->header()->restoreState(
        s.value(QStringLiteral("window/historyHeader")).toByteArray());
    ui.actionSandboxAutoApprove->setChecked(s.value(QStringLiteral("sandbox/autoApprove"), false).toBool());
}

void saveWindowState(const QMainWindow &window, const Ui::MainWindow &ui, QSettings &s)
{
    s.setValue(QStringLiteral("window/geometry"), window.saveGeometry());
    s.setValue(QStringLiteral("window/state"), window.saveState());
    s.setValue(QStringLiteral("window/mainSplitter"), ui.mainSplitter->saveState());
    s.setValue(QStringLiteral("window/historyHeader"), ui.historyPanel->view()->header()->saveState());
    s.setValue(QStringLiteral("sandbox/autoApprove"), ui.actionSandboxAutoApprove->isChecked());
    s.sync();
}

void restoreWorkPageState(Ui::WorkPage &work, QSettings &s)
{
    if (!work.flowSplitter->restoreState(s.value(QStringLiteral("window/flowSplitter")).toByteArray()))
        work.flowSplitter->setSizes({290, 430});
    work.timelinePanel->view()->header()->restoreState(
        s.value(QStringLiteral("window/timelineHeader")).toByteArray());
}

void saveWorkPageState(const Ui::WorkPage &work, QSettings &s)
{
    s.setValue(QStringLiteral("window/flowSplitter"), work.flowSplitter->saveState());
    s.setValue(QStringLiteral("window/timelineHeader"), work.timelinePanel->view()->header()->saveState());
}

} // namespace wb::gui
