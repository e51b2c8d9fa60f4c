#pragma once
// Internal percent-encoding helpers for the oauth/ functions (RFC 3986 query components and
// application/x-www-form-urlencoded), kept here so they do not depend on CallbackParams.cpp.

#include "store/Profile.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace wb::urlcodec {

// RFC 3986: every UTF-8 byte except [A-Za-z0-9-._~] becomes %XX (uppercase); space -> %20.
QByteArray percentEncode(const QString &s);
// application/x-www-form-urlencoded: like percentEncode but space -> '+'.
QByteArray formEncode(const QString &s);
// Decodes %XX escapes (malformed ones kept literally) and, when plusIsSpace, '+' as space.
QString percentDecode(QByteArrayView in, bool plusIsSpace);
// Splits "a=b&c=d" into decoded pairs in order; empty segments are skipped, "a" gives ("a", "").
ParamList decodeForm(QByteArrayView data);

} // namespace wb::urlcodec
