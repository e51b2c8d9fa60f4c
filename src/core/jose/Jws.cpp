#include "jose/Jws.h"

#include "jose/Base64Url.h"

namespace wb::jose {

QByteArray Jws::serialize(const nlohmann::json &j)
{
    return QByteArray::fromStdString(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

QByteArray Jws::sign(const SigningKey &key, const nlohmann::json &payload, const nlohmann::json &extraHeader)
{
    nlohmann::json header = nlohmann::json::object();
    if (extraHeader.is_object())
        header = extraHeader;
    header["alg"] = toString(key.algorithm()).toStdString();
    header["kid"] = key.kid().toStdString();
    const QByteArray signingInput =
        base64UrlEncode(serialize(header)) + '.' + base64UrlEncode(serialize(payload));
    const QByteArray signature = key.sign(signingInput);
    if (signature.isEmpty())
        return {};
    return signingInput + '.' + base64UrlEncode(signature);
}

} // namespace wb::jose
