#include "flow/RefreshMerge.h"

#include <QSet>

namespace wb {

namespace {
QStringList scopeItems(const QString &scope)
{
    QStringList items = scope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    items.removeDuplicates();
    return items;
}
} // namespace

RefreshMerge mergeRefreshedTokens(const TokenSet &stored, const TokenSet &received,
                                  const QString &requestedScope)
{
    RefreshMerge m;
    TokenSet &t = m.tokens;
    t = received; // access token, type, lifetime, obtainedAt and extras come from the response

    if (received.refreshToken.isEmpty()) {
        t.refreshToken = stored.refreshToken;
        m.refreshTokenKept = !stored.refreshToken.isEmpty();
        if (m.refreshTokenKept)
            m.notes.append(
                QStringLiteral("The response has no refresh_token: the stored refresh token is kept "
                               "(the server did not rotate it)."));
    } else if (received.refreshToken != stored.refreshToken) {
        m.refreshTokenRotated = !stored.refreshToken.isEmpty();
        if (m.refreshTokenRotated)
            m.notes.append(
                QStringLiteral("refresh token rotated: the server issued a new refresh token and "
                               "the old one must not be used again (reuse may revoke the grant)."));
    } else {
        m.refreshTokenRepeated = true;
    }

    if (received.idToken.isEmpty() && !stored.idToken.isEmpty()) {
        t.idToken = stored.idToken;
        m.idTokenKept = true;
    }

    m.scopeBefore = stored.scope;
    if (received.scope.isEmpty())
        t.scope = requestedScope.isEmpty() ? stored.scope : requestedScope;
    m.scopeAfter = t.scope;
    // Only compare when both sides are known: an unknown scope is not a change.
    if (!m.scopeBefore.isEmpty() && !m.scopeAfter.isEmpty()) {
        const QStringList before = scopeItems(m.scopeBefore);
        const QStringList after = scopeItems(m.scopeAfter);
        for (const QString &s : after)
            if (!before.contains(s))
                m.scopeAdded.append(s);
        for (const QString &s : before)
            if (!after.contains(s))
                m.scopeRemoved.append(s);
    }
    if (m.scopeChanged()) {
        QStringList parts;
        if (!m.scopeAdded.isEmpty())
            parts.append(QStringLiteral("added %1").arg(m.scopeAdded.join(QLatin1Char(' '))));
        if (!m.scopeRemoved.isEmpty())
            parts.append(QStringLiteral("removed %1").arg(m.scopeRemoved.join(QLatin1Char(' '))));
        m.notes.append(QStringLiteral("scope changed on refresh: %1 (was \"%2\", now \"%3\").")
                           .arg(parts.join(QStringLiteral(", ")), m.scopeBefore, m.scopeAfter));
    }
    return m;
}

} // namespace wb
