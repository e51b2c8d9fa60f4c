// Token endpoint answers as they really come: JSON, GitHub-style forms, HTML error pages, empty
// or cut-off bodies, and 200 responses that are errors (Slack).
#include "oauth/TokenResponse.h"

#include "oauth/UrlCodec.h"
#include "util/JsonDepth.h"
#include "util/JsonNumber.h"
#include "util/JsonQt.h"

#include <QRegularExpression>
#include <algorithm>

namespace wb {

QString toString(BodyFormat f)
{
    switch (f) {
    case BodyFormat::Json:
        return QStringLiteral("json");
    case BodyFormat::Form:
        return QStringLiteral("form");
    case BodyFormat::Html:
        return QStringLiteral("html");
    case BodyFormat::Empty:
        return QStringLiteral("empty");
    case BodyFormat::Text:
        return QStringLiteral("text");
    }
    return QStringLiteral("text");
}

namespace {
QByteArray mediaType(const HttpHeaders &headers)
{
    QByteArray ct = headerValue(headers, "Content-Type");
    const qsizetype semi = ct.indexOf(';');
    if (semi >= 0)
        ct.truncate(semi);
    return ct.trimmed().toLower();
}

bool looksLikeForm(const QByteArray &body)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.~%-]+=[^\\s]*$"));
    return re.match(QString::fromUtf8(body)).hasMatch();
}

BodyFormat detectFormat(const QByteArray &trimmed, const QByteArray &type)
{
    if (trimmed.isEmpty())
        return BodyFormat::Empty;
    if (trimmed.startsWith('{') || trimmed.startsWith('['))
        return BodyFormat::Json;
    const QByteArray head = trimmed.left(1024).toLower();
    if (head.startsWith('<') && (head.contains("<html") || head.startsWith("<!doctype")))
        return BodyFormat::Html;
    if (type == "text/html" || type == "application/xhtml+xml")
        return BodyFormat::Html;
    if (type.contains("json"))
        return BodyFormat::Json;
    if (type == "application/x-www-form-urlencoded" || looksLikeForm(trimmed))
        return BodyFormat::Form;
    return BodyFormat::Text;
}

QString formatPhrase(BodyFormat f)
{
    switch (f) {
    case BodyFormat::Json:
        return QStringLiteral("a JSON body");
    case BodyFormat::Form:
        return QStringLiteral("a form-encoded body");
    case BodyFormat::Html:
        return QStringLiteral("an HTML page");
    case BodyFormat::Empty:
        return QStringLiteral("an empty body");
    case BodyFormat::Text:
        return QStringLiteral("a plain-text body");
    }
    return {};
}

QString htmlTitle(const QByteArray &body)
{
    static const QRegularExpression re(QStringLiteral("<title[^>]*>([^<]*)</title>"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(QString::fromUtf8(body.left(8192)));
    return m.hasMatch() ? m.captured(1).simplified() : QString();
}

// Start of a text body for a message, one line, bounded.
QString excerpt(const QByteArray &body)
{
    const QString s = QString::fromUtf8(body.left(200)).simplified();
    return body.size() > 200 ? s + QChar(0x2026) : s;
}

struct JsonParse {
    std::optional<nlohmann::json> value;
    QString code;    // invalid_json | json_not_object
    QString message; // parser explanation with the byte position
};

JsonParse parseJsonBody(const QByteArray &body)
{
    if (jsonNestedDeeperThan(body)) // would overflow the stack when copied or shown
        return {std::nullopt, QStringLiteral("invalid_json"),
                QStringLiteral("The token endpoint's JSON nests arrays or objects deeper than %1 levels.")
                    .arg(kMaxJsonDepth)};
    try {
        nlohmann::json j = nlohmann::json::parse(body.constBegin(), body.constEnd());
        if (!j.is_object())
            return {std::nullopt, QStringLiteral("json_not_object"),
                    QStringLiteral("The token endpoint's JSON is a %1, not an object.")
                        .arg(QString::fromLatin1(j.type_name()))};
        return {std::move(j), {}, {}};
    } catch (const nlohmann::json::parse_error &e) {
        // nlohmann counts the end of input as one byte past the body; report it as the last byte.
        const bool atEnd = e.byte >= static_cast<std::size_t>(body.size());
        const auto position = std::min<std::size_t>(e.byte, static_cast<std::size_t>(body.size()));
        QString msg = QStringLiteral("The token endpoint's JSON could not be parsed at byte %1 of %2")
                          .arg(position)
                          .arg(body.size());
        msg += atEnd ? QStringLiteral(" (the body ends early: it looks truncated)") : QString();
        return {std::nullopt, QStringLiteral("invalid_json"),
                msg + QStringLiteral(": ") + QString::fromUtf8(e.what())};
    } catch (const nlohmann::json::exception &e) {
        return {std::nullopt, QStringLiteral("invalid_json"),
                QStringLiteral("The token endpoint's JSON could not be parsed: ") +
                    QString::fromUtf8(e.what())};
    }
}

QString jsonTypeName(const nlohmann::json &j)
{
    return QString::fromLatin1(j.type_name());
}

QString memberNames(const nlohmann::json &m)
{
    QStringList keys;
    for (const auto &[k, v] : m.items())
        keys.append(fromStd(k));
    return keys.isEmpty() ? QStringLiteral("no members") : keys.join(QStringLiteral(", "));
}

// The OAuth error, if the body carries one: a string "error", or an object (Facebook style).
std::optional<ProtocolError> findProtocolError(const nlohmann::json &m, int status)
{
    auto it = m.find("error");
    if (it == m.end())
        return std::nullopt;
    ProtocolError pe;
    pe.httpStatus = status;
    if (it->is_string() && !it->get<std::string>().empty()) {
        pe.error = fromStd(it->get<std::string>());
        pe.description = jsonString(m, "error_description");
        pe.uri = jsonString(m, "error_uri");
    } else if (it->is_object()) {
        pe.error = jsonString(*it, "type", jsonString(*it, "code", QStringLiteral("error")));
        pe.description = jsonString(*it, "message");
    } else {
        return std::nullopt; // null, false or "": no error declared
    }
    for (const auto &[key, value] : m.items()) {
        if (key != "error" && key != "error_description" && key != "error_uri")
            pe.extras[key] = value;
    }
    return pe;
}

void fillTokens(TokenResponse &r, const QDateTime &obtainedAt)
{
    const nlohmann::json &m = r.members;
    TokenSet &t = r.tokens;
    t.obtainedAt = obtainedAt.toUTC();
    t.accessToken = jsonString(m, "access_token");
    t.tokenType = jsonString(m, "token_type");
    t.refreshToken = jsonString(m, "refresh_token");
    t.idToken = jsonString(m, "id_token");
    t.scope = jsonString(m, "scope");
    if (auto s = m.find("scope"); s != m.end() && s->is_array()) {
        QStringList parts;
        for (const auto &e : *s) {
            if (e.is_string())
                parts.append(fromStd(e.get<std::string>()));
        }
        t.scope = parts.join(QLatin1Char(' '));
        r.warnings.append(
            QStringLiteral("scope was sent as a JSON array; RFC 6749 expects a space-separated string."));
    }
    if (!m.contains("token_type"))
        r.warnings.append(
            QStringLiteral("token_type is missing; RFC 6749 5.1 requires it (assuming Bearer)."));

    if (auto e = m.find("expires_in"); e != m.end()) {
        if (e->is_number_integer()) {
            t.expiresIn = saturatedInt64(*e);
        } else if (e->is_number_float()) {
            t.expiresIn = saturatedInt64(*e); // 1e300 must not be undefined behaviour
            r.warnings.append(QStringLiteral("expires_in has a fraction; whole seconds were used."));
        } else if (e->is_string()) {
            bool ok = false;
            const qint64 v = QString::fromStdString(e->get<std::string>()).trimmed().toLongLong(&ok);
            if (ok) {
                t.expiresIn = v;
                if (r.format == BodyFormat::Json)
                    r.warnings.append(QStringLiteral("expires_in was sent as a string (\"%1\") instead of a "
                                                     "number; it was accepted.")
                                          .arg(v));
            } else {
                r.warnings.append(QStringLiteral("expires_in is not a number (\"%1\"); it was ignored.")
                                      .arg(fromStd(e->get<std::string>())));
            }
        } else {
            r.warnings.append(QStringLiteral("expires_in has an unexpected type (%1); it was ignored.")
                                  .arg(jsonTypeName(*e)));
        }
        if (t.expiresIn && *t.expiresIn <= 0)
            r.warnings.append(
                QStringLiteral("expires_in is %1: the token is already expired.").arg(*t.expiresIn));
    }
    static const char *const known[] = {"access_token", "token_type", "refresh_token",
                                        "id_token",     "scope",      "expires_in"};
    for (const auto &[key, value] : m.items()) {
        if (std::find(std::begin(known), std::end(known), key) == std::end(known))
            t.extras[key] = value;
    }
}

QString httpStatusMessage(int status, BodyFormat f, const QByteArray &body, const HttpHeaders &headers)
{
    QString msg = QStringLiteral("The token endpoint answered HTTP %1 with %2 and no OAuth error")
                      .arg(status)
                      .arg(formatPhrase(f));
    if (f == BodyFormat::Html) {
        const QString title = htmlTitle(body);
        if (!title.isEmpty())
            msg += QStringLiteral(" (page title \"%1\")").arg(title);
    } else if (f == BodyFormat::Text || f == BodyFormat::Json) {
        msg += QStringLiteral(": %1").arg(excerpt(body));
    }
    msg += QLatin1Char('.');
    if (status >= 300 && status < 400) {
        msg += QStringLiteral(" A token request must not be redirected; check the token endpoint URL");
        const QByteArray location = headerValue(headers, "Location");
        msg += location.isEmpty() ? QStringLiteral(".") : QStringLiteral(" (Location: %1).").arg(location);
    } else if (status >= 500) {
        msg += QStringLiteral(" The server or a proxy in front of it failed; retrying later may help.");
    }
    return msg;
}
} // namespace

TokenResponse parseTokenResponse(int status, const HttpHeaders &headers, const QByteArray &body,
                                 const QDateTime &obtainedAt)
{
    TokenResponse r;
    const QByteArray trimmed = body.trimmed();
    r.format = detectFormat(trimmed, mediaType(headers));
    const bool success = status >= 200 && status < 300;

    JsonParse parsed;
    if (r.format == BodyFormat::Json) {
        parsed = parseJsonBody(body);
        if (parsed.value)
            r.members = std::move(*parsed.value);
    } else if (r.format == BodyFormat::Form) {
        for (const auto &[name, value] : urlcodec::decodeForm(trimmed))
            r.members[toStd(name)] = toStd(value);
    }

    if (auto pe = findProtocolError(r.members, status)) {
        QString msg = QStringLiteral("The token endpoint returned %1 (HTTP %2)").arg(pe->error).arg(status);
        msg += pe->description.isEmpty() ? QStringLiteral(".")
                                         : QStringLiteral(": \"%1\".").arg(pe->description);
        if (!pe->uri.isEmpty())
            msg += QStringLiteral(" More at %1.").arg(pe->uri);
        if (success)
            msg += QStringLiteral(" The server reported this error with a success status.");
        r.error = Error{ErrorKind::Protocol, pe->error, msg, std::move(pe)};
        return r;
    }
    if (!success) {
        QString msg = httpStatusMessage(status, r.format, body, headers);
        if (!parsed.message.isEmpty())
            msg += QLatin1Char(' ') + parsed.message;
        r.error = Error::make(ErrorKind::Http, QStringLiteral("http_status"), msg);
        return r;
    }
    switch (r.format) {
    case BodyFormat::Empty:
        r.error =
            Error::make(ErrorKind::Parse, QStringLiteral("empty_body"),
                        QStringLiteral("The token endpoint answered HTTP %1 with an empty body; a token "
                                       "response must be a JSON object.")
                            .arg(status));
        return r;
    case BodyFormat::Html: {
        const QString title = htmlTitle(body);
        r.error = Error::make(
            ErrorKind::Parse, QStringLiteral("html_instead_of_json"),
            QStringLiteral("The token endpoint answered HTTP %1 with an HTML page%2 instead of "
                           "JSON; the URL probably points at a web page, a login page or a proxy.")
                .arg(status)
                .arg(title.isEmpty() ? QString() : QStringLiteral(" (\"%1\")").arg(title)));
        return r;
    }
    case BodyFormat::Text:
        r.error = Error::make(
            ErrorKind::Parse, QStringLiteral("unexpected_body"),
            QStringLiteral("The token endpoint answered HTTP %1 with plain text instead of JSON: %2")
                .arg(status)
                .arg(excerpt(body)));
        return r;
    case BodyFormat::Json:
        if (!parsed.code.isEmpty()) {
            r.error = Error::make(ErrorKind::Parse, parsed.code, parsed.message);
            return r;
        }
        break;
    case BodyFormat::Form:
        r.warnings.append(
            QStringLiteral("Form-encoded token response (GitHub style) instead of JSON; send "
                           "\"Accept: application/json\" to get JSON. Values were read as strings."));
        break;
    }

    fillTokens(r, obtainedAt);
    if (r.tokens.accessToken.isEmpty()) {
        r.error =
            Error::make(ErrorKind::Parse, QStringLiteral("missing_access_token"),
                        QStringLiteral("The token endpoint answered HTTP %1 without an access_token; the "
                                       "response had: %2.")
                            .arg(status)
                            .arg(memberNames(r.members)));
    }
    return r;
}

} // namespace wb
