#pragma once
// Redactor: hides secrets (client secret, code, verifier, tokens, Authorization and cookie
// values) in anything derived from a session, keeping length and last 4 characters so two
// redacted reports can still be compared.

#include "http/Exchange.h"

#include <QStringList>

namespace wb {

class Redactor {
public:
    // `secrets`: raw values to hide wherever they appear (also form- and percent-encoded).
    explicit Redactor(const QStringList &secrets = {}, bool enabled = true);

    bool enabled() const { return m_enabled; }
    // "[redacted 43 chars …wxyz]"; values under 16 chars show no characters at all.
    static QString mask(const QString &value);

    QString text(const QString &s) const;
    QByteArray bytes(const QByteArray &b) const;
    // Header values: Authorization keeps its scheme, Cookie/Set-Cookie keep cookie names.
    HttpHeaders headers(const HttpHeaders &h) const;

private:
    struct Needle {
        QByteArray raw;
        QByteArray replacement;
    };
    QList<Needle> m_needles; // longest first, so a token is replaced before its substrings
    bool m_enabled;
};

} // namespace wb
