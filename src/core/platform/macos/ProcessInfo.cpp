#include "platform/ProcessInfo.h"

#include <cerrno>
#include <signal.h>

namespace wb {

bool processIsRunning(qint64 pid)
{
    if (pid <= 0)
        return false;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

QString processStartMarker(qint64)
{
    return {}; // pid reuse is not detected here; a live pid counts as still running
}

} // namespace wb
