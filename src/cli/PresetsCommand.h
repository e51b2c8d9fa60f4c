#pragma once
// PresetsCommand: 'oauth-workbench presets' lists the provider presets (resources/providers/)
// that 'profile add --preset NAME' starts from, with their endpoints, scopes and quirks.

#include <QStringList>

namespace wb {
struct ProviderInfo;
}

namespace wb::cli {

int runPresetsCommand(const QStringList &args);
// The provider with a preset named `name` (its id, case-insensitive; "microsoft"/"azure" mean entra).
const ProviderInfo *findPreset(const QString &name);

} // namespace wb::cli
