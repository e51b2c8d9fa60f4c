#include "oauth/CallbackParams.h"

#include <QUrl>

namespace wb {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// '+' becomes a space first, so an escaped %2B stays a literal plus.
QString decodeComponent(QByteArrayView in)
{
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < in.size() && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
            out += char(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2]));
            i += 2;
        } else {
            out += c; // includes malformed escapes such as "%zz" or a trailing "%4"
        }
    }
    return QString::fromUtf8(out); // invalid UTF-8 becomes U+FFFD, never an error
}

bool isFormContentType(const HttpHeaders &headers)
{
    QByteArray type = headerValue(headers, "Content-Type");
    const qsizetype semicolon = type.indexOf(';'); // parameters such as charset do not matter here
    if (semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().compare("application/x-www-form-urlencoded", Qt::CaseInsensitive) == 0;
}

QByteArrayView queryOf(QByteArrayView target)
{
    const qsizetype hash = target.indexOf('#'); // browsers never send one, but a script might
    if (hash >= 0)
        target = target.first(hash);
    const qsizetype question = target.indexOf('?');
    return question < 0 ? QByteArrayView() : target.sliced(question + 1);
}

void fillFields(CallbackParams &p)
{
    // The first occurrence wins; duplicates stay visible in `all` for the validator to flag.
    auto take = [&p](const QString &name, bool *has, QString *value) {
        for (const auto &[k, v] : std::as_const(p.all)) {
            if (k == name) {
                if (has)
                    *has = true;
                *value = v;
                return;
            }
        }
    };
    take(QStringLiteral("code"), &p.hasCode, &p.code);
    take(QStringLiteral("state"), &p.hasState, &p.state);
    take(QStringLiteral("iss"), &p.hasIss, &p.iss);
    take(QStringLiteral("error"), &p.hasError, &p.error);
    take(QStringLiteral("error_description"), nullptr, &p.errorDescription);
    take(QStringLiteral("error_uri"), nullptr, &p.errorUri);
}

} // namespace

ParamList parseFormUrlEncoded(QByteArrayView data)
{
    ParamList out;
    qsizetype start = 0;
    while (start <= data.size()) {
        qsizetype end = data.indexOf('&', start);
        if (end < 0)
            end = data.size();
        const QByteArrayView segment = data.sliced(start, end - start);
        if (!segment.isEmpty()) {
            const qsizetype eq = segment.indexOf('=');
            if (eq < 0)
                out.append({decodeComponent(segment), QString()});
            else
                out.append({decodeComponent(segment.first(eq)), decodeComponent(segment.sliced(eq + 1))});
        }
        start = end + 1;
    }
    return out;
}

QByteArray encodeFormUrlEncoded(const ParamList &params)
{
    auto encode = [](const QString &s) {
        // toPercentEncoding keeps RFC 3986 unreserved characters and encodes '%' itself, so every
        // "%20" in its output came from a space.
        return QUrl::toPercentEncoding(s).replace("%20", "+");
    };
    QByteArray out;
    for (const auto &[name, value] : params) {
        if (!out.isEmpty())
            out += '&';
        out += encode(name);
        out += '=';
        out += encode(value);
    }
    return out;
}

CallbackParams parseCallbackRequest(const QString &method, QByteArrayView target, const HttpHeaders &headers,
                                    QByteArrayView body)
{
    CallbackParams p;
    if (method == u"POST" && isFormContentType(headers)) {
        p.all = parseFormUrlEncoded(body);
        p.source = QStringLiteral("form_post");
        for (const auto &[name, value] : std::as_const(p.all)) {
            if (name == u"wb_fragment") {
                // Posted by our fragment recovery page: the value is the raw fragment after '#'.
                p.all = parseFormUrlEncoded(value.toUtf8());
                p.source = QStringLiteral("fragment");
                break;
            }
        }
    } else {
        p.all = parseFormUrlEncoded(queryOf(target));
        p.source = QStringLiteral("query");
    }
    fillFields(p);
    return p;
}

} // namespace wb
