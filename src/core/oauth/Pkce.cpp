// PKCE verifier generation and challenge derivation (RFC 7636 4.1, 4.2).
#include "oauth/Pkce.h"

#include "oauth/Random.h"

#include <QCryptographicHash>
#include <algorithm>

namespace wb::Pkce {

namespace {
bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}
} // namespace

PkcePair generate(PkceMethod method, int length)
{
    const int len = std::clamp(length, 43, 128);
    // base64url yields 4 chars per 3 bytes, all of them unreserved; ask for enough and cut.
    QByteArray verifier = randomUrlSafe((len * 3) / 4 + 3);
    verifier.truncate(len);
    return fromVerifier(verifier, method);
}

PkcePair fromVerifier(const QByteArray &verifier, PkceMethod method)
{
    PkcePair p;
    p.verifier = verifier;
    if (method == PkceMethod::Plain) {
        p.method = PkceMethod::Plain;
        p.challenge = verifier;
        return p;
    }
    // Off is not a valid request here; S256 is the safe reading (the caller decides whether to send it).
    p.method = PkceMethod::S256;
    const QByteArray digest = QCryptographicHash::hash(verifier, QCryptographicHash::Sha256);
    p.verifierSha256Hex = digest.toHex();
    p.challenge = digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    return p;
}

QByteArray s256Challenge(const QByteArray &verifier)
{
    return fromVerifier(verifier, PkceMethod::S256).challenge;
}

bool isValidVerifier(const QByteArray &verifier)
{
    if (verifier.size() < 43 || verifier.size() > 128)
        return false;
    return std::all_of(verifier.begin(), verifier.end(), isUnreserved);
}

} // namespace wb::Pkce
