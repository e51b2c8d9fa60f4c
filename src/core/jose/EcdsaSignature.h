#pragma once
// Conversions between OpenSSL's DER ECDSA-Sig-Value and the fixed-size R||S form that JWS
// requires (RFC 7518 section 3.4); OpenSSL only speaks DER, JOSE only speaks R||S.

#include <QByteArray>
#include <QByteArrayView>

namespace wb::jose {

// DER SEQUENCE { r INTEGER, s INTEGER } -> R||S, each left-padded to `componentBytes`.
// Empty on malformed DER or a component that does not fit.
QByteArray ecdsaDerToRaw(QByteArrayView der, int componentBytes);
// R||S (even length) -> DER. Empty on odd length or encoding failure.
QByteArray ecdsaRawToDer(QByteArrayView raw);

} // namespace wb::jose
