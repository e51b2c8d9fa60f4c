#pragma once
// ProviderPreset: starting values for a new profile from a provider's data file (endpoints or
// discovery, scopes, parameters, client authentication), with {placeholders} such as {tenant}.

#include "diagnosis/ProviderCatalog.h"
#include "store/Profile.h"

#include <QMap>

namespace wb {

// Fills `p` from the preset of `provider`, substituting `values` for {name} placeholders
// (defaults from the preset when not given). False with a message when the provider has no preset.
bool applyPreset(const ProviderInfo &provider, const QMap<QString, QString> &values, Profile &p,
                 QString *error);
// Placeholders still unresolved in `p` (e.g. "tenant" when the issuer still reads {tenant}).
QStringList unresolvedPlaceholders(const Profile &p);

} // namespace wb
