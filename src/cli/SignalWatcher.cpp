#include "SignalWatcher.h"

#include <QTimer>
#include <atomic>
#include <csignal>

namespace wb::cli {

namespace {
// Only an atomic flag is async-signal-safe; the event loop polls it.
std::atomic<int> g_signalled{0};
extern "C" void onSignal(int)
{
    g_signalled.store(1);
}
} // namespace

SignalWatcher::SignalWatcher(std::function<void()> callback, QObject *parent)
    : QObject(parent), m_onSignal(std::move(callback)), m_poll(new QTimer(this))
{
    g_signalled.store(0);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    m_poll->setInterval(100);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (g_signalled.exchange(0) && m_onSignal)
            m_onSignal();
    });
    m_poll->start();
}

SignalWatcher::~SignalWatcher()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

} // namespace wb::cli
