#pragma once
// ProviderCatalog: what the workbench knows about specific providers — how to recognise them,
// their error codes, quirks and presets — loaded from resources/providers/*.json, so adding
// knowledge means editing data, not if-chains.

#include "diagnosis/ErrorNormalizer.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>

namespace wb {

struct ProviderErrorEntry {
    QString providerId;
    QString providerName;
    QString finding; // the finding code this provider error maps to
    QString meaning;
    QStringList fixSteps;
};

struct ProviderInfo {
    QString id;
    QString name;
    QStringList quirks;
    QString noRefreshTokenAdvice;
    QString opaqueTokenAdvice;
    nlohmann::json raw; // the whole document (errors, preset, detection)
    bool hasPreset() const { return raw.contains("preset") && raw["preset"].is_object(); }
    nlohmann::json preset() const { return hasPreset() ? raw["preset"] : nlohmann::json::object(); }
};

class ProviderCatalog {
public:
    static const ProviderCatalog &instance();
    // For tests and tools: a catalogue from documents instead of the compiled-in resources.
    explicit ProviderCatalog(const QList<nlohmann::json> &documents);

    const QList<ProviderInfo> &providers() const { return m_providers; }
    const ProviderInfo *byId(const QString &id) const;
    // The provider whose hosts (or host suffixes, or path markers) match one of the URLs.
    const ProviderInfo *detect(const QStringList &urls) const;
    // The provider error entry explaining `e`: the detected provider first, then any provider
    // whose entry names a provider-specific code (AADSTS..., bad_verification_code...).
    // `grant` is "authorization_code" or "refresh_token" (may be empty).
    std::optional<ProviderErrorEntry> explain(const NormalizedError &e, const QString &grant,
                                              const ProviderInfo *detected) const;

private:
    ProviderCatalog() = default;
    QList<ProviderInfo> m_providers;
};

} // namespace wb
