// oauth-workbench: the GUI by default, headless CLI verbs otherwise.
#include "Cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    return wb::cli::run(app.arguments());
}
