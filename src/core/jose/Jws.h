#pragma once
// Compact JWS serialization (RFC 7515 section 7.1) signed with a SigningKey; used by the sandbox
// to mint ID tokens.

#include "jose/SigningKey.h"

#include <QByteArray>
#include <nlohmann/json.hpp>

namespace wb::jose {

namespace Jws {
// header.payload.signature, the header carrying alg and kid from `key` plus `extraHeader`
// members (e.g. typ). Strings that are not valid UTF-8 are replaced, never thrown on. Empty on
// signing failure.
QByteArray sign(const SigningKey &key, const nlohmann::json &payload,
                const nlohmann::json &extraHeader = nlohmann::json::object());
// The JSON text exactly as it goes into a JOSE part (compact, invalid UTF-8 replaced).
QByteArray serialize(const nlohmann::json &j);
} // namespace Jws

} // namespace wb::jose
