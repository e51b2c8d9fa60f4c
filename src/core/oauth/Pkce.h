#pragma once
// PKCE (RFC 7636): verifier generation and the challenge derivation, kept step by step so the
// workbench can show users how the challenge was computed.

#include "store/Profile.h"

#include <QByteArray>

namespace wb {

struct PkcePair {
    PkceMethod method = PkceMethod::S256;
    QByteArray verifier;          // 43..128 chars of [A-Za-z0-9-._~]
    QByteArray verifierSha256Hex; // hex SHA-256 of the verifier (S256 only, else empty)
    QByteArray challenge;         // base64url(SHA-256) without padding for S256; verifier for plain
    QString challengeMethod() const { return method == PkceMethod::Plain ? "plain" : "S256"; }
};

namespace Pkce {
// Random verifier of `length` chars (clamped to 43..128) from a CSPRNG. method must not be Off.
PkcePair generate(PkceMethod method, int length = 64);
// Derives challenge and hash from a given verifier (used by tests with RFC 7636 Appendix B).
PkcePair fromVerifier(const QByteArray &verifier, PkceMethod method);
QByteArray s256Challenge(const QByteArray &verifier);
// True when 43..128 chars, all unreserved characters (RFC 7636 4.1).
bool isValidVerifier(const QByteArray &verifier);
} // namespace Pkce

} // namespace wb
