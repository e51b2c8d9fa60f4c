#include "StartupProbe.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWidget>
#include <QWindow>
#include <chrono>
#include <cstdio>

namespace wb::gui {

namespace {
constexpr char kVariable[] = "OAUTH_WORKBENCH_STARTUP_PROBE";

// VmRSS from /proc/self/status in KiB; -1 where there is no such file.
long long residentKib()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// Watches the window's first Expose; the time is taken once that event (and the paint it
// triggers) has been handled.
class ExposeWatcher : public QObject {
public:
    ExposeWatcher(QWindow *window, int idleMs) : QObject(window), m_idleMs(idleMs) {}

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        auto *window = static_cast<QWindow *>(watched);
        if (event->type() == QEvent::Expose && !m_seen) {
            m_seen = true;
            QMetaObject::invokeMethod(
                this, [this, window] { report(window); }, Qt::QueuedConnection);
        }
        return false;
    }

private:
    void report(QWindow *window)
    {
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
        std::printf("startup-exposed-ns %lld exposed=%d\n", static_cast<long long>(ns),
                    window->isExposed() ? 1 : 0);
        std::fflush(stdout);
        QTimer::singleShot(m_idleMs, qApp, [] {
            std::printf("idle-rss-kib %lld\n", residentKib());
            std::fflush(stdout);
            QCoreApplication::quit();
        });
    }

    int m_idleMs;
    bool m_seen = false;
};

// One-shot: queues its work after the first Expose, or runs it after the fallback delay.
class FirstPaintHook : public QObject {
public:
    FirstPaintHook(QWindow *window, std::function<void()> work, int fallbackMs)
        : QObject(window), m_work(std::move(work))
    {
        QTimer::singleShot(fallbackMs, this, [this] { run(); });
    }

    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Expose)
            QMetaObject::invokeMethod(
                this, [this] { run(); }, Qt::QueuedConnection);
        return false;
    }

private:
    void run()
    {
        if (!m_work)
            return;
        const std::function<void()> work = std::move(m_work);
        m_work = nullptr;
        deleteLater();
        work();
    }

    std::function<void()> m_work;
};
} // namespace

void whenFirstPainted(QWidget *window, std::function<void()> work, int fallbackMs)
{
    QWindow *handle = window->windowHandle();
    if (!handle) {
        QTimer::singleShot(0, window, std::move(work));
        return;
    }
    handle->installEventFilter(new FirstPaintHook(handle, std::move(work), fallbackMs));
}

void installStartupProbe(QWidget *window)
{
    if (!qEnvironmentVariableIsSet(kVariable))
        return;
    bool ok = false;
    const int idleMs = qEnvironmentVariableIntValue(kVariable, &ok);
    QWindow *handle = window->windowHandle();
    if (!handle)
        return;
    handle->installEventFilter(new ExposeWatcher(handle, ok && idleMs >= 0 ? idleMs : 1000));
}

} // namespace wb::gui
