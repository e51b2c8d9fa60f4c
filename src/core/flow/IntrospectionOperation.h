#pragma once
// IntrospectionOperation: asks the introspection endpoint (RFC 7662) about the stored access or
// refresh token and records whether it is active, with the claims the server returned.

#include "flow/TokenOperation.h"

namespace wb {

class IntrospectionOperation : public TokenOperation {
    Q_OBJECT
public:
    IntrospectionOperation(Profile profile, TokenSet tokens, TokenChoice which, QNetworkAccessManager *nam,
                           Clock clock = systemClock(), QObject *parent = nullptr);

    // After success: the "active" member of the answer.
    bool active() const { return m_active; }

protected:
    TokenEndpoint endpointKind() const override { return TokenEndpoint::Introspection; }
    QString precondition() const override;
    void run(const QString &endpoint) override;

private:
    void onResponse(const Exchange &x);

    TokenChoice m_which;
    int m_step = -1;
    bool m_active = false;
};

} // namespace wb
