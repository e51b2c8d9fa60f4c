#pragma once
// Base64url without padding (RFC 7515 section 2), the encoding of every JOSE part and JWK member.

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace wb::jose {

QByteArray base64UrlEncode(QByteArrayView data);
// Strict decode: only the URL-safe alphabet, no padding, no whitespace; nullopt otherwise.
std::optional<QByteArray> base64UrlDecode(QByteArrayView text);

} // namespace wb::jose
