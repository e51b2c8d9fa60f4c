// CSPRNG output for state, nonce and PKCE verifiers, encoded so it can go into a URL as is.
#include "oauth/Random.h"

#include <QRandomGenerator>
#include <openssl/rand.h>

namespace wb {

QByteArray randomUrlSafe(int bytes)
{
    if (bytes <= 0)
        return {};
    QByteArray raw(bytes, Qt::Uninitialized);
    auto *data = reinterpret_cast<unsigned char *>(raw.data());
    if (RAND_bytes(data, bytes) != 1) {
        // OpenSSL could not seed; QRandomGenerator::system() also reads the OS CSPRNG
        // (getrandom), so this is a fallback, not a downgrade to a predictable generator.
        QRandomGenerator::system()->generate(raw.begin(), raw.end());
    }
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace wb
