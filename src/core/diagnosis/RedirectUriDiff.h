#pragma once
// RedirectUriDiff: names the exact differences between two redirect URIs (trailing slash,
// scheme, loopback host spelling, port, case, path, query), the way a person would explain a
// redirect_uri_mismatch.

#include <QString>
#include <QStringList>

namespace wb {

struct RedirectUriDiff {
    bool identical = false;
    QStringList
        differences;  // stable keys: trailing_slash, scheme, loopback_host, host, port, case, path, query
    QString sentence; // "the registered URI ends with a slash; ..."
};

RedirectUriDiff compareRedirectUris(const QString &sent, const QString &registered);

} // namespace wb
