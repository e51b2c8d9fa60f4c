// The start-up benchmark's floor: the smallest Qt Widgets program that shows a window, built in
// the same tree with the same flags and timed through the same StartupProbe as the workbench.
#include "app/StartupProbe.h"

#include <QApplication>
#include <QLabel>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QLabel label(QStringLiteral("Hello, world"));
    label.resize(320, 120);
    label.show();
    wb::gui::installStartupProbe(&label);
    return app.exec();
}
