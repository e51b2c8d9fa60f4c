#include "browser/ChromiumProcess.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTimer>

#include <QThread>

#ifdef Q_OS_UNIX
#include <csignal>
#include <unistd.h>
#endif

namespace wb {

namespace {
constexpr int kPollMs = 100;
}

ChromiumProcess::ChromiumProcess(QObject *parent)
    : QObject(parent), m_process(new QProcess(this)), m_poll(new QTimer(this))
{
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &ChromiumProcess::poll);
    // The browser's stdout is discarded so it cannot mix into --json output; the tail of stderr
    // is kept for the error message when it fails to start.
    m_process->setStandardOutputFile(QProcess::nullDevice());
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderrTail += m_process->readAllStandardError();
        if (m_stderrTail.size() > 4000)
            m_stderrTail = m_stderrTail.right(4000);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            fail(QStringLiteral("Could not start the browser %1: %2")
                     .arg(m_process->program(), m_process->errorString()));
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        m_poll->stop();
        if (m_stopping)
            return;
        if (m_port == 0) {
            fail(QStringLiteral("The browser exited (code %1) before its DevTools port was known. %2")
                     .arg(code)
                     .arg(QString::fromUtf8(m_stderrTail).trimmed().right(600)));
            return;
        }
        emit exited();
    });
}

ChromiumProcess::~ChromiumProcess()
{
    stop();
}

QString ChromiumProcess::namedProfileDir(const QString &name)
{
    QString safe = name;
    for (QChar &c : safe) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_'))
            c = QLatin1Char('_');
    }
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/browser-profiles/") + safe;
}

int ChromiumProcess::parseActivePortFile(const QByteArray &content)
{
    const QList<QByteArray> lines = content.split('\n');
    if (lines.size() < 2)
        return 0; // still being written
    bool ok = false;
    const int port = lines.first().trimmed().toInt(&ok);
    return ok && port > 0 && port <= 65535 ? port : 0;
}

void ChromiumProcess::start(const ChromiumLaunch &launch)
{
    m_startTimeoutMs = launch.startTimeoutMs;
    if (launch.persistentProfileDir.isEmpty()) {
        m_tempDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/wb-browser-XXXXXX"));
        if (!m_tempDir->isValid()) {
            QTimer::singleShot(0, this, [this] {
                fail(QStringLiteral("Could not create a temporary browser profile: %1")
                         .arg(m_tempDir->errorString()));
            });
            return;
        }
        m_profileDir = m_tempDir->path();
    } else {
        m_profileDir = launch.persistentProfileDir;
        QDir().mkpath(m_profileDir);
        QFile::remove(m_profileDir + QStringLiteral("/DevToolsActivePort")); // from an earlier run
    }
    m_arguments = {QStringLiteral("--user-data-dir=") + m_profileDir,
                   QStringLiteral("--remote-debugging-port=0"),
                   QStringLiteral("--no-first-run"),
                   QStringLiteral("--no-default-browser-check"),
                   QStringLiteral("--disable-background-networking"),
                   QStringLiteral("--disable-component-update"),
                   QStringLiteral("--disable-sync")};
    if (launch.headless)
        m_arguments << QStringLiteral("--headless=new") << QStringLiteral("--disable-gpu");
#ifdef Q_OS_UNIX
    // Chromium refuses to start as root without this (containers, CI).
    if (::geteuid() == 0)
        m_arguments << QStringLiteral("--no-sandbox");
#endif
    m_arguments << QStringLiteral("about:blank");
#ifdef Q_OS_UNIX
    // Its own process group, so stop() can end the helpers (zygote, renderers, utilities) too
    // and none of them writes into the profile while it is deleted.
    m_process->setChildProcessModifier([] { ::setsid(); });
#endif
    m_process->setProgram(launch.executable);
    m_process->setArguments(m_arguments);
    m_process->start();
    m_poll->start();
}

void ChromiumProcess::poll()
{
    m_elapsedMs += kPollMs;
    QFile f(m_profileDir + QStringLiteral("/DevToolsActivePort"));
    if (f.open(QIODevice::ReadOnly)) {
        const int port = parseActivePortFile(f.readAll());
        if (port > 0) {
            m_poll->stop();
            m_port = port;
            emit ready(port);
            return;
        }
    }
    if (m_elapsedMs >= m_startTimeoutMs)
        fail(QStringLiteral("The browser did not open its DevTools port within %1 s.")
                 .arg(m_startTimeoutMs / 1000));
}

void ChromiumProcess::fail(const QString &message)
{
    m_poll->stop();
    if (m_reported)
        return;
    m_reported = true;
    emit failed(message);
}

void ChromiumProcess::stop()
{
    m_poll->stop();
    m_stopping = true;
    const qint64 pid = m_process->processId();
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
#ifdef Q_OS_UNIX
    if (pid > 0)
        ::kill(-pid_t(pid), SIGKILL); // helpers left in the browser's process group
#endif
    if (m_tempDir) {
        // A helper may still be closing files: retry briefly before giving up.
        for (int i = 0; i < 20 && !m_tempDir->remove(); ++i)
            QThread::msleep(100);
        m_tempDir.reset();
    }
}

} // namespace wb
