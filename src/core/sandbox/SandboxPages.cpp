#include "sandbox/SandboxPages.h"

#include "jose/Digest.h"
#include "sandbox/SandboxStore.h"

#include <QStringList>

namespace wb {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

const char *kStyle = R"(
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827;
margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border:1px solid #e5e7eb;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);
padding:28px 32px;width:100%;max-width:420px}
h1{font-size:20px;margin:0 0 4px}
.sub{color:#6b7280;margin:0 0 20px;font-size:13px}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0 0 18px;font-size:13px}
dt{color:#6b7280}dd{margin:0;word-break:break-all}
label{display:block;font-weight:600;margin-bottom:6px}
input[type=text]{box-sizing:border-box;width:100%;padding:8px 10px;border:1px solid #d1d5db;border-radius:6px;
font-size:15px}
.buttons{display:flex;gap:10px;margin-top:18px}
button{flex:1;padding:9px 0;border-radius:6px;font-size:15px;cursor:pointer;border:1px solid #d1d5db;
background:#fff}
button.allow{background:#2563eb;border-color:#2563eb;color:#fff}
.error{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;padding:8px 10px;border-radius:6px;
margin-bottom:14px}
ul{padding-left:18px;font-size:13px;word-break:break-all}
code{font-size:13px}
)";

QByteArray page(const QString &title, const QString &body)
{
    return QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
               "<title>%1</title><style>%2</style></head>\n<body><main>\n%3\n</main></body></html>\n")
        .arg(esc(title), QString::fromLatin1(kStyle), body)
        .toUtf8();
}

} // namespace

QByteArray SandboxPages::contentSecurityPolicy()
{
    return "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
}

QByteArray SandboxPages::loginPage(const SandboxAuthorizeRequest &request, const QByteArray &interactionId,
                                   const QString &username, const QString &error)
{
    QString scopes;
    for (const QString &s : request.scope.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        scopes += QStringLiteral("<code>%1</code> ").arg(esc(s));
    const QString errorBox =
        error.isEmpty() ? QString() : QStringLiteral("<div class=\"error\">%1</div>").arg(esc(error));
    const QString body =
        QStringLiteral(
            "<h1>Sign in to the sandbox</h1>\n"
            "<p class=\"sub\">OAuth Workbench sandbox: any username works, there is no password.</p>\n"
            "%1<dl><dt>Client</dt><dd>%2</dd><dt>Scopes</dt><dd>%3</dd>"
            "<dt>Redirect</dt><dd>%4</dd></dl>\n"
            "<form method=\"post\" action=\"/authorize/consent\">\n"
            "<input type=\"hidden\" name=\"interaction\" value=\"%5\">\n"
            "<label for=\"username\">Username</label>\n"
            "<input type=\"text\" id=\"username\" name=\"username\" value=\"%6\" maxlength=\"64\" "
            "autocomplete=\"username\" autofocus required>\n"
            "<div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"deny\" "
            "formnovalidate>Deny</button>"
            "<button type=\"submit\" class=\"allow\" name=\"decision\" value=\"allow\">Allow</button>"
            "</div>\n</form>")
            .arg(errorBox, esc(request.clientId), scopes.isEmpty() ? QStringLiteral("(none)") : scopes,
                 esc(request.redirectUri), QString::fromLatin1(interactionId), esc(username));
    return page(QStringLiteral("Sandbox sign-in"), body);
}

QByteArray SandboxPages::errorPage(const QString &title, const QString &message, const QStringList &details)
{
    QString list;
    for (const QString &d : details)
        list += QStringLiteral("<li>%1</li>").arg(esc(d));
    const QString body =
        QStringLiteral("<h1>%1</h1>\n<p>%2</p>\n%3")
            .arg(esc(title), esc(message), list.isEmpty() ? QString() : "<ul>" + list + "</ul>");
    return page(title, body);
}

QByteArray SandboxPages::formPostPage(const QString &action, const ParamList &params, QByteArray *csp)
{
    static const QByteArray script = "document.forms[0].submit();";
    QString inputs;
    for (const auto &[name, value] : params)
        inputs +=
            QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">\n").arg(esc(name), esc(value));
    if (csp)
        *csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" +
               jose::sha256(script).toBase64() + "'; base-uri 'none'";
    const QString body =
        QStringLiteral("<h1>Returning to the application…</h1>\n"
                       "<form method=\"post\" action=\"%1\">\n%2"
                       "<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n"
                       "<script>%3</script>")
            .arg(esc(action), inputs, QString::fromLatin1(script));
    return page(QStringLiteral("Submit this form"), body);
}

QByteArray SandboxPages::indexPage(const QString &issuer, const QStringList &faults)
{
    const QString body =
        QStringLiteral(
            "<h1>OAuth Workbench sandbox</h1>\n<p class=\"sub\">A local OAuth 2.0 / OpenID Connect "
            "provider for testing. Nothing here is real.</p>\n<dl><dt>Issuer</dt><dd>%1</dd>"
            "<dt>Discovery</dt><dd>%1/.well-known/openid-configuration</dd>"
            "<dt>Clients</dt><dd>sandbox-public (PKCE, no secret), sandbox-basic, sandbox-post "
            "(secret <code>sandbox-secret</code>)</dd><dt>Faults</dt><dd>%2</dd></dl>")
            .arg(esc(issuer),
                 faults.isEmpty() ? QStringLiteral("none") : esc(faults.join(QStringLiteral(", "))));
    return page(QStringLiteral("OAuth Workbench sandbox"), body);
}

} // namespace wb
