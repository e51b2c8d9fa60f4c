#include "diagnosis/Finding.h"

#include <algorithm>

namespace wb {

QString toString(Severity s)
{
    switch (s) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return QStringLiteral("info");
}

Severity severityFromString(const QString &s)
{
    if (s == QLatin1String("error"))
        return Severity::Error;
    if (s == QLatin1String("warning"))
        return Severity::Warning;
    return Severity::Info;
}

QString toString(TriageClass c)
{
    switch (c) {
    case TriageClass::Reauth:
        return QStringLiteral("reauth");
    case TriageClass::FixConfig:
        return QStringLiteral("fix_config");
    case TriageClass::Retry:
        return QStringLiteral("retry");
    case TriageClass::Info:
        return QStringLiteral("info");
    }
    return QStringLiteral("info");
}

TriageClass triageClassFromString(const QString &s)
{
    if (s == QLatin1String("reauth"))
        return TriageClass::Reauth;
    if (s == QLatin1String("fix_config"))
        return TriageClass::FixConfig;
    if (s == QLatin1String("retry"))
        return TriageClass::Retry;
    return TriageClass::Info;
}

void sortBySeverity(QList<Finding> &findings)
{
    std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
        return static_cast<int>(a.severity) < static_cast<int>(b.severity);
    });
}

} // namespace wb
