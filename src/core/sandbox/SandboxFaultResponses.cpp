#include "sandbox/SandboxFaultResponses.h"

#include <QUuid>

namespace wb {

namespace {

using K = SandboxErrorKind;

struct EntraEntry {
    int code;
    const char *message; // %1 = SandboxError::detail
};

EntraEntry entraEntry(K kind)
{
    switch (kind) {
    case K::InvalidRequest:
    case K::CodeInvalid:
    case K::RefreshInvalid:
        return {9002313, "Invalid request. Request is malformed or invalid."};
    case K::MissingParameter:
        return {900144, "The request body must contain the following parameter: '%1'."};
    case K::InvalidClient:
        return {7000215,
                "Invalid client secret provided. Ensure the secret being sent in the request is the client "
                "secret value, not the client secret ID, for a secret added to app '%1'."};
    case K::UnknownClient:
        return {700016,
                "Application with identifier '%1' was not found in the directory 'sandbox'. This can happen "
                "if the application has not been installed by the administrator of the tenant or consented "
                "to by any user in the tenant. You may have sent your authentication request to the wrong "
                "tenant."};
    case K::UnauthorizedClient:
        return {7000218, "The request body must contain the following parameter: 'client_assertion' or "
                         "'client_secret'."};
    case K::UnsupportedGrantType:
        return {70003, "The app requested an unsupported grant type '%1'."};
    case K::InvalidScope:
        return {70011,
                "The provided request must include a 'scope' input parameter. The provided value for the "
                "input parameter 'scope' is not valid. The scope %1 is not valid."};
    case K::CodeExpired:
        return {70008,
                "The provided authorization code or refresh token has expired due to inactivity. Send a new "
                "interactive authorization request for this user and resource."};
    case K::CodeReplayed:
        return {
            54005,
            "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an "
            "existing refresh token."};
    case K::RedirectUriMismatch:
        return {50011,
                "The redirect URI '%1' specified in the request does not match the redirect URIs configured "
                "for the application. Make sure the redirect URI sent in the request matches one added to "
                "your application in the Azure portal."};
    case K::PkceMismatch:
        return {501481,
                "The Code_Verifier does not match the code_challenge supplied in the authorization request."};
    case K::RefreshExpired:
        return {700082, "The refresh token has expired due to inactivity. The token was issued on %1 and was "
                        "inactive for 1.00:00:00."};
    case K::RefreshRevoked:
    case K::RefreshReused:
        return {50173,
                "The provided grant has expired due to it being revoked, a fresh auth token is needed. The "
                "user might have changed or reset their password."};
    case K::AccessDenied:
        return {65004, "User declined to consent to access the app."};
    case K::UnsupportedResponseType:
        return {700054, "response_type '%1' is not enabled for the application."};
    case K::LoginRequired:
        return {50058, "A silent sign-in request was sent but no user is signed in."};
    case K::TemporarilyUnavailable:
        return {90033, "A transient error has occurred. Please try again."};
    }
    return {90000, "Unknown error."};
}

QString uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

SandboxResponse entraError(const SandboxError &e, const QDateTime &now)
{
    const int code = entraEntry(e.kind).code;
    const QString traceId = uuid();
    const QString correlationId = uuid();
    const QString timestamp = now.toUTC().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss")) + QLatin1Char('Z');
    // Entra's real quirks: unknown apps are unauthorized_client (400), public clients asked for a
    // secret get invalid_client (401).
    QString error = e.error;
    int status = e.status;
    if (e.kind == K::UnknownClient) {
        error = QStringLiteral("unauthorized_client");
        status = 400;
    } else if (e.kind == K::UnauthorizedClient) {
        error = QStringLiteral("invalid_client");
        status = 401;
    }
    const QString description =
        QStringLiteral("%1\r\nTrace ID: %2\r\nCorrelation ID: %3\r\nTimestamp: %4")
            .arg(SandboxFaultResponses::aadstsMessage(e), traceId, correlationId, timestamp);
    const nlohmann::json body = {
        {"error", error.toStdString()},
        {"error_description", description.toStdString()},
        {"error_codes", nlohmann::json::array({code})},
        {"timestamp", timestamp.toStdString()},
        {"trace_id", traceId.toStdString()},
        {"correlation_id", correlationId.toStdString()},
        {"error_uri",
         QStringLiteral("https://login.microsoftonline.com/error?code=%1").arg(code).toStdString()},
    };
    auto r = SandboxResponse::json(status, body);
    r.setHeader("Content-Type", "application/json; charset=utf-8");
    if (status == 401 && e.basicChallenge)
        r.setHeader("WWW-Authenticate", "Basic realm=\"sandbox\"");
    return r.noStore();
}

SandboxResponse githubError(const SandboxError &e, bool asJson)
{
    const QString docs = QStringLiteral("https://docs.github.com/apps/managing-oauth-apps/"
                                        "troubleshooting-oauth-app-access-token-request-errors/");
    QString error = e.error;
    QString description = e.description;
    QString uri;
    switch (e.kind) {
    case K::CodeInvalid:
    case K::CodeExpired:
    case K::CodeReplayed:
        error = QStringLiteral("bad_verification_code");
        description = QStringLiteral("The code passed is incorrect or expired.");
        uri = docs + QStringLiteral("#bad-verification-code");
        break;
    case K::InvalidClient:
    case K::UnknownClient:
        error = QStringLiteral("incorrect_client_credentials");
        description = QStringLiteral("The client_id and/or client_secret passed are incorrect.");
        uri = docs + QStringLiteral("#incorrect-client-credentials");
        break;
    case K::RedirectUriMismatch:
        error = QStringLiteral("redirect_uri_mismatch");
        description =
            QStringLiteral("The redirect_uri MUST match the registered callback URL for this application.");
        uri = docs + QStringLiteral("#redirect-uri-mismatch2");
        break;
    case K::RefreshInvalid:
    case K::RefreshExpired:
    case K::RefreshRevoked:
    case K::RefreshReused:
        error = QStringLiteral("bad_refresh_token");
        description = QStringLiteral("The refresh token passed is incorrect or expired.");
        uri = docs + QStringLiteral("#bad-refresh-token");
        break;
    default:
        break;
    }
    ParamList params = {{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}};
    if (!uri.isEmpty())
        params.append({QStringLiteral("error_uri"), uri});
    if (asJson) {
        nlohmann::json body = nlohmann::json::object();
        for (const auto &[name, value] : params)
            body[name.toStdString()] = value.toStdString();
        auto r = SandboxResponse::json(200, body); // GitHub answers token errors with 200
        r.setHeader("Content-Type", "application/json; charset=utf-8");
        return r.noStore();
    }
    SandboxResponse r;
    r.status = 200; // GitHub answers token errors with 200
    r.body = SandboxHttp::formUrlEncode(params);
    r.setHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    return r.noStore();
}

} // namespace

int SandboxFaultResponses::aadstsCode(SandboxErrorKind kind)
{
    return entraEntry(kind).code;
}

QString SandboxFaultResponses::aadstsMessage(const SandboxError &error)
{
    const EntraEntry entry = entraEntry(error.kind);
    QString message = QString::fromLatin1(entry.message);
    if (message.contains(QLatin1String("%1")))
        message = message.arg(error.detail);
    return QStringLiteral("AADSTS%1: %2").arg(entry.code).arg(message);
}

SandboxResponse SandboxFaultResponses::serverError(int retryAfterSec)
{
    const nlohmann::json body = {
        {"error", "temporarily_unavailable"},
        {"error_description", QStringLiteral("The service is temporarily overloaded. Retry after %1 seconds.")
                                  .arg(retryAfterSec)
                                  .toStdString()},
    };
    auto r = SandboxResponse::json(503, body);
    r.setHeader("Retry-After", QByteArray::number(retryAfterSec));
    return r.noStore();
}

SandboxResponse SandboxFaultResponses::htmlErrorPage()
{
    auto r = SandboxResponse::html(
        502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
             "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
             "</body>\r\n</html>\r\n");
    r.setHeader("Content-Type", "text/html");
    r.setHeader("Server", "nginx");
    return r;
}

SandboxResponse SandboxFaultResponses::nonstandard200Error()
{
    auto r = SandboxResponse::json(200, {{"ok", false}, {"error", "invalid_code"}});
    r.setHeader("Content-Type", "application/json; charset=utf-8");
    return r.noStore();
}

bool SandboxFaultResponses::acceptsJson(const SandboxRequest &request)
{
    return headerValue(request.headers, "accept").toLower().contains("application/json");
}

SandboxResponse SandboxFaultResponses::tokenSuccess(const nlohmann::json &body, const SandboxFaultSet &faults,
                                                    bool jsonAccepted)
{
    if (!faults.contains(SandboxFault::FormEncodedResponse))
        return SandboxResponse::json(200, body).noStore();
    if (jsonAccepted) {
        nlohmann::json github = body;
        github["token_type"] = "bearer"; // GitHub spells it in lower case
        auto r = SandboxResponse::json(200, github);
        r.setHeader("Content-Type", "application/json; charset=utf-8");
        return r.noStore();
    }
    ParamList params;
    for (auto it = body.begin(); it != body.end(); ++it) {
        QString value;
        if (it.value().is_string())
            value = QString::fromStdString(it.value().get<std::string>());
        else
            value = QString::fromStdString(it.value().dump());
        // GitHub spells the token type in lower case.
        if (it.key() == "token_type")
            value = value.toLower();
        params.append({QString::fromStdString(it.key()), value});
    }
    SandboxResponse r;
    r.body = SandboxHttp::formUrlEncode(params);
    r.setHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    return r.noStore();
}

SandboxResponse SandboxFaultResponses::tokenError(const SandboxError &error, const SandboxFaultSet &faults,
                                                  const QDateTime &now, bool jsonAccepted)
{
    if (faults.contains(SandboxFault::AadstsErrors))
        return entraError(error, now);
    if (faults.contains(SandboxFault::FormEncodedResponse))
        return githubError(error, jsonAccepted);
    nlohmann::json body = {{"error", error.error.toStdString()}};
    if (!error.description.isEmpty())
        body["error_description"] = error.description.toStdString();
    auto r = SandboxResponse::json(error.status, body).noStore();
    if (error.status == 401 && error.basicChallenge)
        r.setHeader("WWW-Authenticate", "Basic realm=\"sandbox\", charset=\"UTF-8\"");
    return r;
}

QString SandboxFaultResponses::frontChannelDescription(const SandboxError &error,
                                                       const SandboxFaultSet &faults)
{
    if (faults.contains(SandboxFault::AadstsErrors))
        return aadstsMessage(error);
    return error.description;
}

} // namespace wb
