#pragma once
// Injectable clock (principle 7): flows and stores take one so expiry and skew are testable.

#include <QDateTime>
#include <functional>

namespace wb {
using Clock = std::function<QDateTime()>;
inline Clock systemClock()
{
    return [] { return QDateTime::currentDateTimeUtc(); };
}
} // namespace wb
