#pragma once
// StepPrinter: the CLI's human-readable progress — one line per finished step, its exchanges
// and warnings beneath — printed as the flow runs, with secrets redacted unless asked.

#include "flow/AuthCodeFlow.h"

#include <QSet>
#include <QTextStream>
#include <functional>

namespace wb::cli {

class StepPrinter : public QObject {
    Q_OBJECT
public:
    StepPrinter(const AuthCodeFlow *flow, QTextStream &out, bool redact, QObject *parent = nullptr);
    // For the token operations: `session` returns the live session; connect the operation's
    // stepChanged(int) to printStep().
    StepPrinter(std::function<const Session &()> session, QTextStream &out, bool redact,
                QObject *parent = nullptr);
    void printStep(int index) { onStepChanged(index); }
    void printResult();

private:
    void onStepChanged(int index);
    void onWaiting(const QString &url, const QString &redirectUri, const QString &listen, int timeoutSeconds);
    QString exchangeLine(const Exchange &x) const;

    std::function<const Session &()> m_session;
    QTextStream &m_out;
    bool m_redact;
    QSet<QString> m_printed;
};

} // namespace wb::cli
