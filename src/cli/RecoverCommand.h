#pragma once
// `oauth-workbench recover`: lists the session journals left by a workbench process that was killed
// or crashed mid-flow, prints or saves a recovered session (the shape of `run --json`), and
// discards journals.

#include <QStringList>

namespace wb::cli {

int runRecoverCommand(const QStringList &args);

} // namespace wb::cli
