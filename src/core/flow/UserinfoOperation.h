#pragma once
// UserinfoOperation: calls the userinfo endpoint with the stored access token as Bearer
// (RFC 6750) and records the claims; on 401 the WWW-Authenticate challenge's error,
// error_description and scope become the step's error.

#include "flow/TokenOperation.h"

namespace wb {

class UserinfoOperation : public TokenOperation {
    Q_OBJECT
public:
    UserinfoOperation(Profile profile, TokenSet tokens, QNetworkAccessManager *nam,
                      Clock clock = systemClock(), QObject *parent = nullptr);

protected:
    TokenEndpoint endpointKind() const override { return TokenEndpoint::Userinfo; }
    QString precondition() const override;
    void run(const QString &endpoint) override;

private:
    void onResponse(const Exchange &x);
    int m_step = -1;
};

} // namespace wb
