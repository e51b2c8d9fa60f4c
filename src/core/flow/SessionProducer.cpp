#include "flow/SessionProducer.h"

#include "diagnosis/Diagnosis.h"
#include "flow/SessionRecording.h"

namespace wb {

SessionProducer::SessionProducer(Clock clock, QObject *parent) : QObject(parent), m_clock(std::move(clock)) {}

SessionProducer::~SessionProducer()
{
    recording::endSession(m_session); // abandoned unfinished: not a crash, nothing to recover
}

void SessionProducer::rememberSecret(const QString &value)
{
    recording::rememberSecret(m_session, value);
}

int SessionProducer::beginStep(StepKind kind, const QString &title)
{
    const int index = recording::beginStep(m_session, kind, title, m_clock());
    emit stepChanged(index);
    return index;
}

void SessionProducer::updateStep(int index, StepStatus status, const QString &summary)
{
    if (recording::updateStep(m_session, index, status, summary, m_clock()))
        emit stepChanged(index);
}

QString SessionProducer::addExchange(Exchange x, int stepIndex)
{
    const QString id = recording::addExchange(m_session, std::move(x), stepIndex);
    if (stepIndex >= 0 && stepIndex < m_session.steps.size())
        emit stepChanged(stepIndex);
    emit exchangeAdded(int(m_session.exchanges.size()) - 1);
    return id;
}

void SessionProducer::failStep(int index, const Error &error, const QString &summary)
{
    const bool cancelled = error.kind == ErrorKind::Cancelled;
    if (index >= 0 && index < m_session.steps.size()) {
        m_session.steps[index].error = error;
        updateStep(index, cancelled ? StepStatus::Cancelled : StepStatus::Failed,
                   summary.isEmpty() ? error.message : summary);
    }
    finish(cancelled ? Outcome::Cancelled : Outcome::Failed, error);
}

void SessionProducer::finish(Outcome outcome, const Error &error)
{
    if (m_finished)
        return;
    m_finished = true;
    stopActivity();
    for (int i = 0; i < m_session.steps.size(); ++i) {
        if (m_session.steps[i].status == StepStatus::Running)
            updateStep(i, outcome == Outcome::Succeeded ? StepStatus::Succeeded : StepStatus::Cancelled, {});
    }
    m_session.outcome = outcome;
    m_session.error = error;
    m_session.finishedAt = m_clock();
    m_session.findings = diagnose(m_session); // most severe first
    recording::endSession(m_session);
    emit finished();
}

Error SessionProducer::transportError(const Exchange &x, const QString &what)
{
    const QString message = what + QStringLiteral(": ") + x.errorMessage;
    switch (x.transportError) {
    case TransportError::Timeout:
        return Error::make(ErrorKind::Timeout, QStringLiteral("timeout"), message);
    case TransportError::Tls:
        return Error::make(ErrorKind::Network, QStringLiteral("tls_error"), message);
    case TransportError::Cancelled:
        return Error::make(ErrorKind::Cancelled, QStringLiteral("cancelled"),
                           what + QStringLiteral(" was cancelled."));
    case TransportError::TooLarge:
        // The server did answer, too much: an HTTP failure (exit 1), not a network one.
        return Error::make(ErrorKind::Http, QStringLiteral("response_too_large"), message);
    default:
        return Error::make(ErrorKind::Network, QStringLiteral("network_error"), message);
    }
}

void SessionProducer::cancel()
{
    if (m_finished)
        return;
    int running = -1;
    for (int i = 0; i < m_session.steps.size(); ++i)
        if (m_session.steps[i].status == StepStatus::Running)
            running = i;
    failStep(running, Error::make(ErrorKind::Cancelled, QStringLiteral("cancelled"), cancelMessage()));
}

} // namespace wb
