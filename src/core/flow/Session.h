#pragma once
// Session: the whole record of one run — profile snapshot (no secrets), steps, exchanges,
// tokens and the outcome. The GUI, the CLI and the exporters only read Sessions.

#include "diagnosis/Finding.h"
#include "flow/IdIndex.h"
#include "flow/Step.h"
#include "http/Exchange.h"
#include "oauth/TokenSet.h"
#include "store/Profile.h"

#include <QList>

namespace wb {

// Interrupted: recovered from a journal after the process stopped mid-session (JournalRecovery).
enum class Outcome { Running, Succeeded, Failed, Cancelled, Interrupted };
QString toString(Outcome o);
Outcome outcomeFromString(const QString &s);

struct Session {
    QString id;
    QString appVersion;
    QDateTime startedAt;
    QDateTime finishedAt;
    Profile profile; // snapshot; clientSecret is never serialized
    QString redirectUri;
    QList<Step> steps;
    QList<Exchange> exchanges;
    TokenSet tokens;
    Outcome outcome = Outcome::Running;
    Error error;                // why the flow failed, when it did
    QList<Finding> findings;    // filled by diagnosis after the flow ends, most severe first
    QStringList checksDisabled; // named opt-outs (principle 3), recorded for reports
    // Values that must never appear in redacted output (secret, code, verifier, tokens).
    // Runtime only: filled as the flow learns them, used by the redactor, never serialized.
    QStringList secretValues;

    // By id, through an index built on first use (IdIndex): not a scan of the list per lookup.
    const Exchange *exchange(const QString &id) const;
    const Step *step(const QString &id) const;
    Step *step(const QString &id);

private:
    IdIndex m_exchangeIndex;
    IdIndex m_stepIndex;
};

} // namespace wb
