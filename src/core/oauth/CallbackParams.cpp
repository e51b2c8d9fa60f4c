#include "oauth/CallbackParams.h"

#include "oauth/UrlCodec.h"

namespace wb {

namespace {

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
    return urlcodec::decodeForm(data); // '+' is a space; malformed escapes stay literal
}

QByteArray encodeFormUrlEncoded(const ParamList &params)
{
    QByteArray out;
    for (const auto &[name, value] : params) {
        if (!out.isEmpty())
            out += '&';
        out += urlcodec::formEncode(name) + '=' + urlcodec::formEncode(value);
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
