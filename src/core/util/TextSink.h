#pragma once
// TextSink: where writers of long documents (reports, session files) put their text piece by
// piece, so the whole text is never built at once when it goes to a file.

#include <QByteArray>
#include <QIODevice>
#include <functional>

namespace wb {

// Takes the next piece of a document's text; false stops the writing (a failed write).
using TextSink = std::function<bool(const char *data, qsizetype size)>;

// Into a buffer (never fails).
inline TextSink appendTo(QByteArray &out)
{
    return [&out](const char *data, qsizetype size) {
        out.append(data, size);
        return true;
    };
}
// Into a device (a file, stdout): false once a write falls short.
inline TextSink writeTo(QIODevice &out)
{
    return [&out](const char *data, qsizetype size) { return out.write(data, size) == size; };
}

} // namespace wb
