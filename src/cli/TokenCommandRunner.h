#pragma once
// TokenCommandRunner: what the token lifecycle verbs share — common options, loading the profile
// with its secret and stored token set from the keychain, printing steps, --json / --save output
// and the exit code of a finished session.

#include "flow/Session.h"

#include <QCommandLineParser>
#include <QTextStream>
#include <memory>
#include <optional>

namespace wb {
class TokenOperation;
}

namespace wb::cli {

class StepPrinter;

enum TokenExitCode {
    TokenExitOk = 0,
    TokenExitFailed = 1,
    TokenExitConfig = 2,
    TokenExitNetwork = 3,
    TokenExitKeychain = 4,
    TokenExitInterrupted = 130
};

class TokenCommandRunner {
public:
    TokenCommandRunner(const QString &verb, const QString &description);
    ~TokenCommandRunner();

    QCommandLineParser parser;
    // Parses; a value means "exit now with it" (help, usage error, profile or tokens missing).
    std::optional<int> prepare(const QStringList &args);

    Profile profile;
    TokenSet tokens;
    bool json() const { return m_json; }
    bool redact() const { return m_redact; }
    QString endpointOverride() const { return parser.value(QStringLiteral("endpoint")); }
    QTextStream &progress() { return m_json ? err : out; }

    // Runs `op` to the end with live step printing; then output() it.
    int execute(TokenOperation &op);
    // Prints `op`'s steps as they finish (for operations started elsewhere).
    void follow(TokenOperation *op);
    // Prints the result, writes --json / --save; returns the exit code for `session`.
    int output(const Session &session, int extraCode = TokenExitOk);
    static int exitCodeFor(const Session &s);
    int fail(int code, const QString &message);
    bool storeTokens(const TokenSet &tokens); // writes the merged set back to the keychain

    QTextStream out{stdout};
    QTextStream err{stderr};

private:
    QString m_verb;
    bool m_json = false;
    bool m_redact = true;
    const Session *m_current = nullptr;
    std::unique_ptr<StepPrinter> m_printer;
};

} // namespace wb::cli
