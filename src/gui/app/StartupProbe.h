#pragma once
// StartupProbe: the start-up benchmark's hook (bench/, docs/performance.md). Only when the
// environment variable OAUTH_WORKBENCH_STARTUP_PROBE=<idle ms> is set: prints the monotonic
// time at which the window was first exposed and painted, then its resident memory after that
// many idle milliseconds, and quits. The bench's Qt hello-world uses the same file.

#include <functional>

class QWidget;

namespace wb::gui {

// Call right after window->show(). Does nothing when the variable is unset.
void installStartupProbe(QWidget *window);

// Runs work once the shown window's first Expose (and the paint it triggers) has been handled:
// start-up work nothing on screen needs waits until the window is up. Call right after
// window->show() and before installStartupProbe, so the probe's time is taken first. Runs the
// work after fallbackMs anyway when no Expose comes (a window that never gets mapped).
void whenFirstPainted(QWidget *window, std::function<void()> work, int fallbackMs = 2000);

} // namespace wb::gui
