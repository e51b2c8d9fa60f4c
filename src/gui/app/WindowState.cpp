#include "app/WindowState.h"

#include "ui_FlowTab.h"
#include "ui_MainWindow.h"

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

void restoreFlowTabState(Ui::FlowTab &flow, QSettings &s)
{
    if (!flow.flowSplitter->restoreState(s.value(QStringLiteral("window/flowSplitter")).toByteArray()))
        flow.flowSplitter->setSizes({290, 430});
    flow.timelinePanel->view()->header()->restoreState(
        s.value(QStringLiteral("window/timelineHeader")).toByteArray());
}

void saveFlowTabState(const Ui::FlowTab &flow, QSettings &s)
{
    s.setValue(QStringLiteral("window/flowSplitter"), flow.flowSplitter->saveState());
    s.setValue(QStringLiteral("window/timelineHeader"), flow.timelinePanel->view()->header()->saveState());
}

} // namespace wb::gui
