#pragma once
// TokenOperationCommands: the token lifecycle verbs on a saved profile's stored tokens —
// refresh, revoke, introspect, userinfo and race-refresh. Each prints its steps like `run`,
// supports --json and --save, and exits 0 ok, 1 protocol/validation, 2 config, 3 network,
// 4 keychain.

#include <QStringList>

namespace wb::cli {

int runRefreshCommand(
    const QStringList &args); // refresh --profile NAME [--scope S] [--resource R] [--audience A]
int runRevokeCommand(const QStringList &args);      // revoke --profile NAME [--token access|refresh]
int runIntrospectCommand(const QStringList &args);  // introspect --profile NAME [--token access|refresh]
int runUserinfoCommand(const QStringList &args);    // userinfo --profile NAME
int runRaceRefreshCommand(const QStringList &args); // race-refresh --profile NAME --parallel N

} // namespace wb::cli
