#pragma once
// StartupProbe: the start-up benchmark's hook (bench/, docs/performance.md). Only when the
// environment variable OAUTH_WORKBENCH_STARTUP_PROBE=<idle ms> is set: prints the monotonic
// time at which the window was first exposed and painted, then its resident memory after that
// many idle milliseconds, and quits. The bench's Qt hello-world uses the same file.

class QWidget;

namespace wb::gui {

// Call right after window->show(). Does nothing when the variable is unset.
void installStartupProbe(QWidget *window);

} // namespace wb::gui
