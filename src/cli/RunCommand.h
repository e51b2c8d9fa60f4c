#pragma once
// `oauth-workbench run`: performs one authorization-code flow headless and maps the outcome to
// the documented exit codes.

#include <QStringList>

namespace wb::cli {

enum ExitCode { ExitOk = 0, ExitFlowFailed = 1, ExitUsage = 2, ExitNetwork = 3, ExitInterrupted = 130 };

int runRunCommand(const QStringList &args);

} // namespace wb::cli
