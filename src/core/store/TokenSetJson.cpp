#include "store/TokenSetJson.h"

#include "util/JsonQt.h"

namespace wb {

nlohmann::json tokenSetToJson(const TokenSet &tokens)
{
    nlohmann::json j = {
        {"format", kTokenSetJsonFormat},
        {"access_token", toStd(tokens.accessToken)},
        {"token_type", toStd(tokens.tokenType)},
        {"refresh_token", toStd(tokens.refreshToken)},
        {"id_token", toStd(tokens.idToken)},
        {"scope", toStd(tokens.scope)},
        {"extras", tokens.extras.is_object() ? tokens.extras : nlohmann::json::object()},
    };
    j["expires_in"] = tokens.expiresIn ? nlohmann::json(*tokens.expiresIn) : nlohmann::json(nullptr);
    // Milliseconds matter for "expires in": keep them rather than Qt::ISODate's whole seconds.
    j["obtained_at"] = tokens.obtainedAt.isValid()
                           ? toStd(tokens.obtainedAt.toUTC().toString(Qt::ISODateWithMs))
                           : std::string();
    return j;
}

std::optional<TokenSet> tokenSetFromJson(const nlohmann::json &j, QString *error)
{
    const auto fail = [error](const QString &why) -> std::optional<TokenSet> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!j.is_object())
        return fail(QStringLiteral("stored token set is not a JSON object"));
    const int format = jsonInt(j, "format", 0);
    if (format != kTokenSetJsonFormat)
        return fail(QStringLiteral("stored token set has unknown format %1 (expected %2)")
                        .arg(format)
                        .arg(kTokenSetJsonFormat));
    TokenSet t;
    t.accessToken = jsonString(j, "access_token");
    t.tokenType = jsonString(j, "token_type");
    t.refreshToken = jsonString(j, "refresh_token");
    t.idToken = jsonString(j, "id_token");
    t.scope = jsonString(j, "scope");
    if (auto it = j.find("expires_in"); it != j.end() && it->is_number_integer())
        t.expiresIn = it->get<qint64>();
    const QString obtained = jsonString(j, "obtained_at");
    if (!obtained.isEmpty()) {
        t.obtainedAt = QDateTime::fromString(obtained, Qt::ISODateWithMs);
        if (!t.obtainedAt.isValid())
            return fail(QStringLiteral("stored token set has an invalid obtained_at '%1'").arg(obtained));
        t.obtainedAt = t.obtainedAt.toUTC();
    }
    if (auto it = j.find("extras"); it != j.end() && it->is_object())
        t.extras = *it;
    return t;
}

QString tokenSetToText(const TokenSet &tokens)
{
    return fromStd(tokenSetToJson(tokens).dump());
}

std::optional<TokenSet> tokenSetFromText(const QString &text, QString *error)
{
    // The parser's message quotes the offending input, i.e. token material: keep it out.
    const auto j = parseJson(text.toUtf8());
    if (!j) {
        if (error)
            *error = QStringLiteral("stored token set is not valid JSON");
        return std::nullopt;
    }
    return tokenSetFromJson(*j, error);
}

} // namespace wb
