#pragma once
// Diagnosis: reads a finished Session and returns its findings, most severe first. Pure: no I/O,
// no clock; every session producer (code flow, refresh, revocation...) calls it when it ends:
//     session.findings = diagnose(session);

#include "diagnosis/Finding.h"
#include "flow/Session.h"

namespace wb {

class ProviderCatalog;

QList<Finding> diagnose(const Session &session);
// With an explicit provider catalogue (tests).
QList<Finding> diagnose(const Session &session, const ProviderCatalog &providers);

} // namespace wb
