#pragma once
// Decodes a compact JWS for display (header, payload, signature bytes). Does NOT verify;
// verification against the JWKS lives elsewhere.

#include <QByteArray>
#include <QString>
#include <nlohmann/json.hpp>

namespace wb {

struct DecodedJwt {
    bool ok = false; // three parts, header and payload are JSON objects
    QString error;   // why not, when !ok
    nlohmann::json header = nlohmann::json::object();
    nlohmann::json payload = nlohmann::json::object();
    QByteArray signature;    // decoded bytes
    QByteArray signingInput; // "header.payload" as sent
};

DecodedJwt decodeJwt(const QString &token);
bool looksLikeJwt(const QString &token);

} // namespace wb
