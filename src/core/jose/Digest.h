#pragma once
// SHA-2 through the OpenSSL EVP interface: JWK thumbprints, at_hash/c_hash and PKCE S256 need it.

#include <QByteArray>
#include <QByteArrayView>

namespace wb::jose {

QByteArray sha256(QByteArrayView data);
// SHA-256, SHA-384 or SHA-512 by output size in bits; empty for any other size.
QByteArray sha2(int bits, QByteArrayView data);

} // namespace wb::jose
