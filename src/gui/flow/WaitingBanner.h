#pragma once
// WaitingBanner: shown while the flow waits for the browser's redirect — the exact redirect_uri
// (with Copy), where the listener listens, elapsed time against the timeout, Cancel, and the
// sandbox faults the run was started with (if any).

#include <QElapsedTimer>
#include <QFrame>

class QTimer;

namespace Ui {
class WaitingBanner;
}

namespace wb::gui {

class WaitingBanner : public QFrame {
    Q_OBJECT
public:
    explicit WaitingBanner(QWidget *parent = nullptr);
    ~WaitingBanner() override;

    void start(const QString &authorizationUrl, const QString &redirectUri, const QString &listenAddress,
               int timeoutSeconds);
    void stop(); // hides the banner
    // Faults injected by the built-in sandbox for this run; the row is hidden when empty.
    void setSandboxFaults(const QStringList &faults);
    QString sandboxFaultsText() const;
    QString redirectUri() const;
    QString elapsedText() const; // what the progress bar says, e.g. "0:12 of 5:00"

signals:
    void cancelRequested();
    void message(const QString &text);

private:
    void tick();

    Ui::WaitingBanner *ui;
    QTimer *m_timer;
    QElapsedTimer m_elapsed;
    QString m_authorizationUrl;
    int m_timeoutSeconds = 0;
};

} // namespace wb::gui
