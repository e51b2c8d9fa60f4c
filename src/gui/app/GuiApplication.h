#pragma once
// GuiApplication: what main() calls for the window — the QApplication with its style and main
// window. The application identity shared with the CLI is wb::setApplicationIdentity (core).

namespace wb::gui {

// Runs the window until it closes; `oauth-workbench [--open FILE]`.
int runGui(int &argc, char **argv);

} // namespace wb::gui
