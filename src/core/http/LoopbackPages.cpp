#include "http/LoopbackPages.h"

#include "http/HttpStatus.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QLocale>

// The resources live in a static library, so they must be registered explicitly; the macro has to
// be used outside any namespace.
static void initCoreResources()
{
    Q_INIT_RESOURCE(core);
}

namespace wb::loopback {

namespace {

QByteArray loadTemplate(const QString &name)
{
    static const bool initialised = (initCoreResources(), true);
    Q_UNUSED(initialised);
    QFile f(QStringLiteral(":/wb/pages/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArrayLiteral(
            "<!DOCTYPE html><title>OAuth Workbench</title><p>{{heading}}</p><p>{{message}}</p>"
            "<p>You can close this tab and return to OAuth Workbench.</p>");
    return f.readAll();
}

// One pass over the template, so a value that itself contains "{{...}}" is never expanded.
QByteArray fill(const QByteArray &tpl, const QHash<QByteArray, QByteArray> &values)
{
    QByteArray out;
    out.reserve(tpl.size() + 256);
    qsizetype pos = 0;
    while (pos < tpl.size()) {
        const qsizetype open = tpl.indexOf("{{", pos);
        const qsizetype close = open < 0 ? -1 : tpl.indexOf("}}", open + 2);
        if (open < 0 || close < 0) {
            out += QByteArrayView(tpl).sliced(pos);
            break;
        }
        out += QByteArrayView(tpl).sliced(pos, open - pos);
        const QByteArray key = tpl.sliced(open + 2, close - open - 2);
        out += values.value(key);
        pos = close + 2;
    }
    return out;
}

QByteArray escapeText(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")).toUtf8();
}

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

} // namespace

QByteArray renderPage(PageKind kind, const QString &heading, const QString &message)
{
    static const QByteArray tpl = loadTemplate(QStringLiteral("page.html"));
    const QByteArray kindName = kind == PageKind::Success ? "success"
                                : kind == PageKind::Error ? "error"
                                                          : "info";
    return fill(tpl,
                {{"kind", kindName}, {"heading", escapeText(heading)}, {"message", escapeText(message)}});
}

QByteArray fragmentPage()
{
    static const QByteArray page = loadTemplate(QStringLiteral("fragment.html"));
    return page;
}

QByteArray Response::toWire() const
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto &h : headers)
        out += h.name + ": " + h.value + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

Response htmlResponse(int status, QByteArray body, bool allowInlineScript, const HttpHeaders &extraHeaders)
{
    QByteArray csp = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; "
                     "frame-ancestors 'none'";
    if (allowInlineScript)
        csp += "; script-src 'unsafe-inline'";
    Response r;
    r.status = status;
    r.reason = httpReasonPhrase(status);
    r.headers = {
        {"Date", httpDate()},
        {"Content-Type", "text/html; charset=utf-8"},
        {"Content-Length", QByteArray::number(body.size())},
        {"Cache-Control", "no-store"},
        {"Referrer-Policy", "no-referrer"},
        {"X-Content-Type-Options", "nosniff"},
        {"Content-Security-Policy", csp},
        {"Connection", "close"},
    };
    r.headers += extraHeaders;
    r.body = std::move(body);
    return r;
}

} // namespace wb::loopback
