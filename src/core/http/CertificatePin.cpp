#include "http/CertificatePin.h"

#include <QCryptographicHash>
#include <QSslCertificate>

namespace wb::certpin {

namespace {
QString dn(const QSslCertificate &c, bool issuer)
{
    // Most specific to most general, like openssl -nameopt RFC2253 without the escaping.
    const QList<QByteArray> attrs = issuer ? c.issuerInfoAttributes() : c.subjectInfoAttributes();
    QStringList parts;
    for (const QByteArray &a : attrs) {
        const QStringList values = issuer ? c.issuerInfo(a) : c.subjectInfo(a);
        for (const QString &v : values)
            parts << QStringLiteral("%1=%2").arg(QString::fromLatin1(a), v);
    }
    return parts.isEmpty() ? QStringLiteral("(empty)") : parts.join(QStringLiteral(", "));
}
} // namespace

QString normalize(const QString &fingerprint, QString *error)
{
    QString s = fingerprint.trimmed().toLower();
    for (const QLatin1String prefix :
         {QLatin1String("sha256:"), QLatin1String("sha256="), QLatin1String("sha-256:")}) {
        if (s.startsWith(prefix)) {
            s = s.mid(prefix.size()).trimmed();
            break;
        }
    }
    QString hex;
    for (const QChar ch : std::as_const(s)) {
        if (ch == u':' || ch == u' ' || ch == u'-')
            continue;
        const bool isHex = (ch >= u'0' && ch <= u'9') || (ch >= u'a' && ch <= u'f');
        if (!isHex) {
            if (error)
                *error = QStringLiteral("\"%1\" is not a SHA-256 fingerprint: unexpected character '%2' "
                                        "(expected 64 hex digits, colons allowed)")
                             .arg(fingerprint.left(120), ch);
            return {};
        }
        hex += ch;
    }
    if (hex.size() != 64) {
        if (error)
            *error = QStringLiteral("\"%1\" is not a SHA-256 fingerprint: %2 hex digits instead of 64")
                         .arg(fingerprint.left(120))
                         .arg(hex.size());
        return {};
    }
    return hex;
}

bool normalizeAll(const QStringList &fingerprints, QStringList &out, QString *error)
{
    QStringList result;
    for (const QString &f : fingerprints) {
        if (f.trimmed().isEmpty())
            continue;
        const QString n = normalize(f, error);
        if (n.isEmpty())
            return false;
        if (!result.contains(n))
            result << n;
    }
    out = result;
    return true;
}

QString display(const QString &normalized)
{
    QStringList pairs;
    for (qsizetype i = 0; i + 1 < normalized.size(); i += 2)
        pairs << normalized.mid(i, 2).toUpper();
    return pairs.join(u':');
}

QString fingerprintOf(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256).toHex());
}

QString matchingPin(const QSslCertificate &certificate, const QStringList &pins)
{
    const QString actual = fingerprintOf(certificate);
    if (actual.isEmpty())
        return {};
    for (const QString &pin : pins) {
        if (normalize(pin) == actual)
            return actual;
    }
    return {};
}

QStringList describe(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm:ss");
    return {
        QStringLiteral("Subject: %1").arg(dn(certificate, false)),
        QStringLiteral("Issuer: %1").arg(dn(certificate, true)),
        QStringLiteral("Valid: %1 to %2 (UTC)")
            .arg(certificate.effectiveDate().toUTC().toString(format),
                 certificate.expiryDate().toUTC().toString(format)),
        QStringLiteral("SHA-256: %1").arg(display(fingerprintOf(certificate))),
    };
}

} // namespace wb::certpin
