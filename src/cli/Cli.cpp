#include "Cli.h"

#include "Version.h"

#include <QTextStream>

namespace wb::cli {
int run(const QStringList &arguments)
{
    QTextStream out(stdout);
    if (arguments.contains(QStringLiteral("--version"))) {
        out << kAppName << ' ' << kAppVersion << '\n';
        return 0;
    }
    return 2;
}
} // namespace wb::cli
