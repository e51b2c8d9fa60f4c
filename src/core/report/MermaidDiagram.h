#pragma once
// MermaidDiagram: the flow as a Mermaid sequenceDiagram (workbench, browser, loopback listener,
// authorization server, token endpoint), one arrow per recorded exchange, the failing step
// boxed and noted. Used by the Markdown report; GitHub and GitLab render it in place.

#include "flow/Session.h"

#include <QString>

namespace wb::report {

// One line of the sequence: an arrow between two participants, or a note over `from`..`to`.
struct SequenceItem {
    QString stepId;
    QString from; // participant key: W, B, L, AS, T
    QString to;
    QString text;
    bool response = false; // an answer (dashed arrow)
    bool note = false;
    bool failed = false; // belongs to the failing step
    bool cross = false;  // the answer that broke the flow
};
QList<SequenceItem> sequenceItems(const Session &s);
// "OAuth Workbench", "Browser", "Loopback listener", "Authorization server", "Token endpoint".
QString participantName(const QString &key);
QStringList participantKeys();

// The diagram source without the ``` fence. Expects an already redacted session: labels carry
// only methods, paths (no query) and statuses.
QString mermaidSequence(const Session &s);

} // namespace wb::report
