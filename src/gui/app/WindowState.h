#pragma once
// WindowState: the main window's geometry, splitters and column widths, saved on close and
// restored at start, with sensible defaults on first launch. The Flow tab's part (its splitter, the
// timeline's columns) is restored when that tab's content is built and saved only if it was.

class QMainWindow;
class QSettings;

namespace Ui {
class FlowTab;
class MainWindow;
} // namespace Ui

namespace wb::gui {

void restoreWindowState(QMainWindow &window, Ui::MainWindow &ui, QSettings &settings);
void saveWindowState(const QMainWindow &window, const Ui::MainWindow &ui, QSettings &settings);
void restoreFlowTabState(Ui::FlowTab &flow, QSettings &settings);
void saveFlowTabState(const Ui::FlowTab &flow, QSettings &settings);

} // namespace wb::gui
