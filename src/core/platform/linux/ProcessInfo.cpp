#include "platform/ProcessInfo.h"

#include <QFile>

#include <cerrno>
#include <signal.h>

namespace wb {

namespace {
// The state letter of /proc/<pid>/stat ("pid (comm) S ..."); 0 when unreadable.
char processState(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.read(4096);
    // comm may hold spaces and parentheses, so fields count from the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    return close >= 0 && close + 2 < stat.size() ? stat.at(close + 2) : 0;
}
} // namespace

bool processIsRunning(qint64 pid)
{
    if (pid <= 0)
        return false;
    // Signal 0 checks existence only; EPERM means it exists but belongs to another user.
    if (::kill(pid_t(pid), 0) != 0 && errno != EPERM)
        return false;
    // A killed process nobody has reaped yet (a zombie) still answers signal 0 but is gone.
    const char state = processState(pid);
    return state != 'Z' && state != 'X';
}

QString processStartMarker(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray stat = f.read(4096);
    // "pid (comm) state ..." — comm may hold spaces and parentheses, so fields count from the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // Field 22 of stat (starttime) is the 20th after "state", which is fields[0] here.
    return fields.size() > 19 ? QString::fromLatin1(fields.at(19)) : QString();
}

} // namespace wb
