#include "jose/Digest.h"

#include <openssl/evp.h>

namespace wb::jose {

QByteArray sha256(QByteArrayView data)
{
    QByteArray out(EVP_MAX_MD_SIZE, '\0');
    unsigned int len = 0;
    if (EVP_Digest(data.data(), static_cast<size_t>(data.size()),
                   reinterpret_cast<unsigned char *>(out.data()), &len, EVP_sha256(), nullptr) != 1)
        return {};
    out.truncate(static_cast<qsizetype>(len));
    return out;
}

} // namespace wb::jose
