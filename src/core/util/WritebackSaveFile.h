#pragma once
// WritebackSaveFile: a QSaveFile that asks the kernel to start writing the file out every few
// MiB while it is being written. commit() makes the file durable (fdatasync) before it replaces
// the old one; for a report of a hundred MiB that wait was a tenth of a second at the very end.

#include <QSaveFile>

namespace wb {

class WritebackSaveFile : public QSaveFile {
public:
    using QSaveFile::QSaveFile;

protected:
    qint64 writeData(const char *data, qint64 len) override;

private:
    qint64 m_written = 0;   // bytes handed to QSaveFile so far
    qint64 m_requested = 0; // bytes whose writeback was started
};

} // namespace wb
