#pragma once
// `oauth-workbench sandbox`: runs the built-in authorization server standalone (with optional
// faults) until SIGINT/SIGTERM, so users can point their own apps at a misbehaving provider.

#include <QStringList>

namespace wb::cli {

// args like the other verbs: args[0] is "<program> sandbox", then the options. Returns 0 after a
// clean stop (Ctrl+C or SIGTERM) or --list-faults/--help, 2 on usage errors (unknown fault names
// are listed), 3 if the port cannot be bound.
int runSandboxCommand(const QStringList &args);

} // namespace wb::cli
