#pragma once
// StartupWarmup: first-frame work that is Qt's, thread-safe and shared process-wide, started on a
// second core as soon as QApplication exists, so the main thread finds it done while it builds
// the window (docs/performance.md, "Start-up: the second core"):
// - the session bus connection: Qt's accessibility bridge asks for it when the first widget
//   announces itself, and the global menu check when the menu bar is built; opening it is a
//   D-Bus handshake the main thread would otherwise sit waiting for;
// - the font database (fontconfig's configuration and font list), which the first size hint
//   would otherwise load;
// - the application icon's images (ours: plain QImage painting), for the window icon set before
//   the window is shown and the empty state's picture.
// The main thread gets what it would have got, from the same Qt calls made earlier elsewhere.

#include <thread>

namespace wb::gui {

class StartupWarmup {
public:
    StartupWarmup();  // after QApplication's constructor: starts the worker
    ~StartupWarmup(); // joins it; before QApplication is destroyed

    StartupWarmup(const StartupWarmup &) = delete;
    StartupWarmup &operator=(const StartupWarmup &) = delete;

private:
    std::thread m_worker;
};

} // namespace wb::gui
