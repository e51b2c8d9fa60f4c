#pragma once
// SessionProducer: the base of everything that runs steps into a Session (AuthCodeFlow and the
// token operations). It holds the session and its clock, records steps and exchanges through
// SessionRecording with the matching signals, and owns the one way a step fails and a session
// finishes (outcome, error, closing running steps, diagnosis, journal), so every producer ends the same.

#include "flow/Session.h"
#include "util/Clock.h"

#include <QObject>

namespace wb {

class SessionProducer : public QObject {
    Q_OBJECT
public:
    ~SessionProducer() override;

    // Fails the running step (or finishes the session when none runs) as cancelled by the user.
    void cancel();
    bool isFinished() const { return m_finished; }
    const Session &session() const { return m_session; }

signals:
    void stepChanged(int index); // a step was added or updated
    void exchangeAdded(int index);
    void finished();

protected:
    explicit SessionProducer(Clock clock, QObject *parent = nullptr);

    int beginStep(StepKind kind, const QString &title);
    void updateStep(int index, StepStatus status, const QString &summary);
    QString addExchange(Exchange x, int stepIndex);
    // Marks the step at `index` failed (cancelled for a Cancelled error) with `error` and
    // `summary` (the error's message when empty), then finishes the session with that error.
    void failStep(int index, const Error &error, const QString &summary = {});
    // Ends the session once: stopActivity(), running steps closed, outcome, error, findings.
    void finish(Outcome outcome, const Error &error = {});
    void rememberSecret(const QString &value);
    // The typed error of an exchange that ended without an answer (timeout, TLS, network,
    // cancelled) or with one cut at the size limit (response_too_large); `what` names the request.
    // Every producer maps transport failures here, so `run` and the token verbs agree on codes.
    static Error transportError(const Exchange &x, const QString &what);

    // Called once by finish() before the steps are closed: stop timers, listeners, requests.
    virtual void stopActivity() {}
    // The message of the error cancel() records.
    virtual QString cancelMessage() const = 0;

    Clock clock() const { return m_clock; }
    QDateTime now() const { return m_clock(); }
    Session &mutableSession() { return m_session; }

    Session m_session;

private:
    Clock m_clock;
    bool m_finished = false;
};

} // namespace wb
