#pragma once
// WindowState: the main window's geometry, splitters and column widths, saved on close and
// restored at start, with sensible defaults on first launch. The work page's part (the Flow tab's
// splitter, the timeline's columns) is restored when that page is built and saved only if it was.

class QMainWindow;
class QSettings;

namespace Ui {
class MainWindow;
class WorkPage;
} // namespace Ui

namespace wb::gui {

void restoreWindowState(QMainWindow &window, Ui::MainWindow &ui, QSettings &settings);
void saveWindowState(const QMainWindow &window, const Ui::MainWindow &ui, QSettings &settings);
void restoreWorkPageState(Ui::WorkPage &work, QSettings &settings);
void saveWorkPageState(const Ui::WorkPage &work, QSettings &settings);

} // namespace wb::gui
