#pragma once
// Cryptographically secure random values for state, nonce and PKCE verifiers.

#include <QByteArray>

namespace wb {
// base64url (no padding) of `bytes` random bytes from the system CSPRNG (OpenSSL RAND_bytes).
QByteArray randomUrlSafe(int bytes);
} // namespace wb
