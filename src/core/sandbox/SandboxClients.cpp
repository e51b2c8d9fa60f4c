#include "sandbox/SandboxClients.h"

#include <openssl/crypto.h>

namespace wb {

namespace {

const QStringList kRedirectUris = {QStringLiteral("http://127.0.0.1/callback"),
                                   QStringLiteral("http://localhost/callback"),
                                   QStringLiteral("http://[::1]/callback")};

// One component of Basic credentials: RFC 6749 2.3.1 form-urlencodes id and secret first.
QString formDecode(QByteArray part)
{
    part.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(part));
}

bool secretEquals(const QString &a, const QString &b)
{
    const QByteArray x = a.toUtf8();
    const QByteArray y = b.toUtf8();
    return x.size() == y.size() &&
           CRYPTO_memcmp(x.constData(), y.constData(), static_cast<size_t>(x.size())) == 0;
}

QString methodName(ClientAuthMethod m)
{
    switch (m) {
    case ClientAuthMethod::None:
        return QStringLiteral("none");
    case ClientAuthMethod::ClientSecretPost:
        return QStringLiteral("client_secret_post");
    default:
        return QStringLiteral("client_secret_basic");
    }
}

} // namespace

const QList<SandboxClient> &SandboxClients::all()
{
    static const QList<SandboxClient> clients = {
        {kPublicClientId, {}, ClientAuthMethod::None, kRedirectUris},
        {kBasicClientId, kClientSecret, ClientAuthMethod::ClientSecretBasic, kRedirectUris},
        {kPostClientId, kClientSecret, ClientAuthMethod::ClientSecretPost, kRedirectUris},
    };
    return clients;
}

const SandboxClient *SandboxClients::find(const QString &clientId)
{
    for (const auto &c : all()) {
        if (c.id == clientId)
            return &c;
    }
    return nullptr;
}

QStringList SandboxClients::registeredRedirectUris(const SandboxClient &client, const SandboxFaultSet &faults)
{
    if (!faults.contains(SandboxFault::RedirectUriMismatch))
        return client.redirectUris;
    QStringList out;
    for (const QString &uri : client.redirectUris)
        out.append(uri + QLatin1Char('/'));
    return out;
}

bool SandboxClients::redirectUriMatches(const QString &registered, const QString &requested)
{
    if (registered == requested)
        return true;
    static const QString prefixes[] = {QStringLiteral("http://127.0.0.1"), QStringLiteral("http://localhost"),
                                       QStringLiteral("http://[::1]")};
    for (const QString &prefix : prefixes) {
        if (!registered.startsWith(prefix) || !requested.startsWith(prefix))
            continue;
        const QString registeredRest = registered.mid(prefix.size());
        QString rest = requested.mid(prefix.size());
        if (!registeredRest.startsWith(QLatin1Char('/')) || !rest.startsWith(QLatin1Char(':')))
            return false;
        qsizetype digits = 1;
        while (digits < rest.size() && rest[digits].isDigit() && rest[digits].unicode() < 128)
            ++digits;
        bool ok = false;
        const int port = rest.mid(1, digits - 1).toInt(&ok);
        if (!ok || digits - 1 > 5 || port < 1 || port > 65535)
            return false;
        return rest.mid(digits) == registeredRest;
    }
    return false;
}

bool SandboxClients::isRedirectUriAllowed(const SandboxClient &client, const QString &requested,
                                          const SandboxFaultSet &faults)
{
    for (const QString &registered : registeredRedirectUris(client, faults)) {
        if (redirectUriMatches(registered, requested))
            return true;
    }
    return false;
}

SandboxClientAuth SandboxClients::authenticate(const SandboxRequest &request, const SandboxFaultSet &faults)
{
    using K = SandboxErrorKind;
    SandboxClientAuth out;
    const QByteArray authorization = headerValue(request.headers, "authorization");
    const bool basic = !authorization.isEmpty();
    bool bodySecret = false;
    for (const auto &p : request.form)
        bodySecret = bodySecret || p.first == QLatin1String("client_secret");
    const QString bodyId = request.formValue(QStringLiteral("client_id"));

    const auto fail = [&](K kind, const QString &description, const QString &clientId) {
        SandboxError e = SandboxError::make(kind, description, clientId);
        e.basicChallenge = basic;
        out.error = e;
        return out;
    };

    QString id;
    QString secret;
    ClientAuthMethod used = ClientAuthMethod::None;
    if (basic) {
        if (!authorization.toLower().startsWith("basic "))
            return fail(K::InvalidClient,
                        QStringLiteral("The Authorization header does not use the Basic scheme."), {});
        const auto decoded = QByteArray::fromBase64Encoding(authorization.mid(6).trimmed(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        const qsizetype colon = decoded ? decoded.decoded.indexOf(':') : -1;
        if (colon < 0)
            return fail(
                K::InvalidClient,
                QStringLiteral("The Basic credentials are not base64(client_id \":\" client_secret)."), {});
        id = formDecode(decoded.decoded.left(colon));
        secret = formDecode(decoded.decoded.mid(colon + 1));
        if (bodySecret)
            return fail(
                K::InvalidRequest,
                QStringLiteral("The client authenticated with both HTTP Basic and client_secret in the "
                               "body; use exactly one method."),
                id);
        if (!bodyId.isEmpty() && bodyId != id)
            return fail(K::InvalidRequest,
                        QStringLiteral("client_id in the body does not match the Basic credentials."), id);
        used = ClientAuthMethod::ClientSecretBasic;
    } else if (bodySecret) {
        id = bodyId;
        secret = request.formValue(QStringLiteral("client_secret"));
        used = ClientAuthMethod::ClientSecretPost;
    } else if (!bodyId.isEmpty()) {
        id = bodyId;
    } else {
        return fail(K::InvalidClient,
                    QStringLiteral("No client authentication: send HTTP Basic credentials or a client_id."),
                    {});
    }

    const SandboxClient *client = find(id);
    if (!client)
        return fail(K::UnknownClient, QStringLiteral("Unknown client_id '%1'.").arg(id), id);
    if (faults.contains(SandboxFault::InvalidClient))
        return fail(
            K::InvalidClient,
            QStringLiteral("Client authentication failed. Either the client or the client credentials are "
                           "invalid."),
            id);
    if (client->isPublic() && used != ClientAuthMethod::None)
        return fail(
            K::InvalidClient,
            QStringLiteral("'%1' is a public client (token_endpoint_auth_method none) and must not send a "
                           "client secret.")
                .arg(id),
            id);
    if (!client->isPublic() && used != client->authMethod)
        return fail(K::InvalidClient,
                    QStringLiteral("Client '%1' is registered for %2 but authenticated with %3.")
                        .arg(id, methodName(client->authMethod), methodName(used)),
                    id);
    if (!client->isPublic() && !secretEquals(secret, client->secret))
        return fail(K::InvalidClient,
                    QStringLiteral("Client authentication failed: wrong client_secret for '%1'.").arg(id),
                    id);
    out.client = client;
    return out;
}

} // namespace wb
