#include "report/CurlExport.h"

#include "report/ReportSupport.h"

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
    if (hasHeader(x.requestHeaders, "accept-encoding"))
        args << QStringLiteral("--compressed");
    if (hasBody)
        args << QStringLiteral("--data-raw") << shellQuote(QString::fromUtf8(r.bytes(x.requestBody)));
    // Each option stays on one line with its value, so the command reads like a request.
    QString out = args.takeFirst();
    for (int i = 0; i < args.size(); ++i) {
        const bool option =
            args[i].startsWith(QLatin1Char('-')) && args[i] != u"--compressed" && i + 1 < args.size();
        out += QStringLiteral(" \\\n  ") + args[i];
        if (option)
            out += QLatin1Char(' ') + args[++i];
    }
    return out;
}

namespace {
// The cURL report handed to `append` one command at a time (UTF-8), each exchange's request body
// redacted when it is reached: a long session's script is never held whole.
template <typename Append>
void writeCurl(const Session &session, const ReportOptions &options, Append &&append)
{
    const report::LazyRedaction redacted(session, options.redaction); // bodies one at a time
    const Session &s = redacted.session();
    const Redactor none({}, RedactionMode::None); // already redacted above
    append(QStringLiteral("#!/bin/sh\n"
                          "# OAuth Workbench %1: the back-channel requests of session %2 as curl commands.\n"
                          "# Provider: %3, client: %4, outcome: %5.\n# %6\n")
               .arg(s.appVersion.simplified(), s.id.simplified(), report::providerLabel(s).simplified(),
                    s.profile.clientId.simplified(), toString(s.outcome),
                    report::redactionStatement(options.redaction))
               .toUtf8());
    int n = 0;
    const auto owners = report::stepsByExchange(s);
    for (qsizetype i = 0; i < s.exchanges.size(); ++i) {
        if (s.exchanges[i].role != ExchangeRole::BackChannel &&
            s.exchanges[i].role != ExchangeRole::Discovery)
            continue;
        const Exchange x = redacted.exchange(i);
        const Step *st = owners.value(x.id);
        const QString answer = x.hasResponse()
                                   ? QStringLiteral("%1 %2").arg(x.status).arg(x.reason)
                                   : QStringLiteral("no response (%1)").arg(toString(x.transportError));
        QString comment =
            QStringLiteral("%1%2: recorded answer %3")
                .arg(x.id, st ? QStringLiteral(" (%1 %2)").arg(st->id, st->title) : QString(), answer);
        comment.replace(QLatin1Char('\n'), QLatin1Char(' '));
        // Every piece ends with a newline, so no UTF-16 surrogate pair is split between two pieces.
        append(QStringLiteral("\n# %1\n%2\n").arg(comment, curlCommand(x, none)).toUtf8());
        ++n;
    }
    if (n == 0)
        append(QByteArrayLiteral("\n# No back-channel requests were recorded.\n"));
}
} // namespace

QByteArray curlReport(const Session &session, const ReportOptions &options)
{
    QByteArray out;
    writeCurl(session, options, [&out](const QByteArray &piece) { out.append(piece); });
    return out;
}

bool curlReport(const Session &session, const ReportOptions &options, QIODevice &out)
{
    bool ok = true;
    writeCurl(session, options,
              [&](const QByteArray &piece) { ok = ok && out.write(piece) == piece.size(); });
    return ok;
}

} // namespace wb
