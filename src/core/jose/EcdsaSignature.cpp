#include "jose/EcdsaSignature.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>

namespace wb::jose {

QByteArray ecdsaDerToRaw(QByteArrayView der, int componentBytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.data());
    ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
    if (!sig)
        return {};
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(sig, &r, &s);
    QByteArray out(componentBytes * 2, '\0');
    auto *dst = reinterpret_cast<unsigned char *>(out.data());
    const bool ok = BN_bn2binpad(r, dst, componentBytes) == componentBytes &&
                    BN_bn2binpad(s, dst + componentBytes, componentBytes) == componentBytes;
    ECDSA_SIG_free(sig);
    return ok ? out : QByteArray();
}

QByteArray ecdsaRawToDer(QByteArrayView raw)
{
    if (raw.isEmpty() || raw.size() % 2 != 0)
        return {};
    const int half = static_cast<int>(raw.size() / 2);
    const auto *src = reinterpret_cast<const unsigned char *>(raw.data());
    BIGNUM *r = BN_bin2bn(src, half, nullptr);
    BIGNUM *s = BN_bin2bn(src + half, half, nullptr);
    ECDSA_SIG *sig = ECDSA_SIG_new();
    if (!r || !s || !sig || ECDSA_SIG_set0(sig, r, s) != 1) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(sig);
        return {};
    }
    QByteArray out;
    unsigned char *der = nullptr;
    const int len = i2d_ECDSA_SIG(sig, &der);
    if (len > 0)
        out = QByteArray(reinterpret_cast<const char *>(der), len);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig); // owns r and s now
    return out;
}

} // namespace wb::jose
