// invalid_client hints: how the credentials were actually sent (header, body, both, empty) and
// whether the server advertises that method — read from the recorded request, not the profile.
#include "diagnosis/DiagnosisRules.h"

#include "flow/FlowDetails.h"
#include "oauth/UrlCodec.h"
#include "util/JsonQt.h"

namespace wb::rules {

using json = nlohmann::json;

namespace {
// Characters that change meaning when a Basic secret is not form-encoded first (RFC 6749 2.3.1).
bool hasSpecialCharacters(const QString &s)
{
    for (const QChar c : s)
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'.' && c != u'_' && c != u'~')
            return true;
    return false;
}
} // namespace

void addClientAuthHints(const DiagnosisContext &ctx, const Step &step, const Exchange *x, Finding &f)
{
    const Profile &p = ctx.session().profile;
    HttpHeaders headers;
    ParamList form;
    for (const QString &id : step.exchangeIds) {
        if (const Exchange *e = ctx.session().exchange(id); e && e->role == ExchangeRole::BackChannel) {
            headers = e->requestHeaders;
            form = urlcodec::decodeForm(e->requestBody);
        }
    }
    if (form.isEmpty())
        form = ctx.tokenForm(step);
    const QByteArray authorization = headerValue(headers, "Authorization");
    const bool basic = authorization.trimmed().toLower().startsWith("basic");
    bool secretInBody = false, emptySecret = false;
    for (const auto &[k, v] : form) {
        if (k == u"client_secret") {
            secretInBody = true;
            emptySecret = v.isEmpty();
        }
    }
    QString sentAs = basic && secretInBody ? QStringLiteral("client_secret_basic and client_secret_post")
                     : basic               ? QStringLiteral("client_secret_basic")
                     : secretInBody        ? QStringLiteral("client_secret_post")
                                           : QStringLiteral("none");
    f.evidence["credentials_sent_as"] = toStd(sentAs);
    QStringList hints;
    const json supported = ctx.metadata().value("token_endpoint_auth_methods_supported", json::array());
    QStringList methods;
    if (supported.is_array())
        for (const auto &m : supported)
            if (m.is_string())
                methods.append(fromStd(m.get<std::string>()));
    if (!methods.isEmpty())
        f.evidence["server_auth_methods"] = flowdetails::stringArray(methods);
    if (basic && secretInBody)
        hints.append(QStringLiteral("The credentials were sent twice, in the Authorization header and as "
                                    "client_secret in the body; RFC 6749 2.3 allows only one method and many "
                                    "servers reject the request."));
    if (emptySecret)
        hints.append(
            QStringLiteral("An empty client_secret was sent. A public client must not send client_secret "
                           "at all (use --auth-method none); a confidential client needs its secret."));
    const QString method = basic          ? QStringLiteral("client_secret_basic")
                           : secretInBody ? QStringLiteral("client_secret_post")
                                          : QStringLiteral("none");
    if (!methods.isEmpty() && !(basic && secretInBody) && !methods.contains(method))
        hints.append(QStringLiteral("The credentials were sent as %1, but the server advertises only %2 in "
                                    "token_endpoint_auth_methods_supported.")
                         .arg(method, methods.join(QStringLiteral(", "))));
    if (!basic && !secretInBody)
        hints.append(
            QStringLiteral("No client secret was sent (public client). If the client is registered as "
                           "confidential, configure its secret and the method it is registered with."));
    if (basic && hasSpecialCharacters(p.clientSecret.isEmpty() ? QString() : p.clientSecret)) {
        f.evidence["secret_has_special_characters"] = true;
        hints.append(
            p.authMethod == ClientAuthMethod::ClientSecretBasicRaw
                ? QStringLiteral("The secret contains characters like : / + % and was sent in Basic "
                                 "without form-encoding; RFC 6749 2.3.1 requires encoding it first "
                                 "(try client_secret_basic, or client_secret_post).")
                : QStringLiteral("The secret contains characters like : / + % and was form-encoded "
                                 "before Base64 as RFC 6749 2.3.1 requires; some servers do not decode "
                                 "it (try client_secret_basic_raw or client_secret_post)."));
    }
    if (basic || secretInBody)
        hints.append(
            QStringLiteral("Otherwise the secret is wrong or expired: copy it again from the provider."));
    if (!hints.isEmpty())
        f.explanation += QLatin1Char(' ') + hints.join(QLatin1Char(' '));
    Q_UNUSED(x);
}

} // namespace wb::rules
