#include "report/CurlExport.h"

namespace wb {

QString shellQuote(const QString &arg)
{
    if (arg.isEmpty())
        return QStringLiteral("''");
    bool plain = true;
    for (const QChar c : arg) {
        const bool safe = c.isLetterOrNumber() || QStringLiteral("-_./:=@%+,").contains(c);
        if (!safe || c.unicode() > 127) {
            plain = false;
            break;
        }
    }
    if (plain)
        return arg;
    QString quoted = arg;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString curlCommand(const Exchange &x, const Redactor &r)
{
    QStringList args{QStringLiteral("curl")};
    const QString method = x.method.isEmpty() ? QStringLiteral("GET") : x.method.toUpper();
    const bool hasBody = !x.requestBody.isEmpty();
    // curl picks GET (or POST with --data-raw) on its own; any other method must be explicit.
    if (!(method == u"GET" && !hasBody) && !(method == u"POST" && hasBody))
        args << QStringLiteral("-X") << shellQuote(method);
    args << shellQuote(r.text(x.url));
    for (const HttpHeader &h : r.headers(x.requestHeaders)) {
        const QByteArray lower = h.name.toLower();
        if (lower == "host" || lower == "content-length")
            continue;
        args << QStringLiteral("-H")
             << shellQuote(QString::fromUtf8(h.name) + QStringLiteral(": ") + QString::fromUtf8(h.value));
    }
    if (hasBody)
        args << QStringLiteral("--data-raw") << shellQuote(QString::fromUtf8(r.bytes(x.requestBody)));
    // Each option stays on one line with its value, so the command reads like a request.
    QString out = args.takeFirst();
    for (int i = 0; i < args.size(); ++i) {
        const bool option = args[i].startsWith(QLatin1Char('-')) && i + 1 < args.size();
        out += QStringLiteral(" \\\n  ") + args[i];
        if (option)
            out += QLatin1Char(' ') + args[++i];
    }
    return out;
}

} // namespace wb
