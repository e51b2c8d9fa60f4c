#pragma once
// NamedSecretScan: a quick look at a text's bytes that tells when Redactor::byName cannot change
// it. byName runs two regular expressions over the text as UTF-16; for most bodies of a long
// session (pages, documents, token responses whose tokens are already masked) they find nothing
// to mask, and converting and matching every body was a large part of a report.

#include <QByteArrayView>

namespace wb {

// False only when no name=value pair and no "name": "value" member of `utf8` has a secret name
// (Redactor::isSecretName) and a value that is not empty and not masked: every match of
// byName's expressions is one of the candidates looked at here, so byName would change nothing.
// True means "maybe": byName decides.
bool mayHaveNamedSecret(QByteArrayView utf8);

} // namespace wb
