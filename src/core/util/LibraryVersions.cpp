#include "util/LibraryVersions.h"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <simdjson.h>

namespace wb {

QString libraryVersions()
{
    return QStringLiteral(
               "Qt %1 (built with %2)\nQtKeychain %3\n%4\nnlohmann/json %5.%6.%7\nsimdjson %8.%9.%10")
        .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
             QStringLiteral(WB_QTKEYCHAIN_VERSION), QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION)))
        .arg(NLOHMANN_JSON_VERSION_MAJOR)
        .arg(NLOHMANN_JSON_VERSION_MINOR)
        .arg(NLOHMANN_JSON_VERSION_PATCH)
        .arg(int(simdjson::SIMDJSON_VERSION_MAJOR))
        .arg(int(simdjson::SIMDJSON_VERSION_MINOR))
        .arg(int(simdjson::SIMDJSON_VERSION_REVISION));
}

} // namespace wb
