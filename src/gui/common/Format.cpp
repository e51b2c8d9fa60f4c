#include "common/Format.h"

#include "util/JsonQt.h"

#include <QLocale>
#include <QUrl>
#include <QUrlQuery>

namespace wb::gui {

QString formatDuration(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 60000)
        return QStringLiteral("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', ms < 10000 ? 2 : 1));
    const qint64 s = ms / 1000;
    return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(QLocale().toString(bytes / 1024.0, 'f', 1));
    return QStringLiteral("%1 MB").arg(QLocale().toString(bytes / (1024.0 * 1024.0), 'f', 1));
}

QString formatLocalTime(const QDateTime &t)
{
    if (!t.isValid())
        return QString();
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString formatRelative(const QDateTime &t, const QDateTime &now)
{
    if (!t.isValid() || !now.isValid())
        return QString();
    const qint64 delta = now.secsTo(t); // > 0: in the future
    const qint64 a = std::abs(delta);
    QString amount;
    if (a < 60)
        amount = QStringLiteral("%1 s").arg(a);
    else if (a < 3600)
        amount = QStringLiteral("%1 min").arg(a / 60);
    else if (a < 48 * 3600)
        amount = QStringLiteral("%1 h %2 min").arg(a / 3600).arg((a % 3600) / 60);
    else
        amount = QStringLiteral("%1 days").arg(a / 86400);
    if (a == 0)
        return QStringLiteral("now");
    return delta > 0 ? QStringLiteral("in %1").arg(amount) : QStringLiteral("%1 ago").arg(amount);
}

QString formatClock(qint64 seconds)
{
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

namespace {
ParamList fromQuery(const QUrlQuery &q)
{
    ParamList out;
    for (const auto &[k, v] : q.queryItems(QUrl::FullyDecoded))
        out.append({k, v});
    return out;
}
} // namespace

ParamList decodeQuery(const QString &url)
{
    const QUrl u(url);
    if (!u.hasQuery())
        return {};
    return fromQuery(QUrlQuery(u));
}

ParamList decodeForm(const QByteArray &body)
{
    // '+' means space in forms but not in QUrlQuery, so translate before decoding.
    QByteArray b = body;
    b.replace('+', ' ');
    return fromQuery(QUrlQuery(QString::fromUtf8(b)));
}

bool isFormBody(const HttpHeaders &headers, const QByteArray &body)
{
    const QByteArray type = headerValue(headers, "Content-Type").toLower();
    if (type.startsWith("application/x-www-form-urlencoded"))
        return true;
    // GitHub answers forms labelled text/plain; accept a body that is clearly name=value&...
    if (type.isEmpty() || type.startsWith("text/plain")) {
        const QByteArray t = body.trimmed();
        return !t.isEmpty() && t.contains('=') && !t.contains(' ') && !t.contains('\n') && !t.startsWith('{');
    }
    return false;
}

QString prettyJson(const nlohmann::json &j)
{
    return QString::fromStdString(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

QString prettyBody(const HttpHeaders &headers, const QByteArray &body, QString *kind)
{
    auto setKind = [kind](const char *k) {
        if (kind)
            *kind = QLatin1String(k);
    };
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        if (const auto j = parseJson(body)) {
            setKind("JSON");
            return prettyJson(*j);
        }
    }
    if (isFormBody(headers, body)) {
        setKind("form");
        QStringList lines;
        for (const auto &[k, v] : decodeForm(body))
            lines << QStringLiteral("%1 = %2").arg(k, v);
        return lines.join(QLatin1Char('\n'));
    }
    const QString text = QString::fromUtf8(body);
    if (text.toUtf8() != body) {
        setKind("binary");
        return QStringLiteral("(%1 bytes of binary data)").arg(body.size());
    }
    setKind("text");
    return text;
}

QString urlWithoutQuery(const QString &url)
{
    return QUrl(url).adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

} // namespace wb::gui
