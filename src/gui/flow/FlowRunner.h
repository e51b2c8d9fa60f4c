#pragma once
// FlowRunner: runs one AuthCodeFlow at a time for the window on a QNetworkAccessManager it owns,
// and keeps the last flow (and so its Session) alive until the next one starts.

#include "flow/AuthCodeFlow.h"

#include <QObject>
#include <memory>

class QNetworkAccessManager;

namespace wb::gui {

class FlowRunner : public QObject {
    Q_OBJECT
public:
    explicit FlowRunner(QObject *parent = nullptr);
    ~FlowRunner() override;

    QNetworkAccessManager *network() const { return m_nam; }
    bool isRunning() const { return m_flow && !m_flow->isFinished(); }
    const Session *session() const { return m_flow ? &m_flow->session() : nullptr; }
    AuthCodeFlow *flow() const { return m_flow.get(); }

    // Replaces the previous flow: sessionReplaced() comes first (so views drop the old session),
    // then the new flow starts.
    void start(const Profile &profile);
    void cancel();
    // Forgets the last flow (e.g. a saved session is shown instead); no-op while one runs.
    void discard();

signals:
    void sessionReplaced(const wb::Session *session);
    void stepChanged(int index);
    void exchangeAdded(int index);
    void waitingForCallback(const QString &authorizationUrl, const QString &redirectUri,
                            const QString &listenAddress, int timeoutSeconds);
    void finished(const wb::Session *session);

private:
    QNetworkAccessManager *m_nam;
    std::unique_ptr<AuthCodeFlow> m_flow;
};

} // namespace wb::gui
