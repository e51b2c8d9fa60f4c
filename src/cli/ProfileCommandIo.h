#pragma once
// ProfileCommandIo: the parsing and error printing the profile, tokens and forget verbs share,
// so each verb reports usage errors and missing profiles the same way.

#include "store/Profile.h"

#include <QCommandLineParser>
#include <QTextStream>
#include <optional>

namespace wb::cli {

class ProfileCommandIo {
public:
    explicit ProfileCommandIo(const QString &verb) : m_verb(verb) {}

    // Parses `args`; handles --help and --memory-secrets and checks that exactly `positionals`
    // positional arguments were given. A value means "stop and exit with it".
    std::optional<int> parse(QCommandLineParser &parser, const QStringList &args, int positionals);
    // Prints "oauth-workbench <verb>: message" and returns the usage exit code.
    int usageError(const QString &message);
    // Loads by name or id; prints the not-found message itself.
    std::optional<Profile> loadProfile(const QString &nameOrId);
    void fail(const QString &message); // prints "oauth-workbench <verb>: message"

    QTextStream out{stdout};
    QTextStream err{stderr};

private:
    QString m_verb;
};

// --memory-secrets: keep secrets in memory for this command only (no keychain access).
void addMemoryOption(QCommandLineParser &parser);

} // namespace wb::cli
