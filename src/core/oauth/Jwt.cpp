// Display-only JWT decoding: tolerant of missing padding, precise about what is malformed.
#include "oauth/Jwt.h"

#include "util/JsonQt.h"

#include <QList>
#include <QStringList>

#include <algorithm>
#include <optional>

namespace wb {

namespace {
bool isBase64UrlChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Decodes base64url with or without '=' padding; nullopt on any other character.
std::optional<QByteArray> decodeBase64Url(QByteArray part)
{
    while (part.endsWith('='))
        part.chop(1);
    if (!std::all_of(part.cbegin(), part.cend(), isBase64UrlChar) || part.size() % 4 == 1)
        return std::nullopt;
    auto res = QByteArray::fromBase64Encoding(part, QByteArray::Base64UrlEncoding |
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!res)
        return std::nullopt;
    return *res;
}

// One of the two JSON parts; returns an error sentence or empty on success.
QString decodeJsonPart(const QByteArray &part, const char *name, nlohmann::json &out)
{
    const auto bytes = decodeBase64Url(part);
    if (!bytes)
        return QStringLiteral("The %1 is not valid base64url.").arg(QLatin1String(name));
    QString parseError;
    auto json = parseJson(*bytes, &parseError);
    if (!json)
        return QStringLiteral("The %1 is not JSON: %2").arg(QLatin1String(name), parseError);
    if (!json->is_object())
        return QStringLiteral("The %1 is JSON but not an object.").arg(QLatin1String(name));
    out = std::move(*json);
    return {};
}
} // namespace

DecodedJwt decodeJwt(const QString &token)
{
    DecodedJwt d;
    const QByteArray compact = token.trimmed().toUtf8();
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() == 5) {
        d.error = QStringLiteral("This is an encrypted JWT (JWE, 5 parts); it cannot be decoded without the "
                                 "client's private key.");
        return d;
    }
    if (parts.size() != 3) {
        d.error = QStringLiteral("A JWT has 3 dot-separated parts; this value has %1.").arg(parts.size());
        return d;
    }
    d.signingInput = parts[0] + '.' + parts[1];
    QStringList problems;
    if (QString e = decodeJsonPart(parts[0], "header", d.header); !e.isEmpty())
        problems.append(e);
    if (QString e = decodeJsonPart(parts[1], "payload", d.payload); !e.isEmpty())
        problems.append(e);
    if (const auto sig = decodeBase64Url(parts[2]))
        d.signature = *sig;
    else
        problems.append(QStringLiteral("The signature is not valid base64url."));
    d.ok = problems.isEmpty();
    d.error = problems.join(QLatin1Char(' '));
    return d;
}

bool looksLikeJwt(const QString &token)
{
    const QByteArray compact = token.trimmed().toUtf8();
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty())
        return false;
    for (const QByteArray &p : parts) {
        if (!std::all_of(p.cbegin(), p.cend(), isBase64UrlChar))
            return false;
    }
    // The header of every JWS is a JSON object: its encoding starts with "eyJ" ('{"').
    const auto header = decodeBase64Url(parts[0]);
    return header && header->trimmed().startsWith('{');
}

} // namespace wb
