#pragma once
// ProcessInfo: whether a process id still names the same running process, so a session journal
// left by a process that died is told apart from one a live workbench is still writing. One
// implementation per platform under platform/<os>/, chosen by CMake.

#include <QString>

namespace wb {

// True when a process with this id exists (it may belong to another program).
bool processIsRunning(qint64 pid);
// A value that changes when the id is reused by a new process (Linux: the start time in clock
// ticks since boot); empty when the platform cannot tell.
QString processStartMarker(qint64 pid);

} // namespace wb
