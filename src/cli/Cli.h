#pragma once
// Cli: entry point of the headless verbs; returns the process exit code (0 ok, 1 flow failed,
// 2 usage/config error, 3 timeout or network failure).

#include <QStringList>

namespace wb::cli {
int run(const QStringList &arguments);
} // namespace wb::cli
