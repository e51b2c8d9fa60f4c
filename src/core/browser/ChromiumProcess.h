#pragma once
// ChromiumProcess: one Chromium-family browser launched for a captured login: a fresh temporary
// profile (deleted afterwards) or a named persistent one, remote debugging on an ephemeral port
// learnt from the profile's DevToolsActivePort file, no first-run dialogs, optionally headless.

#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <memory>

class QTimer;

namespace wb {

struct ChromiumLaunch {
    QString executable;
    QString persistentProfileDir; // empty = fresh temporary profile
    bool headless = false;
    int startTimeoutMs = 30000; // until DevToolsActivePort appears
};

class ChromiumProcess : public QObject {
    Q_OBJECT
public:
    explicit ChromiumProcess(QObject *parent = nullptr);
    ~ChromiumProcess() override; // kills the browser and deletes a temporary profile

    // Emits ready() with the debugging port once the browser listens, or failed() once.
    void start(const ChromiumLaunch &launch);
    // Closes the browser (terminate, then kill) and deletes a temporary profile. Idempotent.
    void stop();

    int port() const { return m_port; }
    QString profileDir() const { return m_profileDir; }
    QStringList arguments() const { return m_arguments; }

    // The directory kept for a named debugging profile (under the app's data location).
    static QString namedProfileDir(const QString &name);
    // Parses a DevToolsActivePort file ("PORT\n/devtools/browser/ID\n"); 0 when malformed.
    static int parseActivePortFile(const QByteArray &content);

signals:
    void ready(int port);
    void failed(const QString &message);
    void exited(); // the browser went away while running (closed by the person)

private:
    void poll();
    void fail(const QString &message);
    QProcess *m_process;
    QTimer *m_poll;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QString m_profileDir;
    QStringList m_arguments;
    QByteArray m_stderrTail;
    int m_port = 0;
    int m_startTimeoutMs = 30000;
    qint64 m_elapsedMs = 0;
    bool m_stopping = false;
    bool m_reported = false;
};

} // namespace wb
