// Percent-encoding and form decoding shared by the authorization request, client auth and
// token response parsers.
#include "oauth/UrlCodec.h"

namespace wb::urlcodec {

namespace {
bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

QByteArray encode(const QString &s, bool spaceAsPlus)
{
    static const char hex[] = "0123456789ABCDEF";
    const QByteArray utf8 = s.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() * 3);
    for (char c : utf8) {
        if (isUnreserved(c)) {
            out.append(c);
        } else if (c == ' ' && spaceAsPlus) {
            out.append('+');
        } else {
            const auto b = static_cast<unsigned char>(c);
            out.append('%');
            out.append(hex[b >> 4]);
            out.append(hex[b & 0x0F]);
        }
    }
    return out;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}
} // namespace

QByteArray percentEncode(const QString &s)
{
    return encode(s, false);
}
QByteArray formEncode(const QString &s)
{
    return encode(s, true);
}

QString percentDecode(QByteArrayView in, bool plusIsSpace)
{
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+' && plusIsSpace) {
            out.append(' ');
        } else if (c == '%' && i + 2 < in.size() && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
            out.append(static_cast<char>(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2])));
            i += 2;
        } else {
            out.append(c);
        }
    }
    return QString::fromUtf8(out);
}

ParamList decodeForm(QByteArrayView data)
{
    ParamList out;
    qsizetype start = 0;
    while (start <= data.size()) {
        qsizetype end = data.indexOf('&', start);
        if (end < 0)
            end = data.size();
        const QByteArrayView seg = data.sliced(start, end - start);
        if (!seg.isEmpty()) {
            const qsizetype eq = seg.indexOf('=');
            if (eq < 0)
                out.append({percentDecode(seg, true), QString()});
            else
                out.append({percentDecode(seg.first(eq), true), percentDecode(seg.sliced(eq + 1), true)});
        }
        start = end + 1;
    }
    return out;
}

} // namespace wb::urlcodec
