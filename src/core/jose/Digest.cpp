#include "jose/Digest.h"

#include <openssl/evp.h>

namespace wb::jose {

namespace {
QByteArray digest(const EVP_MD *md, QByteArrayView data)
{
    if (!md)
        return {};
    QByteArray out(EVP_MAX_MD_SIZE, '\0');
    unsigned int len = 0;
    if (EVP_Digest(data.data(), static_cast<size_t>(data.size()),
                   reinterpret_cast<unsigned char *>(out.data()), &len, md, nullptr) != 1)
        return {};
    out.truncate(static_cast<qsizetype>(len));
    return out;
}
} // namespace

QByteArray sha256(QByteArrayView data)
{
    return digest(EVP_sha256(), data);
}

QByteArray sha2(int bits, QByteArrayView data)
{
    return digest(bits == 256   ? EVP_sha256()
                  : bits == 384 ? EVP_sha384()
                  : bits == 512 ? EVP_sha512()
                                : nullptr,
                  data);
}

} // namespace wb::jose
