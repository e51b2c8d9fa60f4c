#include "diagnosis/ResourceJson.h"

#include "util/JsonQt.h"

#include <QDir>
#include <QFile>

static void initDiagnosisResources()
{
    Q_INIT_RESOURCE(diagnosis); // workbench_core is static: register its resources explicitly
}

namespace wb {

nlohmann::json loadResourceJson(const QString &path)
{
    initDiagnosisResources();
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return nullptr;
    return parseJson(f.readAll()).value_or(nlohmann::json());
}

QStringList providerResourceFiles()
{
    initDiagnosisResources();
    QStringList out;
    const QDir dir(QStringLiteral(":/wb/providers"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        out.append(dir.filePath(name));
    return out;
}

} // namespace wb
