// Builds the authorization URL byte for byte, so the workbench shows exactly what the browser gets.
#include "oauth/AuthorizationRequest.h"

#include "oauth/UrlCodec.h"

namespace wb {

namespace {
struct QueryParam {
    QString name;
    QString value;
    QByteArray encoded; // "name=value" as it goes into the URL
};

QueryParam encodedParam(const QString &name, const QString &value)
{
    return {name, value, urlcodec::percentEncode(name) + '=' + urlcodec::percentEncode(value)};
}

// Endpoint query parameters keep their original bytes unless replaced: the provider chose them.
QList<QueryParam> splitExistingQuery(const QByteArray &query)
{
    QList<QueryParam> out;
    for (const QByteArray &seg : query.split('&')) {
        if (seg.isEmpty())
            continue;
        const qsizetype eq = seg.indexOf('=');
        const QByteArrayView name = eq < 0 ? QByteArrayView(seg) : QByteArrayView(seg).first(eq);
        const QByteArrayView value = eq < 0 ? QByteArrayView() : QByteArrayView(seg).sliced(eq + 1);
        out.append({urlcodec::percentDecode(name, true), urlcodec::percentDecode(value, true), seg});
    }
    return out;
}

qsizetype indexOfName(const QList<QueryParam> &list, const QString &name)
{
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list[i].name == name)
            return i;
    }
    return -1;
}

// Sets `name`: replaces the first parameter of that name in place and drops later duplicates,
// or appends when absent.
void setParam(QList<QueryParam> &list, const QString &name, const QString &value)
{
    const qsizetype at = indexOfName(list, name);
    if (at < 0) {
        list.append(encodedParam(name, value));
        return;
    }
    list[at] = encodedParam(name, value);
    for (qsizetype i = list.size() - 1; i > at; --i) {
        if (list[i].name == name)
            list.removeAt(i);
    }
}

QString responseModeValue(ResponseMode m)
{
    return m == ResponseMode::FormPost ? QStringLiteral("form_post") : QStringLiteral("fragment");
}
} // namespace

AuthorizationRequest buildAuthorizationRequest(const AuthorizationRequestInput &in)
{
    const QUrl endpoint(in.endpoint.trimmed());
    // A fragment is not allowed on an authorization endpoint (RFC 6749 3.1); it is dropped.
    const QByteArray base = endpoint.toEncoded(QUrl::RemoveQuery | QUrl::RemoveFragment);
    QList<QueryParam> params = splitExistingQuery(endpoint.query(QUrl::FullyEncoded).toUtf8());

    setParam(params, QStringLiteral("response_type"), QStringLiteral("code"));
    setParam(params, QStringLiteral("client_id"), in.clientId);
    if (!in.redirectUri.isEmpty())
        setParam(params, QStringLiteral("redirect_uri"), in.redirectUri);
    if (!in.scope.isEmpty())
        setParam(params, QStringLiteral("scope"), in.scope);
    if (!in.state.isEmpty())
        setParam(params, QStringLiteral("state"), in.state);
    if (!in.nonce.isEmpty())
        setParam(params, QStringLiteral("nonce"), in.nonce);
    if (in.pkce) {
        setParam(params, QStringLiteral("code_challenge"), QString::fromLatin1(in.pkce->challenge));
        setParam(params, QStringLiteral("code_challenge_method"), in.pkce->challengeMethod());
    }
    if (in.responseMode != ResponseMode::Query)
        setParam(params, QStringLiteral("response_mode"), responseModeValue(in.responseMode));

    // An extra parameter overrides a standard or endpoint one of the same name; repeated extras
    // (e.g. several RFC 8707 "resource" values) are all kept.
    QList<QueryParam> extras;
    QStringList overridden;
    for (const auto &[name, value] : in.extraParams) {
        if (indexOfName(params, name) >= 0 && !overridden.contains(name)) {
            setParam(params, name, value);
            overridden.append(name);
        } else {
            extras.append(encodedParam(name, value));
        }
    }
    params.append(extras);

    QByteArray query;
    AuthorizationRequest out;
    for (const auto &p : params) {
        if (!query.isEmpty())
            query.append('&');
        query.append(p.encoded);
        out.params.append({p.name, p.value});
    }
    out.url = QUrl::fromEncoded(query.isEmpty() ? base : base + '?' + query, QUrl::StrictMode);
    return out;
}

} // namespace wb
