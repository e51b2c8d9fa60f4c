#include "util/InOrder.h"

#include <QByteArray>
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

} // namespace wb
