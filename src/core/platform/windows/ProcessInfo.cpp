#include "platform/ProcessInfo.h"

#include <windows.h>

namespace wb {

bool processIsRunning(qint64 pid)
{
    if (pid <= 0)
        return false;
    HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!h)
        return GetLastError() == ERROR_ACCESS_DENIED;
    DWORD code = 0;
    const bool running = GetExitCodeProcess(h, &code) && code == STILL_ACTIVE;
    CloseHandle(h);
    return running;
}

QString processStartMarker(qint64 pid)
{
    HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!h)
        return {};
    FILETIME created, exited, kernel, user;
    QString marker;
    if (GetProcessTimes(h, &created, &exited, &kernel, &user))
        marker = QString::number((quint64(created.dwHighDateTime) << 32) | created.dwLowDateTime);
    CloseHandle(h);
    return marker;
}

} // namespace wb
