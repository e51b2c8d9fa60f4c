#include "report/SessionJson.h"

#include "util/FastJson.h"
#include "util/JsonArrayWriter.h"
#include "util/JsonNumber.h"
#include "util/JsonQt.h"

#include <algorithm>
#include <string_view>

namespace wb {

namespace {
using json = nlohmann::json;

std::string iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs).toStdString() : std::string();
}
QDateTime fromIso(const json &j, const char *key)
{
    return QDateTime::fromString(jsonString(j, key), Qt::ISODateWithMs);
}

void putBody(json &obj, const QByteArray &body)
{
    if (isValidUtf8(body)) {
        obj["body"] = body.toStdString();
        obj["body_encoding"] = "utf8";
    } else {
        obj["body"] = body.toBase64().toStdString();
        obj["body_encoding"] = "base64";
    }
}
// Member `key` when it is an object, else an empty object: files may be hand-edited or damaged.
json member(const json &j, const char *key)
{
    if (!j.is_object())
        return json::object();
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : json::object();
}

qint64 int64(const json &j, const char *key)
{
    if (!j.is_object())
        return 0;
    auto it = j.find(key);
    if (it == j.end() || !it->is_number())
        return 0;
    // Clamped to +-2^53: a float out of range would make the cast undefined, and arithmetic on
    // values near 2^63 (durations, times) would overflow.
    return saturatedInt64(*it);
}

QByteArray getBody(const json &obj)
{
    // The UTF-8 bytes straight from the document (a QString detour decoded and re-encoded every
    // body, which showed when opening sessions of thousands of exchanges).
    const auto it = obj.find("body");
    const QByteArray raw = it != obj.end() && it->is_string()
                               ? QByteArray::fromStdString(it->get_ref<const std::string &>())
                               : QByteArray();
    return jsonString(obj, "body_encoding") == u"base64" ? QByteArray::fromBase64(raw) : raw;
}

json headersToJson(const HttpHeaders &h)
{
    json arr = json::array();
    for (const auto &x : h)
        // Header bytes come from servers and browsers unchecked; JSON needs valid UTF-8, so
        // invalid sequences become U+FFFD (valid values round-trip unchanged).
        arr.push_back({QString::fromUtf8(x.name).toStdString(), QString::fromUtf8(x.value).toStdString()});
    return arr;
}
HttpHeaders headersFromJson(const json &j)
{
    HttpHeaders h;
    if (!j.is_array())
        return h;
    for (const auto &e : j) {
        if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_string())
            h.append({QByteArray::fromStdString(e[0].get<std::string>()),
                      QByteArray::fromStdString(e[1].get<std::string>())});
    }
    return h;
}

// Redacts every string inside a JSON value (step details may quote codes and tokens).
json redactJson(const json &j, const Redactor &r)
{
    if (!r.enabled())
        return j;
    if (j.is_string())
        return toStd(r.text(fromStd(j.get<std::string>())));
    if (j.is_array() || j.is_object()) {
        json out = j;
        for (auto it = out.begin(); it != out.end(); ++it)
            *it = redactJson(*it, r);
        return out;
    }
    return j;
}

json stringList(const QStringList &l, const Redactor &r)
{
    json arr = json::array();
    for (const auto &s : l)
        arr.push_back(toStd(r.text(s)));
    return arr;
}
QStringList stringListFrom(const json &j)
{
    QStringList out;
    if (j.is_array())
        for (const auto &e : j)
            if (e.is_string())
                out.append(fromStd(e.get<std::string>()));
    return out;
}

Error errorFromJson(const json &j)
{
    Error e;
    if (!j.is_object())
        return e;
    e.kind = errorKindFromString(jsonString(j, "kind"));
    e.code = jsonString(j, "code");
    e.message = jsonString(j, "message");
    if (auto it = j.find("protocol"); it != j.end() && it->is_object()) {
        ProtocolError p;
        p.error = jsonString(*it, "error");
        p.description = jsonString(*it, "error_description");
        p.uri = jsonString(*it, "error_uri");
        p.httpStatus = jsonInt(*it, "http_status");
        if (auto ex = it->find("extras"); ex != it->end())
            p.extras = *ex;
        e.protocol = p;
    }
    return e;
}

} // namespace

Exchange exchangeFromJson(const json &j)
{
    Exchange x;
    x.id = jsonString(j, "id");
    x.role = exchangeRoleFromString(jsonString(j, "role"));
    x.method = jsonString(j, "method");
    x.url = jsonString(j, "url");
    x.httpVersion = jsonString(j, "http_version", x.httpVersion);
    const json req = member(j, "request");
    x.requestHeaders = headersFromJson(req.value("headers", json::array()));
    x.requestBody = getBody(req);
    const json resp = member(j, "response");
    x.status = jsonInt(resp, "status");
    x.reason = jsonString(resp, "reason");
    x.responseHeaders = headersFromJson(resp.value("headers", json::array()));
    x.responseBody = getBody(resp);
    x.responseTruncated = jsonBool(resp, "truncated");
    x.responseSize = int64(resp, "size");
    x.startedAt = fromIso(j, "started_at");
    x.durationMs = int64(j, "duration_ms");
    x.transportError = transportErrorFromString(jsonString(j, "transport_error"));
    x.errorMessage = jsonString(j, "error_message");
    x.tlsErrors = stringListFrom(j.value("tls_errors", json::array()));
    x.tlsCertificate = stringListFrom(j.value("tls_certificate", json::array()));
    x.tlsTrustedByPin = jsonString(j, "tls_trusted_by_pin");
    x.peer = jsonString(j, "peer");
    return x;
}

json errorToJson(const Error &e, const Redactor &r)
{
    if (!e.isError())
        return nullptr;
    json out = {{"kind", toStd(toString(e.kind))},
                {"code", toStd(e.code)},
                {"message", toStd(r.text(e.message))},
                {"protocol", nullptr}};
    if (e.protocol) {
        out["protocol"] = {{"error", toStd(e.protocol->error)},
                           {"error_description", toStd(r.text(e.protocol->description))},
                           {"error_uri", toStd(e.protocol->uri)},
                           {"http_status", e.protocol->httpStatus},
                           {"extras", redactJson(e.protocol->extras, r)}};
    }
    return out;
}

json exchangeToJson(const Exchange &x, const Redactor &r)
{
    json req = {{"headers", headersToJson(r.headers(x.requestHeaders))}};
    putBody(req, r.bytes(x.requestBody));
    json resp = {{"status", x.status},
                 {"reason", toStd(x.reason)},
                 {"headers", headersToJson(r.headers(x.responseHeaders))},
                 {"truncated", x.responseTruncated},
                 {"size", x.responseSize}};
    putBody(resp, r.bytes(x.responseBody));
    json out = {{"id", toStd(x.id)},
                {"role", toStd(toString(x.role))},
                {"method", toStd(x.method)},
                {"url", toStd(r.text(x.url))},
                {"http_version", toStd(x.httpVersion)},
                {"request", req},
                {"response", resp},
                {"started_at", iso(x.startedAt)},
                {"duration_ms", x.durationMs},
                {"transport_error", toStd(toString(x.transportError))},
                {"error_message", toStd(x.errorMessage)},
                {"tls_errors", stringList(x.tlsErrors, Redactor({}, false))},
                {"peer", toStd(x.peer)}};
    if (!x.tlsCertificate.isEmpty())
        out["tls_certificate"] = stringList(x.tlsCertificate, Redactor({}, false));
    if (!x.tlsTrustedByPin.isEmpty())
        out["tls_trusted_by_pin"] = toStd(x.tlsTrustedByPin);
    return out;
}

json findingToJson(const Finding &f, const Redactor &r)
{
    return {{"code", toStd(f.code)},
            {"severity", toStd(toString(f.severity))},
            {"triage", toStd(toString(f.triage))},
            {"title", toStd(r.text(f.title))},
            {"explanation", toStd(r.text(f.explanation))},
            {"fix_steps", stringList(f.fixSteps, r)},
            {"step_id", toStd(f.stepId)},
            {"exchange_id", toStd(f.exchangeId)},
            {"evidence", redactJson(f.evidence, r)}};
}

Finding findingFromJson(const json &j)
{
    Finding f;
    f.code = jsonString(j, "code");
    f.severity = severityFromString(jsonString(j, "severity"));
    f.triage = triageClassFromString(jsonString(j, "triage"));
    f.title = jsonString(j, "title");
    f.explanation = jsonString(j, "explanation");
    f.fixSteps = stringListFrom(j.value("fix_steps", json::array()));
    f.stepId = jsonString(j, "step_id");
    f.exchangeId = jsonString(j, "exchange_id");
    if (auto it = j.find("evidence"); it != j.end() && it->is_object())
        f.evidence = *it;
    return f;
}

json stepToJson(const Step &st, const Redactor &r)
{
    json ids = json::array();
    for (const auto &id : st.exchangeIds)
        ids.push_back(toStd(id));
    return {{"id", toStd(st.id)},
            {"kind", toStd(toString(st.kind))},
            {"title", toStd(st.title)},
            {"status", toStd(toString(st.status))},
            {"summary", toStd(r.text(st.summary))},
            {"started_at", iso(st.startedAt)},
            {"duration_ms", st.durationMs},
            {"exchange_ids", ids},
            {"details", redactJson(st.details, r)},
            {"warnings", stringList(st.warnings, r)},
            {"error", errorToJson(st.error, r)}};
}

Step stepFromJson(const json &st)
{
    Step step;
    step.id = jsonString(st, "id");
    step.kind = stepKindFromString(jsonString(st, "kind"));
    step.title = jsonString(st, "title");
    step.status = stepStatusFromString(jsonString(st, "status"));
    step.summary = jsonString(st, "summary");
    step.startedAt = fromIso(st, "started_at");
    step.durationMs = int64(st, "duration_ms");
    step.exchangeIds = stringListFrom(st.value("exchange_ids", json::array()));
    step.details = st.value("details", json::object());
    step.warnings = stringListFrom(st.value("warnings", json::array()));
    step.error = errorFromJson(st.value("error", json()));
    return step;
}

json sessionToJson(const Session &s, bool redact)
{
    json j = sessionToJsonWithoutExchanges(s, redact);
    const Redactor r(s.secretValues, redact);
    json &exchanges = j["exchanges"];
    for (const Exchange &x : s.exchanges)
        exchanges.push_back(exchangeToJson(x, r));
    return j;
}

json sessionToJsonWithoutExchanges(const Session &s, bool redact)
{
    const Redactor r(s.secretValues, redact);
    json steps = json::array();
    for (const Step &st : s.steps)
        steps.push_back(stepToJson(st, r));
    json findings = json::array();
    for (const Finding &f : s.findings)
        findings.push_back(findingToJson(f, r));

    const TokenSet &t = s.tokens;
    json tokens = {{"access_token", toStd(r.text(t.accessToken))},
                   {"token_type", toStd(t.tokenType)},
                   {"refresh_token", toStd(r.text(t.refreshToken))},
                   {"id_token", toStd(r.text(t.idToken))},
                   {"scope", toStd(t.scope)},
                   {"expires_in", t.expiresIn ? json(*t.expiresIn) : json(nullptr)},
                   {"obtained_at", iso(t.obtainedAt)},
                   {"extras", redactJson(t.extras, r)}};

    return {{"format", "oauth-workbench-session"},
            {"version", kSessionFormatVersion},
            {"id", toStd(s.id)},
            {"app_version", toStd(s.appVersion)},
            {"started_at", iso(s.startedAt)},
            {"finished_at", iso(s.finishedAt)},
            {"outcome", toStd(toString(s.outcome))},
            {"redacted", redact},
            {"redirect_uri", toStd(s.redirectUri)},
            {"profile", s.profile.toJson()},
            {"checks_disabled", stringList(s.checksDisabled, Redactor({}, false))},
            {"error", errorToJson(s.error, r)},
            {"steps", steps},
            {"exchanges", json::array()},
            {"findings", findings},
            {"tokens", tokens}};
}

bool writeSessionDocument(const json &document, qsizetype count,
                          const std::function<json(qsizetype)> &exchangeAt, const TextSink &sink)
{
    const auto dumped = [](const json &j) { return j.dump(2, ' ', false, json::error_handler_t::replace); };
    // Top-level members are the only lines indented by two spaces.
    return writeWithArray(
        dumped(document), "\n  \"exchanges\": []", count,
        [&](qsizetype i, std::string_view indent) { return indentLines(dumped(exchangeAt(i)), indent); },
        sink);
}

bool writeSessionJson(const Session &session, bool redact, QIODevice &out)
{
    const Redactor r(session.secretValues, redact);
    return writeSessionDocument(
        sessionToJsonWithoutExchanges(session, redact), session.exchanges.size(),
        [&](qsizetype i) { return exchangeToJson(session.exchanges.at(i), r); }, writeTo(out));
}

bool sessionFromJson(const json &j, Session &out, QString *error)
{
    auto fail = [&](const QString &m) {
        if (error)
            *error = m;
        return false;
    };
    if (!j.is_object() || jsonString(j, "format") != u"oauth-workbench-session")
        return fail(QStringLiteral("This is not an OAuth Workbench session file."));
    const int version = jsonInt(j, "version");
    if (version > kSessionFormatVersion)
        return fail(QStringLiteral("This session file was written by a newer OAuth Workbench (format %1).")
                        .arg(version));
    Session s;
    s.id = jsonString(j, "id");
    s.appVersion = jsonString(j, "app_version");
    s.startedAt = fromIso(j, "started_at");
    s.finishedAt = fromIso(j, "finished_at");
    s.outcome = outcomeFromString(jsonString(j, "outcome"));
    s.redirectUri = jsonString(j, "redirect_uri");
    s.profile = Profile::fromJson(member(j, "profile"));
    s.checksDisabled = stringListFrom(j.value("checks_disabled", json::array()));
    s.error = errorFromJson(j.value("error", json()));
    for (const auto &st : j.value("steps", json::array())) {
        if (st.is_object())
            s.steps.append(stepFromJson(st));
    }
    for (const auto &x : j.value("exchanges", json::array()))
        if (x.is_object())
            s.exchanges.append(exchangeFromJson(x));
    if (auto it = j.find("findings"); it != j.end() && it->is_array()) {
        for (const auto &f : *it)
            if (f.is_object())
                s.findings.append(findingFromJson(f));
    }
    const json t = member(j, "tokens");
    s.tokens.accessToken = jsonString(t, "access_token");
    s.tokens.tokenType = jsonString(t, "token_type");
    s.tokens.refreshToken = jsonString(t, "refresh_token");
    s.tokens.idToken = jsonString(t, "id_token");
    s.tokens.scope = jsonString(t, "scope");
    if (auto it = t.find("expires_in"); it != t.end() && it->is_number_integer())
        s.tokens.expiresIn = it->get<qint64>();
    s.tokens.obtainedAt = fromIso(t, "obtained_at");
    if (auto it = t.find("extras"); it != t.end() && it->is_object())
        s.tokens.extras = *it;
    out = s;
    return true;
}

} // namespace wb
