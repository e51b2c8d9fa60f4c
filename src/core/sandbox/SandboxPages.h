#pragma once
// The sandbox's HTML: the login and consent page, the authorization error page (shown instead of
// redirecting when the client or redirect_uri cannot be trusted), the form_post auto-submit page
// and the index page. Every interpolated value is HTML-escaped.

#include "store/Profile.h"

#include <QByteArray>
#include <QString>

namespace wb {

struct SandboxAuthorizeRequest;

namespace SandboxPages {

// Content-Security-Policy for pages without script.
QByteArray contentSecurityPolicy();

QByteArray loginPage(const SandboxAuthorizeRequest &request, const QByteArray &interactionId,
                     const QString &username, const QString &error);
// title e.g. "Error 400: redirect_uri_mismatch"; details are extra lines shown as a list.
QByteArray errorPage(const QString &title, const QString &message, const QStringList &details = {});
// Auto-submitting form (response_mode=form_post); sets *csp to the policy allowing its script.
QByteArray formPostPage(const QString &action, const ParamList &params, QByteArray *csp);
QByteArray indexPage(const QString &issuer, const QStringList &faults);

} // namespace SandboxPages

} // namespace wb
