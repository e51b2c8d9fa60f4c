#include "diagnosis/RedirectUriDiff.h"

#include <QRegularExpression>
#include <QUrl>

namespace wb {

namespace {
bool isLoopback(const QString &host)
{
    return host == u"localhost" || host == u"127.0.0.1" || host == u"::1" || host == u"[::1]";
}

int effectivePort(const QUrl &u)
{
    return u.port(u.scheme() == u"https" ? 443 : u.scheme() == u"http" ? 80 : -1);
}
} // namespace

RedirectUriDiff compareRedirectUris(const QString &sent, const QString &registered)
{
    RedirectUriDiff d;
    if (sent == registered) {
        d.identical = true;
        return d;
    }
    QStringList sentences;
    auto add = [&](const char *key, const QString &text) {
        d.differences.append(QString::fromLatin1(key));
        sentences.append(text);
    };
    if (sent.compare(registered, Qt::CaseInsensitive) == 0) {
        add("case",
            QStringLiteral("they differ only in upper/lower case, and the comparison is case-sensitive"));
    }
    QString a = sent, b = registered;
    const bool slashA = a.endsWith(QLatin1Char('/')), slashB = b.endsWith(QLatin1Char('/'));
    if (slashA != slashB) {
        a.remove(QRegularExpression(QStringLiteral("/+$")));
        b.remove(QRegularExpression(QStringLiteral("/+$")));
        add("trailing_slash",
            slashB ? QStringLiteral("the registered URI ends with a slash, the sent one does not")
                   : QStringLiteral("the sent URI ends with a slash, the registered one does not"));
    }
    const QUrl us(sent), ur(registered);
    if (us.scheme().compare(ur.scheme(), Qt::CaseInsensitive) != 0)
        add("scheme", QStringLiteral("scheme %1 was sent, %2 is registered").arg(us.scheme(), ur.scheme()));
    const QString hs = us.host().toLower(), hr = ur.host().toLower();
    if (hs != hr) {
        if (isLoopback(hs) && isLoopback(hr))
            add("loopback_host",
                QStringLiteral("the loopback host is spelled %1 in the request but %2 in the registration; "
                               "127.0.0.1, localhost and [::1] are different strings to the server")
                    .arg(us.host(), ur.host()));
        else
            add("host", QStringLiteral("host %1 was sent, %2 is registered").arg(us.host(), ur.host()));
    }
    if (effectivePort(us) != effectivePort(ur))
        add("port", QStringLiteral("port %1 was sent, %2 is registered%3")
                        .arg(effectivePort(us))
                        .arg(effectivePort(ur))
                        .arg(isLoopback(hs) ? QStringLiteral(" (an ephemeral port changes every run: fix "
                                                             "the port or register the one used)")
                                            : QString()));
    if (!d.differences.contains(QStringLiteral("trailing_slash")) &&
        !d.differences.contains(QStringLiteral("case"))) {
        const QString ps = us.path(), pr = ur.path();
        if (ps != pr)
            add("path", ps.compare(pr, Qt::CaseInsensitive) == 0
                            ? QStringLiteral("the path differs in case (%1 vs %2)").arg(ps, pr)
                            : QStringLiteral("path %1 was sent, %2 is registered")
                                  .arg(ps.isEmpty() ? QStringLiteral("/") : ps,
                                       pr.isEmpty() ? QStringLiteral("/") : pr));
    }
    if (us.query() != ur.query())
        add("query", QStringLiteral("the query parts differ"));
    if (sentences.isEmpty())
        add("other", QStringLiteral("the strings differ (check invisible characters and percent-encoding)"));
    d.sentence = sentences.join(QStringLiteral("; "));
    return d;
}

} // namespace wb
