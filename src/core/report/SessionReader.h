#pragma once
// SessionReader: reads a session file (or a HAR) without a JSON document of the whole file.
// A session of thousands of exchanges is mostly exchange bodies; building one document of all
// of them and then a Session copy held the file about three times over. Here each exchange is
// parsed into a small document, converted (exchangeFromJson) and released at once; everything
// else (profile, steps, findings, tokens, or a whole HAR) becomes an ordinary document.

#include "flow/Session.h"

#include <QByteArray>
#include <QIODevice>
#include <nlohmann/json.hpp>

namespace wb {

struct SessionDocument {
    nlohmann::json json;       // the document without the exchanges of its top-level "exchanges" array
    QList<Exchange> exchanges; // those exchanges, converted, in order
};

// False with the message parseJson() would give (nesting limit, syntax error) when the bytes are
// not JSON.
bool readSessionDocument(const QByteArray &bytes, SessionDocument &out, QString *error);
// The same, read from `file` (open, seekable) in chunks: the file is never held whole either.
bool readSessionDocument(QIODevice &file, SessionDocument &out, QString *error);

// sessionFromJson for a document read by readSessionDocument (its exchanges are moved out).
bool sessionFromDocument(SessionDocument &doc, Session &out, QString *error);

} // namespace wb
