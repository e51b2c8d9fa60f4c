#include "sandbox/SandboxError.h"

namespace wb {

SandboxError SandboxError::make(SandboxErrorKind kind, const QString &description, const QString &detail)
{
    using K = SandboxErrorKind;
    SandboxError e;
    e.kind = kind;
    e.description = description;
    e.detail = detail;
    switch (kind) {
    case K::InvalidRequest:
    case K::MissingParameter:
        e.error = QStringLiteral("invalid_request");
        break;
    case K::InvalidClient:
    case K::UnknownClient:
        e.error = QStringLiteral("invalid_client");
        e.status = 401;
        break;
    case K::UnauthorizedClient:
        e.error = QStringLiteral("unauthorized_client");
        break;
    case K::UnsupportedGrantType:
        e.error = QStringLiteral("unsupported_grant_type");
        break;
    case K::InvalidScope:
        e.error = QStringLiteral("invalid_scope");
        break;
    case K::CodeInvalid:
    case K::CodeExpired:
    case K::CodeReplayed:
    case K::RedirectUriMismatch:
    case K::PkceMismatch:
    case K::RefreshInvalid:
    case K::RefreshExpired:
    case K::RefreshRevoked:
    case K::RefreshReused:
        e.error = QStringLiteral("invalid_grant");
        break;
    case K::AccessDenied:
        e.error = QStringLiteral("access_denied");
        e.status = 403;
        break;
    case K::UnsupportedResponseType:
        e.error = QStringLiteral("unsupported_response_type");
        break;
    case K::LoginRequired:
        e.error = QStringLiteral("login_required");
        break;
    case K::TemporarilyUnavailable:
        e.error = QStringLiteral("temporarily_unavailable");
        e.status = 503;
        break;
    }
    return e;
}

} // namespace wb
