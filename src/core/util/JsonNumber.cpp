#include "util/JsonNumber.h"

#include <algorithm>
#include <cmath>

namespace wb {

qint64 saturatedInt64(const nlohmann::json &number, qint64 fallback)
{
    if (number.is_number_unsigned())
        return qint64(std::min<quint64>(number.get<quint64>(), quint64(kMaxJsonInteger)));
    if (number.is_number_integer())
        return std::clamp<qint64>(number.get<qint64>(), -kMaxJsonInteger, kMaxJsonInteger);
    if (number.is_number_float()) {
        const double d = number.get<double>();
        if (std::isnan(d))
            return fallback;
        return qint64(std::clamp(std::trunc(d), -double(kMaxJsonInteger), double(kMaxJsonInteger)));
    }
    return fallback;
}

} // namespace wb
