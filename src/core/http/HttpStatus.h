#pragma once
// Reason phrases for the status codes our own servers answer with (loopback listener, sandbox).

#include <QByteArray>

namespace wb {
// RFC 9110 reason phrase; "Error" for a code not in the table.
QByteArray httpReasonPhrase(int status);
} // namespace wb
