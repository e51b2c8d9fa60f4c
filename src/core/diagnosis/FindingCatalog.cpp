#include "diagnosis/FindingCatalog.h"

#include "diagnosis/ResourceJson.h"
#include "util/JsonQt.h"

namespace wb {

const FindingCatalog &FindingCatalog::instance()
{
    static const FindingCatalog catalog;
    return catalog;
}

FindingCatalog::FindingCatalog() : m_entries(loadResourceJson(QStringLiteral(":/wb/diagnosis/findings.json")))
{
    if (!m_entries.is_object())
        m_entries = nlohmann::json::object();
}

bool FindingCatalog::contains(const QString &code) const
{
    return m_entries.contains(toStd(code));
}

QStringList FindingCatalog::codes() const
{
    QStringList out;
    for (const auto &[k, v] : m_entries.items())
        out.append(fromStd(k));
    return out;
}

Finding FindingCatalog::make(const QString &code) const
{
    Finding f;
    f.code = code;
    const auto it = m_entries.find(toStd(code));
    const nlohmann::json &e = it != m_entries.end() ? *it : m_entries.value("flow_error", nlohmann::json());
    f.severity = severityFromString(jsonString(e, "severity", QStringLiteral("error")));
    f.triage = triageClassFromString(jsonString(e, "triage", QStringLiteral("fix_config")));
    f.title = jsonString(e, "title", code);
    f.explanation = jsonString(e, "explanation");
    if (auto fix = e.find("fix"); e.is_object() && fix != e.end() && fix->is_array()) {
        for (const auto &s : *fix)
            if (s.is_string())
                f.fixSteps.append(fromStd(s.get<std::string>()));
    }
    return f;
}

} // namespace wb
