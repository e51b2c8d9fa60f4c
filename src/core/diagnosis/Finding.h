#pragma once
// Finding: one diagnosis of a session — a stable code, how bad it is, what to do about it, and
// the step/exchange that proves it. Produced by diagnosis/ rules; read by GUI, CLI and reports.

#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>

namespace wb {

enum class Severity { Error, Warning, Info };
// reauth: the grant is dead, re-authorize; fix_config: settings are wrong; retry: transient,
// back off and retry; info: nothing to do.
enum class TriageClass { Reauth, FixConfig, Retry, Info };

QString toString(Severity s);
Severity severityFromString(const QString &s);
QString toString(TriageClass c);
TriageClass triageClassFromString(const QString &s);

struct Finding {
    QString code; // stable, documented in docs/findings.md, e.g. "invalid_grant_code_reused"
    Severity severity = Severity::Error;
    TriageClass triage = TriageClass::Info;
    QString title;        // one line: "The authorization code was already used"
    QString explanation;  // plain words, tied to the evidence ("exchanged 4 s earlier")
    QStringList fixSteps; // concrete actions, in order
    QString stepId;       // the step that proves it ("s5"), may be empty
    QString exchangeId;   // the exchange that proves it, may be empty
    // Values compared or measured (e.g. {"sent": "...", "registered": "..."}), for reports.
    nlohmann::json evidence = nlohmann::json::object();
};

// Most severe first; stable within one severity.
void sortBySeverity(QList<Finding> &findings);

} // namespace wb
