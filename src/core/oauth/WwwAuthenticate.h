#pragma once
// WwwAuthenticate: parses WWW-Authenticate challenges (RFC 9110 11.6.1) so a 401 from a
// resource server (userinfo) shows its Bearer error, error_description and scope (RFC 6750 3).

#include "http/Exchange.h"

#include <QList>
#include <QPair>
#include <QString>

namespace wb {

// One challenge: a scheme with either auth-params or a token68.
struct AuthChallenge {
    QString scheme; // as sent, e.g. "Bearer"
    QString token68;
    QList<QPair<QString, QString>> params; // names lower-cased, quoted values unescaped

    QString param(const QString &name) const;
    bool hasParam(const QString &name) const;
};

// Every challenge in one header value; malformed parts are skipped and named in `problems`.
QList<AuthChallenge> parseWwwAuthenticate(const QByteArray &value, QStringList *problems = nullptr);

// What a Bearer challenge says, gathered over all WWW-Authenticate headers of a response.
struct BearerChallenge {
    bool present = false; // a Bearer challenge was found
    QString realm, error, errorDescription, errorUri, scope;
    QList<QPair<QString, QString>> params; // all parameters, as sent
    QString raw;                           // the header value(s), joined by ", "
    QStringList problems;
};
BearerChallenge bearerChallenge(const HttpHeaders &responseHeaders);

} // namespace wb
