#include "oauth/Error.h"

namespace wb {

QString toString(ErrorKind k)
{
    switch (k) {
    case ErrorKind::None:
        return QStringLiteral("none");
    case ErrorKind::Config:
        return QStringLiteral("config");
    case ErrorKind::Protocol:
        return QStringLiteral("protocol");
    case ErrorKind::Http:
        return QStringLiteral("http");
    case ErrorKind::Validation:
        return QStringLiteral("validation");
    case ErrorKind::Parse:
        return QStringLiteral("parse");
    case ErrorKind::Network:
        return QStringLiteral("network");
    case ErrorKind::Timeout:
        return QStringLiteral("timeout");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("none");
}

ErrorKind errorKindFromString(const QString &s)
{
    static const ErrorKind all[] = {ErrorKind::None,    ErrorKind::Config,     ErrorKind::Protocol,
                                    ErrorKind::Http,    ErrorKind::Validation, ErrorKind::Parse,
                                    ErrorKind::Network, ErrorKind::Timeout,    ErrorKind::Cancelled};
    for (auto k : all) {
        if (toString(k) == s)
            return k;
    }
    return ErrorKind::None;
}

} // namespace wb
