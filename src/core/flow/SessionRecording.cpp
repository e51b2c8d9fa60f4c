#include "flow/SessionRecording.h"

#include "flow/SessionJournal.h"

namespace wb::recording {

int beginStep(Session &s, StepKind kind, const QString &title, const QDateTime &now)
{
    Step step;
    step.id = QStringLiteral("s%1").arg(s.steps.size() + 1);
    step.kind = kind;
    step.title = title;
    step.startedAt = now;
    s.steps.append(step);
    SessionJournal::stepChanged(s, int(s.steps.size()) - 1);
    return int(s.steps.size()) - 1;
}

bool updateStep(Session &s, int index, StepStatus status, const QString &summary, const QDateTime &now)
{
    if (index < 0 || index >= s.steps.size())
        return false;
    Step &step = s.steps[index];
    step.status = status;
    if (!summary.isEmpty())
        step.summary = summary;
    if (status != StepStatus::Running)
        step.durationMs = step.startedAt.msecsTo(now);
    SessionJournal::stepChanged(s, index);
    return true;
}

QString addExchange(Session &s, Exchange x, int stepIndex)
{
    x.id = QStringLiteral("x%1").arg(s.exchanges.size() + 1);
    s.exchanges.append(x);
    if (stepIndex >= 0 && stepIndex < s.steps.size())
        s.steps[stepIndex].exchangeIds.append(x.id);
    SessionJournal::exchangeAdded(s, int(s.exchanges.size()) - 1, stepIndex);
    return x.id;
}

void rememberSecret(Session &s, const QString &value)
{
    if (!value.isEmpty() && !s.secretValues.contains(value))
        s.secretValues.append(value);
}

void endSession(const Session &s)
{
    SessionJournal::sessionEnded(s);
}

} // namespace wb::recording
