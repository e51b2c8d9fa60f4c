#pragma once
// Versions of the libraries OAuth Workbench runs with, for --version and the About dialog.

#include <QString>

namespace wb {
// Multi-line "Qt 6.4.2 (built with 6.4.2)\nQtKeychain ...\nOpenSSL ...\nnlohmann/json ...".
QString libraryVersions();
} // namespace wb
