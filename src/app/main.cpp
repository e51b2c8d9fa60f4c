// oauth-workbench: the GUI with no verb (or with --open FILE), the headless CLI for any verb.
#include "Cli.h"
#include "app/GuiApplication.h"
#include "util/AppIdentity.h"

#include <QCoreApplication>
#include <cstdio>
#include <cstring>

int main(int argc, char *argv[])
{
    // Decided on argv before any QApplication exists, so CLI verbs never need a display.
    const bool gui = argc == 1 || std::strcmp(argv[1], "--open") == 0 ||
                     std::strncmp(argv[1], "--open=", 7) == 0 || std::strcmp(argv[1], "--sandbox") == 0;
    wb::setApplicationIdentity(); // profiles and sessions live in the same dirs for both
    for (const wb::FolderMigration &m : wb::migrateLegacyFolders())
        std::fprintf(stderr, "oauth-workbench: %s\n", qPrintable(m.message));
    if (gui)
        return wb::gui::runGui(argc, argv);
    QCoreApplication app(argc, argv);
    return wb::cli::run(app.arguments());
}
