#pragma once
// CertificatePin: per-profile trust of one server certificate by its SHA-256 fingerprint, the
// explicit and narrow alternative to "ignore TLS errors". Parses and normalizes fingerprints the
// user pastes (hex, colons or spaces optional), matches a presented leaf certificate against them
// and describes a certificate (subject, issuer, validity, SHA-256) so a TLS failure shows what
// would have to be pinned.

#include <QString>
#include <QStringList>

class QSslCertificate;

namespace wb {

namespace certpin {

// "AB:CD:..." / "abcd..." / "ab cd ..." (optionally prefixed "sha256:" or "SHA256=") -> 64
// lowercase hex digits without separators. Empty with a plain message in `error` when the value is
// not a SHA-256 fingerprint.
QString normalize(const QString &fingerprint, QString *error = nullptr);

// Normalizes every entry; false with a message naming the first bad one.
bool normalizeAll(const QStringList &fingerprints, QStringList &out, QString *error = nullptr);

// 64 lowercase hex digits -> "AB:CD:..." (the spelling openssl x509 -fingerprint prints).
QString display(const QString &normalized);

// SHA-256 of the certificate's DER encoding, normalized (64 lowercase hex digits).
QString fingerprintOf(const QSslCertificate &certificate);

// The pin among `pins` (any spelling) that equals the certificate's fingerprint; empty when none.
QString matchingPin(const QSslCertificate &certificate, const QStringList &pins);

// One line per fact: "Subject: CN=...", "Issuer: ...", "Valid: <from> to <to> (UTC)",
// "SHA-256: AB:CD:...". Empty for a null certificate.
QStringList describe(const QSslCertificate &certificate);

} // namespace certpin

} // namespace wb
