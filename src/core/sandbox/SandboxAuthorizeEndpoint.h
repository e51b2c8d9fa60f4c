#pragma once
// SandboxAuthorizeEndpoint: /authorize and its consent form. Validates the request as RFC 6749
// 4.1.2.1 demands (an unknown client or unregistered redirect_uri gets an error page, never a
// redirect), shows the login page or auto-approves, and returns code or error with state and the
// RFC 9207 iss. The front-channel faults (deny_consent, wrong_iss, state_tamper...) act here.

#include "sandbox/SandboxContext.h"
#include "sandbox/SandboxError.h"
#include "sandbox/SandboxHttp.h"

namespace wb {

class SandboxAuthorizeEndpoint {
public:
    explicit SandboxAuthorizeEndpoint(SandboxContext &context) : m_ctx(context) {}

    SandboxResponse authorize(const SandboxRequest &request); // GET or POST /authorize
    SandboxResponse consent(const SandboxRequest &request);   // POST /authorize/consent

    // The username auto-approve signs in as.
    static QString autoApproveUser() { return QStringLiteral("sandbox-user"); }
    // The issuer the wrong_iss fault claims: this server under another name (localhost).
    QString wrongIssuer() const;

private:
    SandboxResponse errorPage(const SandboxError &error, const QStringList &details = {}) const;
    SandboxResponse redirectError(const SandboxAuthorizeRequest &request, const SandboxError &error);
    SandboxResponse approve(const SandboxAuthorizeRequest &request, const QString &subject);
    SandboxResponse respond(const SandboxAuthorizeRequest &request, ParamList params);
    SandboxResponse loginPage(const SandboxAuthorizeRequest &request, const QByteArray &interaction,
                              const QString &username, const QString &error) const;

    SandboxContext &m_ctx;
};

} // namespace wb
