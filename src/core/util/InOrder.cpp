#include "util/InOrder.h"

#include <QByteArray>
#include <QThreadPool>
#include <algorithm>
#include <thread>

namespace wb {

int inOrderThreads()
{
    static const int threads = [] {
        bool ok = false;
        const int wanted = qEnvironmentVariableIntValue("OAUTH_WORKBENCH_THREADS", &ok);
        if (ok && wanted >= 1)
            return std::min(wanted, 64);
        return std::clamp(int(std::thread::hardware_concurrency()), 1, 8);
    }();
    return threads;
}

namespace detail {
namespace {
thread_local bool t_onPool = false;

QThreadPool &pool()
{
    static QThreadPool threads;
    static const bool configured = [] {
        threads.setMaxThreadCount(inOrderThreads());
        return true;
    }();
    Q_UNUSED(configured);
    return threads;
}
} // namespace

void startOnPool(std::function<void()> task)
{
    pool().start([task = std::move(task)] {
        t_onPool = true;
        task();
    });
}

bool onPoolThread()
{
    return t_onPool;
}
} // namespace detail

void inBackground(std::function<void()> task)
{
    if (inOrderThreads() < 2 || detail::onPoolThread())
        task();
    else
        detail::startOnPool(std::move(task));
}

} // namespace wb
