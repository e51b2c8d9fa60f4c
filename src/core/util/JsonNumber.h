#pragma once
// JsonNumber: JSON numbers from outside (token responses, JWT claims, session and HAR files) as
// whole numbers without undefined behaviour. Converting 1e300 to an integer, or adding a leeway to
// an exp of 2^63-1, is undefined in C++; servers and files can send either. Values are clamped to
// +-2^53, the range where JSON numbers are exact everywhere (RFC 8259 section 6): seconds or
// milliseconds beyond it mean nothing, and the margin keeps the arithmetic done with them defined.

#include <QtGlobal>
#include <nlohmann/json.hpp>

namespace wb {

inline constexpr qint64 kMaxJsonInteger = qint64(1) << 53;

// `number` (integer, unsigned or float) rounded toward zero and clamped to +-kMaxJsonInteger;
// `fallback` when it is not a number.
qint64 saturatedInt64(const nlohmann::json &number, qint64 fallback = 0);

} // namespace wb
