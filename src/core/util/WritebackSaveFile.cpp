#include "util/WritebackSaveFile.h"

#if defined(Q_OS_LINUX)
#include <fcntl.h>
#endif

namespace wb {

namespace {
constexpr qint64 kWritebackStep = 8 << 20;
}

qint64 WritebackSaveFile::writeData(const char *data, qint64 len)
{
    const qint64 n = QSaveFile::writeData(data, len);
    if (n > 0)
        m_written += n;
#if defined(Q_OS_LINUX)
    // Only a hint: the kernel starts writing what it already has and returns. A range still in
    // QFileDevice's buffer is simply not there yet; commit() syncs everything anyway.
    if (m_written - m_requested >= kWritebackStep && handle() >= 0) {
        ::sync_file_range(handle(), m_requested, m_written - m_requested, SYNC_FILE_RANGE_WRITE);
        m_requested = m_written;
    }
#endif
    return n;
}

} // namespace wb
