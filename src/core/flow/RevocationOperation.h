#pragma once
// RevocationOperation: revokes the stored access or refresh token at the revocation endpoint
// (RFC 7009) with token_type_hint and the profile's client authentication; a Revocation step.

#include "flow/TokenOperation.h"

namespace wb {

class RevocationOperation : public TokenOperation {
    Q_OBJECT
public:
    RevocationOperation(Profile profile, TokenSet tokens, TokenChoice which, QNetworkAccessManager *nam,
                        Clock clock = systemClock(), QObject *parent = nullptr);

protected:
    TokenEndpoint endpointKind() const override { return TokenEndpoint::Revocation; }
    QString precondition() const override;
    void run(const QString &endpoint) override;

private:
    TokenChoice m_which;
    int m_step = -1;
};

} // namespace wb
