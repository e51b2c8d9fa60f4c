#pragma once
// ProfileCommands: the `profile`, `tokens` and `forget` verbs — profiles on disk, their client
// secret and token set in the keychain. Exit codes: see ProfileExitCode in ProfileSupport.h.

#include <QStringList>

namespace wb::cli {

// Each takes the verb's arguments as Cli passes them to runRunCommand: args[0] names the
// program (and verb), the rest are the verb's own arguments.
int runProfileCommand(const QStringList &args); // profile list|show NAME|add NAME [run options]|remove NAME
int runTokensCommand(const QStringList &args);  // tokens --profile NAME [--no-redact] [--json]
int runForgetCommand(const QStringList &args);  // forget --profile NAME [--tokens|--secret]

} // namespace wb::cli
