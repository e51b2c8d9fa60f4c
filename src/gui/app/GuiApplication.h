#pragma once
// GuiApplication: what main() calls for the window — the application identity shared with the
// CLI (so both find the same profiles) and the QApplication with its style and main window.

namespace wb::gui {

// Application name "oauth-workbench" (config in ~/.config/oauth-workbench, data in
// ~/.local/share/oauth-workbench on Linux) and version; call before any QStandardPaths use.
void setApplicationIdentity();

// Runs the window until it closes; `oauth-workbench [--open FILE]`.
int runGui(int &argc, char **argv);

} // namespace wb::gui
