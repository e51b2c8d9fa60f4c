#pragma once
// SHA-256 through the OpenSSL EVP interface: JWK thumbprints, at_hash and PKCE S256 need it.

#include <QByteArray>
#include <QByteArrayView>

namespace wb::jose {

QByteArray sha256(QByteArrayView data);

} // namespace wb::jose
