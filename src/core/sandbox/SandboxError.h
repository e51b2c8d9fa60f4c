#pragma once
// SandboxError: an OAuth error the sandbox is about to answer, kept structured (a kind plus the
// RFC 6749 code and text) until the last moment so faults can render it the way Entra ID or
// GitHub would instead of the RFC way.

#include <QString>

namespace wb {

enum class SandboxErrorKind {
    InvalidRequest,
    MissingParameter, // detail: the parameter name
    InvalidClient,    // detail: the client id
    UnknownClient,    // detail: the client id
    UnauthorizedClient,
    UnsupportedGrantType, // detail: the grant type
    InvalidScope,         // detail: the scope
    CodeInvalid,
    CodeExpired,
    CodeReplayed,
    RedirectUriMismatch, // detail: the redirect URI
    PkceMismatch,
    RefreshInvalid,
    RefreshExpired,
    RefreshRevoked,
    RefreshReused,
    AccessDenied,
    UnsupportedResponseType,
    LoginRequired,
    TemporarilyUnavailable,
};

struct SandboxError {
    SandboxErrorKind kind = SandboxErrorKind::InvalidRequest;
    QString error;       // RFC 6749 error code
    QString description; // error_description in the RFC rendering
    int status = 400;
    QString detail;
    bool basicChallenge = false; // the client used HTTP Basic: a 401 carries WWW-Authenticate

    // error and status follow from the kind (invalid_client -> 401, invalid_grant -> 400...).
    static SandboxError make(SandboxErrorKind kind, const QString &description, const QString &detail = {});
};

} // namespace wb
