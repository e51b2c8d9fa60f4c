#pragma once
// ChromiumLocator: finds the Chromium-family browser the `captured` mode drives over the DevTools
// protocol (an explicit path, or the usual names on PATH), with a message naming what was searched
// and the fallbacks when none is found.

#include <QString>
#include <QStringList>

namespace wb {

struct ChromiumLocation {
    QString executable; // absolute path; empty when not found
    QString error;      // plain sentence when not found
    bool found() const { return !executable.isEmpty(); }
};

class ChromiumLocator {
public:
    // Names searched on PATH, in order.
    static QStringList candidateNames();
    // `explicitPath` (settings / --browser-path) wins when given; it must be an executable file.
    // `searchPath` overrides $PATH (tests); empty = the process environment's PATH.
    static ChromiumLocation locate(const QString &explicitPath, const QStringList &searchPath = {});
};

} // namespace wb
