// Client credentials for the token endpoint, in exactly one place per method (RFC 6749 2.3.1).
#include "oauth/ClientAuth.h"

#include "oauth/UrlCodec.h"

#include <algorithm>

namespace wb {

namespace {
void removeField(ParamList &form, const QString &name)
{
    form.removeIf([&](const auto &p) { return p.first == name; });
}

// Replaces the first field of that name in place (dropping duplicates) or appends it.
void setField(ParamList &form, const QString &name, const QString &value)
{
    qsizetype at = -1;
    for (qsizetype i = 0; i < form.size(); ++i) {
        if (form[i].first == name) {
            at = i;
            break;
        }
    }
    if (at < 0) {
        form.append({name, value});
        return;
    }
    form[at].second = value;
    for (qsizetype i = form.size() - 1; i > at; --i) {
        if (form[i].first == name)
            form.removeAt(i);
    }
}

void removeHeader(HttpHeaders &headers, QByteArrayView name)
{
    headers.removeIf([&](const HttpHeader &h) { return h.name.compare(name, Qt::CaseInsensitive) == 0; });
}

void setHeader(HttpHeaders &headers, const QByteArray &name, const QByteArray &value)
{
    auto same = [&](const HttpHeader &h) { return h.name.compare(name, Qt::CaseInsensitive) == 0; };
    const qsizetype at = std::find_if(headers.cbegin(), headers.cend(), same) - headers.cbegin();
    if (at == headers.size()) {
        headers.append({name, value});
        return;
    }
    headers[at] = {name, value};
    for (qsizetype i = headers.size() - 1; i > at; --i) {
        if (same(headers[i]))
            headers.removeAt(i);
    }
}
} // namespace

QByteArray basicAuthorizationValue(const QString &clientId, const QString &secret, bool raw)
{
    const QByteArray userPass = raw ? clientId.toUtf8() + ':' + secret.toUtf8()
                                    : urlcodec::formEncode(clientId) + ':' + urlcodec::formEncode(secret);
    return QByteArrayLiteral("Basic ") + userPass.toBase64();
}

void applyClientAuth(ClientAuthMethod method, const QString &clientId, const QString &secret,
                     HttpHeaders &headers, ParamList &form)
{
    const QString idField = QStringLiteral("client_id");
    const QString secretField = QStringLiteral("client_secret");
    const QByteArray authHeader = QByteArrayLiteral("Authorization");
    switch (method) {
    case ClientAuthMethod::None:
        // A public client: an empty client_secret field makes some servers try secret auth and fail.
        removeHeader(headers, authHeader);
        removeField(form, secretField);
        setField(form, idField, clientId);
        return;
    case ClientAuthMethod::ClientSecretBasic:
    case ClientAuthMethod::ClientSecretBasicRaw:
        // Credentials only in the header: servers that see them twice may reject the request.
        removeField(form, idField);
        removeField(form, secretField);
        setHeader(
            headers, authHeader,
            basicAuthorizationValue(clientId, secret, method == ClientAuthMethod::ClientSecretBasicRaw));
        return;
    case ClientAuthMethod::ClientSecretPost:
        removeHeader(headers, authHeader);
        setField(form, idField, clientId);
        setField(form, secretField, secret);
        return;
    }
}

} // namespace wb
