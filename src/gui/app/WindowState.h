#pragma once
// WindowState: the main window's geometry, splitters and column widths, saved on close and
// restored at start, with sensible defaults on first launch.

class QMainWindow;
class QSettings;

namespace Ui {
class MainWindow;
}

namespace wb::gui {

void restoreWindowState(QMainWindow &window, Ui::MainWindow &ui, QSettings &settings);
void saveWindowState(const QMainWindow &window, const Ui::MainWindow &ui, QSettings &settings);

} // namespace wb::gui
