#pragma once
// ReportSupport: what all report formats share — the redacted copy of a session they render,
// the statement of the redaction mode, body excerpts, step/exchange lookups, the failing step,
// the measured clock offset and the findings to show. One place, so the formats agree.

#include "flow/Session.h"
#include "report/Redactor.h"
#include "report/ReportOptions.h"
#include "report/SecretHarvest.h"

#include <QHash>
#include <optional>

namespace wb::report {

// knownSecrets(session): report/SecretHarvest.h.

// A copy with every secret masked per `mode` (None: an unchanged copy). secretValues and the
// profile's client secret are always dropped.
Session redactedSession(const Session &s, RedactionMode mode);

// The same redaction done lazily, for reports of long sessions: session() is the redacted copy
// without exchange bodies (everything else masked), exchange(i) masks one exchange's bodies
// when the report reaches it, so the session's bodies are never held twice.
class LazyRedaction {
public:
    LazyRedaction(const Session &source, RedactionMode mode);
    ~LazyRedaction();
    LazyRedaction(const LazyRedaction &) = delete;
    LazyRedaction &operator=(const LazyRedaction &) = delete;
    const Session &session() const { return m_shell; }
    // The redacted exchange i of session().exchanges, bodies included.
    Exchange exchange(qsizetype i) const;

private:
    const Session &m_source;
    Redactor m_redactor;
    Session m_shell;
};

// "Redaction: standard — ..." one sentence saying what the mode hid.
QString redactionStatement(RedactionMode mode);

// A body prepared for display: text (UTF-8, or a note for binary), original size, cut or not.
struct BodyExcerpt {
    QString text;
    qint64 size = 0;                 // bytes in the recorded body (before any cut made here)
    bool cut = false;                // `text` holds only the first `limit` bytes
    bool binary = false;             // not UTF-8: text is a note, not the bytes
    bool truncatedAtCapture = false; // the HTTP client already stopped reading
};
BodyExcerpt requestBody(const Exchange &x, int limit);
BodyExcerpt responseBody(const Exchange &x, int limit);
// Their `size` alone, without the text (a HAR's bodySize and content.size).
qint64 requestBodySize(const Exchange &x);  // Content-Length when it is a number, else the body's
qint64 responseBodySize(const Exchange &x); // the larger of the size seen and the body's
QString describeSize(qint64 bytes);         // "512 bytes", "12.3 KiB"

const Step *stepOfExchange(const Session &s, const QString &exchangeId);
// Exchange id -> the first step that owns it, built once per report: stepOfExchange for every
// exchange is quadratic in a long session.
QHash<QString, const Step *> stepsByExchange(const Session &s);
// The step that failed (the last failed one), else nullptr.
const Step *failingStep(const Session &s);
// Server clock minus local clock in seconds, when a step measured it (Date header check).
std::optional<qint64> clockOffsetSeconds(const Session &s);

// The session's findings, most severe first; without any, findings made from the failed steps'
// errors, the session error and the steps' warnings (`fromSteps` tells which).
QList<Finding> reportFindings(const Session &s, bool *fromSteps = nullptr);

QString providerLabel(const Session &s); // issuer, else the authorization endpoint
QString flowLabel(const Session &s);     // "authorization code + PKCE S256 (client_secret_basic)"
QString formatDuration(qint64 ms);       // "412 ms", "3.2 s"
QString isoTime(const QDateTime &t);     // "2026-01-02T03:04:05.678Z", empty when invalid

} // namespace wb::report
