#include "report/Redactor.h"

#include "oauth/CallbackParams.h"

#include <QUrl>
#include <algorithm>

namespace wb {

namespace {
QByteArray maskBytes(const QByteArray &value)
{
    return Redactor::mask(QString::fromUtf8(value)).toUtf8();
}

QByteArray redactCookiePairs(const QByteArray &value, bool setCookie)
{
    // Cookie: a=1; b=2  -> names kept. Set-Cookie: a=1; Path=/ -> only the first pair is a value.
    QList<QByteArray> parts = value.split(';');
    for (int i = 0; i < parts.size(); ++i) {
        if (setCookie && i > 0)
            break;
        const int eq = parts[i].indexOf('=');
        if (eq < 0)
            continue;
        parts[i] = parts[i].left(eq + 1) + maskBytes(parts[i].mid(eq + 1).trimmed());
    }
    return parts.join(';');
}
} // namespace

Redactor::Redactor(const QStringList &secrets, bool enabled) : m_enabled(enabled)
{
    for (const QString &s : secrets) {
        if (s.size() < 4)
            continue; // too short to search for without mangling unrelated text
        const QByteArray raw = s.toUtf8();
        const QByteArray replacement = mask(s).toUtf8();
        QList<QByteArray> forms = {raw, QUrl::toPercentEncoding(s),
                                   encodeFormUrlEncoded({{QString(), s}}).mid(1)};
        for (const auto &f : forms) {
            const bool dup = std::any_of(m_needles.cbegin(), m_needles.cend(),
                                         [&](const Needle &n) { return n.raw == f; });
            if (!dup)
                m_needles.append({f, replacement});
        }
    }
    std::sort(m_needles.begin(), m_needles.end(),
              [](const Needle &a, const Needle &b) { return a.raw.size() > b.raw.size(); });
}

QString Redactor::mask(const QString &value)
{
    // The tail lets two reports be compared; below 16 chars it would give away too much.
    if (value.size() < 16)
        return QStringLiteral("[redacted %1 chars]").arg(value.size());
    return QStringLiteral("[redacted %1 chars …%2]").arg(value.size()).arg(value.right(4));
}

QByteArray Redactor::bytes(const QByteArray &b) const
{
    if (!m_enabled || b.isEmpty())
        return b;
    QByteArray out = b;
    for (const auto &n : m_needles)
        out.replace(n.raw, n.replacement);
    return out;
}

QString Redactor::text(const QString &s) const
{
    if (!m_enabled || s.isEmpty())
        return s;
    return QString::fromUtf8(bytes(s.toUtf8()));
}

HttpHeaders Redactor::headers(const HttpHeaders &h) const
{
    if (!m_enabled)
        return h;
    HttpHeaders out;
    out.reserve(h.size());
    for (const auto &header : h) {
        const QByteArray name = header.name.toLower();
        QByteArray value = header.value;
        if (name == "authorization" || name == "proxy-authorization") {
            const int sp = value.indexOf(' ');
            // No tail here: the end of Basic credentials is the end of the client secret.
            const QByteArray credentials = sp > 0 ? value.mid(sp + 1) : value;
            const QByteArray masked = QStringLiteral("[redacted %1 chars]").arg(credentials.size()).toUtf8();
            value = sp > 0 ? value.left(sp + 1) + masked : masked;
        } else if (name == "cookie") {
            value = redactCookiePairs(value, false);
        } else if (name == "set-cookie") {
            value = redactCookiePairs(value, true);
        } else {
            value = bytes(value);
        }
        out.append({header.name, value});
    }
    return out;
}

} // namespace wb
