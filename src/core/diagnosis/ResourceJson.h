#pragma once
// ResourceJson: reads a JSON document compiled into workbench_core (resources/diagnosis.qrc).

#include <QString>
#include <nlohmann/json.hpp>

namespace wb {

// The parsed document, or null when the resource is missing or not JSON.
nlohmann::json loadResourceJson(const QString &path);
// Paths of the provider knowledge files (:/wb/providers/*.json), sorted.
QStringList providerResourceFiles();

} // namespace wb
