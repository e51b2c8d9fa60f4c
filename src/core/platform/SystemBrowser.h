#pragma once
// Opens a URL in the user's default browser without QtGui (core stays Widgets-free); one
// implementation per platform under platform/<os>/, chosen by CMake.

#include <QString>

namespace wb {
// Returns false with a plain message when no browser could be launched.
bool openInSystemBrowser(const QString &url, QString *error);
} // namespace wb
