#include "report/ReportSupport.h"

#include "util/FastJson.h"
#include "util/InOrder.h"
#include "util/JsonNumber.h"

#include <algorithm>
#include <optional>

namespace wb::report {

namespace {
QString redactText(const Redactor &r, const QString &s)
{
    return r.text(s);
}

Error redactError(const Error &e, const Redactor &r)
{
    Error out = e;
    out.message = redactText(r, e.message);
    if (out.protocol) {
        out.protocol->description = redactText(r, out.protocol->description);
        out.protocol->extras = r.json(out.protocol->extras);
    }
    return out;
}

BodyExcerpt excerpt(const QByteArray &body, qint64 size, int limit)
{
    BodyExcerpt b;
    b.size = size;
    if (!isValidUtf8(body)) {
        b.binary = true;
        b.text = QStringLiteral("(%1 of binary data, not shown)").arg(describeSize(size));
        return b;
    }
    if (limit > 0 && body.size() > limit) {
        // Cut on a character boundary: back off continuation bytes.
        qsizetype cut = limit;
        while (cut > 0 && (uchar(body.at(cut)) & 0xC0) == 0x80)
            --cut;
        b.text = QString::fromUtf8(body.left(cut));
        b.cut = true;
    } else {
        b.text = QString::fromUtf8(body);
    }
    return b;
}
} // namespace

namespace {
// Everything but the exchange bodies, masked; the bodies are left out (LazyRedaction).
Session redactedShell(const Session &s, const Redactor &r, RedactionMode mode)
{
    Session out = s;
    out.secretValues.clear();
    out.profile.clientSecret.clear();
    for (Exchange &x : out.exchanges) {
        x.requestBody.clear();
        x.responseBody.clear();
    }
    if (mode == RedactionMode::None)
        return out;
    // Each exchange's URL, headers and error on worker threads (inOrder), read from `s`.
    struct Heads {
        QString url;
        HttpHeaders requestHeaders, responseHeaders;
        QString errorMessage;
    };
    inOrder(
        s.exchanges.size(),
        [&](qsizetype i) {
            const Exchange &x = s.exchanges.at(i);
            return Heads{r.text(x.url), r.headers(x.requestHeaders), r.headers(x.responseHeaders),
                         r.text(x.errorMessage)};
        },
        [&out](qsizetype i, Heads &&h) {
            Exchange &x = out.exchanges[i];
            x.url = std::move(h.url);
            x.requestHeaders = std::move(h.requestHeaders);
            x.responseHeaders = std::move(h.responseHeaders);
            x.errorMessage = std::move(h.errorMessage);
            return true;
        });
    for (Step &st : out.steps) {
        st.summary = r.text(st.summary);
        st.details = r.json(st.details);
        for (QString &w : st.warnings)
            w = r.text(w);
        st.error = redactError(st.error, r);
    }
    out.error = redactError(s.error, r);
    out.redirectUri = r.text(s.redirectUri);
    for (QString *t : {&out.tokens.accessToken, &out.tokens.refreshToken, &out.tokens.idToken})
        *t = Redactor::maskToken(r.text(*t), mode);
    out.tokens.extras = r.json(s.tokens.extras);
    for (Finding &f : out.findings) {
        f.title = r.text(f.title);
        f.explanation = r.text(f.explanation);
        for (QString &step : f.fixSteps)
            step = r.text(step);
        f.evidence = r.json(f.evidence);
    }
    return out;
}
} // namespace

LazyRedaction::LazyRedaction(const Session &source, RedactionMode mode)
    : m_source(source), m_redactor(mode == RedactionMode::None ? QStringList() : knownSecrets(source), mode),
      m_shell(redactedShell(source, m_redactor, mode))
{
}

LazyRedaction::~LazyRedaction()
{
    // A long session's redactor (thousands of needles) and shell take tens of milliseconds to
    // free: done on a worker while the caller commits the report.
    if (m_shell.exchanges.size() < 512)
        return;
    auto done = std::make_shared<std::pair<Redactor, Session>>(std::move(m_redactor), std::move(m_shell));
    inBackground([done = std::move(done)]() mutable { done.reset(); }); // the last owner: freed there
}

Exchange LazyRedaction::exchange(qsizetype i) const
{
    Exchange x = m_shell.exchanges.at(i);
    const Exchange &raw = m_source.exchanges.at(i);
    x.requestBody = m_redactor.bytes(raw.requestBody);
    x.responseBody = m_redactor.bytes(raw.responseBody);
    return x;
}

Session redactedSession(const Session &s, RedactionMode mode)
{
    const LazyRedaction lazy(s, mode);
    Session out = lazy.session();
    for (qsizetype i = 0; i < out.exchanges.size(); ++i)
        out.exchanges[i] = lazy.exchange(i);
    return out;
}

QString redactionStatement(RedactionMode mode)
{
    switch (mode) {
    case RedactionMode::Standard:
        return QStringLiteral("Redaction: standard. Client secrets, authorization codes, code verifiers, "
                              "access/refresh/ID tokens, passwords and Authorization, Cookie and "
                              "Set-Cookie values are masked as \"[redacted N chars …last4]\" (no "
                              "characters under 16); JWT headers and claims stay readable, their "
                              "signatures are masked.");
    case RedactionMode::Full:
        return QStringLiteral("Redaction: full. Every secret and every token is masked whole as "
                              "\"[redacted N chars …last4]\" (no characters under 16), including JWT "
                              "headers and claims; decoded token contents are hidden.");
    case RedactionMode::None:
        return QStringLiteral("Redaction: NONE. This report contains live secrets (client secret, "
                              "codes, tokens). Do not attach it to a ticket; revoke the tokens if it "
                              "was shared.");
    }
    return {};
}

qint64 requestBodySize(const Exchange &x)
{
    bool ok = false;
    const qint64 declared = headerValue(x.requestHeaders, "content-length").toLongLong(&ok);
    return ok ? declared : x.requestBody.size();
}

qint64 responseBodySize(const Exchange &x)
{
    return std::max<qint64>(x.responseSize, x.responseBody.size());
}

BodyExcerpt requestBody(const Exchange &x, int limit)
{
    return excerpt(x.requestBody, requestBodySize(x), limit);
}

BodyExcerpt responseBody(const Exchange &x, int limit)
{
    BodyExcerpt b = excerpt(x.responseBody, responseBodySize(x), limit);
    b.truncatedAtCapture = x.responseTruncated;
    return b;
}

QString describeSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 bytes").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

const Step *stepOfExchange(const Session &s, const QString &exchangeId)
{
    for (const Step &st : s.steps)
        if (st.exchangeIds.contains(exchangeId))
            return &st;
    return nullptr;
}

QHash<QString, const Step *> stepsByExchange(const Session &s)
{
    QHash<QString, const Step *> owners;
    owners.reserve(s.exchanges.size());
    for (const Step &st : s.steps)
        for (const QString &id : st.exchangeIds)
            if (!owners.contains(id))
                owners.insert(id, &st);
    return owners;
}

const Step *failingStep(const Session &s)
{
    for (auto it = s.steps.crbegin(); it != s.steps.crend(); ++it)
        if (it->status == StepStatus::Failed)
            return &*it;
    return nullptr;
}

std::optional<qint64> clockOffsetSeconds(const Session &s)
{
    for (const Step &st : s.steps) {
        if (!st.details.is_object())
            continue;
        const auto it = st.details.find("clock");
        if (it != st.details.end() && it->is_object()) {
            const auto off = it->find("offset_seconds");
            if (off != it->end() && off->is_number())
                return saturatedInt64(*off);
        }
    }
    return std::nullopt;
}

QList<Finding> reportFindings(const Session &s, bool *fromSteps)
{
    if (fromSteps)
        *fromSteps = s.findings.isEmpty();
    if (!s.findings.isEmpty()) {
        QList<Finding> f = s.findings;
        sortBySeverity(f);
        return f;
    }
    QList<Finding> out;
    auto fromError = [](const Error &e, const QString &what, const QString &stepId) {
        Finding f;
        f.code = e.protocol && !e.protocol->error.isEmpty() ? e.protocol->error
                 : e.code.isEmpty()                         ? QStringLiteral("flow_failed")
                                                            : e.code;
        f.severity = Severity::Error;
        f.title = QStringLiteral("%1 failed: %2").arg(what, f.code);
        f.explanation = e.message;
        if (e.protocol && !e.protocol->description.isEmpty() && !e.message.contains(e.protocol->description))
            f.explanation += QStringLiteral(" (%1)").arg(e.protocol->description);
        f.stepId = stepId;
        return f;
    };
    bool sessionErrorShown = false;
    for (const Step &st : s.steps) {
        if (!st.error.isError())
            continue;
        out.append(fromError(st.error, st.title, st.id));
        sessionErrorShown =
            sessionErrorShown || (st.error.code == s.error.code && st.error.message == s.error.message);
    }
    if (s.error.isError() && !sessionErrorShown)
        out.append(fromError(s.error, QStringLiteral("The flow"), QString()));
    for (const Step &st : s.steps) {
        for (const QString &w : st.warnings) {
            Finding f;
            f.code = QStringLiteral("step_warning");
            f.severity = Severity::Warning;
            f.title = w;
            f.explanation = QStringLiteral("Reported by the step \"%1\".").arg(st.title);
            f.stepId = st.id;
            out.append(f);
        }
    }
    sortBySeverity(out);
    return out;
}

QString providerLabel(const Session &s)
{
    if (!s.profile.issuer.isEmpty())
        return s.profile.issuer;
    return s.profile.authorizationEndpoint;
}

QString flowLabel(const Session &s)
{
    QString flow = QStringLiteral("authorization code");
    if (s.profile.pkce != PkceMethod::Off)
        flow += QStringLiteral(" + PKCE %1").arg(toString(s.profile.pkce));
    flow += QStringLiteral(" (client auth: %1, response mode: %2, browser: %3)")
                .arg(toString(s.profile.authMethod), toString(s.profile.responseMode),
                     toString(s.profile.browser));
    return flow;
}

QString formatDuration(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace wb::report
