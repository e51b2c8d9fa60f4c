#pragma once
// FindingCatalog: the text of every finding code (severity, triage class, title, explanation,
// fix steps), kept as data in resources/diagnosis/findings.json so rules only add evidence.

#include "diagnosis/Finding.h"

namespace wb {

class FindingCatalog {
public:
    static const FindingCatalog &instance();
    // A finding pre-filled from the catalogue; an unknown code gives a generic error finding.
    Finding make(const QString &code) const;
    bool contains(const QString &code) const;
    QStringList codes() const;

private:
    FindingCatalog();
    nlohmann::json m_entries;
};

} // namespace wb
