#include "diagnosis/ProviderCatalog.h"

#include "diagnosis/ResourceJson.h"
#include "util/JsonQt.h"

#include <QUrl>

namespace wb {

using json = nlohmann::json;

namespace {
QStringList strings(const json &j, const char *key)
{
    QStringList out;
    if (!j.is_object())
        return out;
    const auto it = j.find(key);
    if (it == j.end())
        return out;
    if (it->is_string())
        out.append(fromStd(it->get<std::string>()));
    else if (it->is_array())
        for (const auto &s : *it)
            if (s.is_string())
                out.append(fromStd(s.get<std::string>()));
    return out;
}

// RFC 6749 / OpenID Connect error codes: an entry matching only one of these is provider-specific
// by its description, so it applies only when that provider was detected.
bool isStandardError(const QString &e)
{
    static const QStringList standard = {
        QStringLiteral("invalid_request"),        QStringLiteral("invalid_client"),
        QStringLiteral("invalid_grant"),          QStringLiteral("unauthorized_client"),
        QStringLiteral("unsupported_grant_type"), QStringLiteral("invalid_scope"),
        QStringLiteral("access_denied"),          QStringLiteral("unsupported_response_type"),
        QStringLiteral("server_error"),           QStringLiteral("temporarily_unavailable"),
        QStringLiteral("login_required"),         QStringLiteral("consent_required"),
        QStringLiteral("interaction_required"),   QStringLiteral("redirect_uri_mismatch")};
    return standard.contains(e);
}

bool matches(const json &m, const NormalizedError &e, const QString &grant)
{
    if (!m.is_object() || m.empty())
        return false;
    const QString code = jsonString(m, "provider_code");
    if (!code.isEmpty() && !e.providerCodes.contains(code, Qt::CaseInsensitive))
        return false;
    const QString error = jsonString(m, "error");
    if (!error.isEmpty() && error != e.error)
        return false;
    const QString g = jsonString(m, "grant");
    if (!g.isEmpty() && g != grant)
        return false;
    const QStringList contains = strings(m, "description_contains");
    if (!contains.isEmpty()) {
        bool any = false;
        for (const QString &c : contains)
            any = any || e.description.contains(c, Qt::CaseInsensitive);
        if (!any)
            return false;
    }
    return true;
}

bool specific(const json &m)
{
    return !jsonString(m, "provider_code").isEmpty() ||
           (!jsonString(m, "error").isEmpty() && !isStandardError(jsonString(m, "error")) &&
            !m.contains("description_contains"));
}

std::optional<ProviderErrorEntry> search(const ProviderInfo &p, const NormalizedError &e,
                                         const QString &grant, bool specificOnly)
{
    // By reference: a copy of every provider's table per finding showed in long sessions.
    const auto errors = p.raw.find("errors");
    if (errors == p.raw.end() || !errors->is_array())
        return std::nullopt;
    static const json kNoMatch = json::object();
    for (const auto &entry : *errors) {
        const auto match = entry.is_object() ? entry.find("match") : entry.end();
        const json &m = entry.is_object() && match != entry.end() ? *match : kNoMatch;
        if ((specificOnly && !specific(m)) || !matches(m, e, grant))
            continue;
        return ProviderErrorEntry{p.id, p.name, jsonString(entry, "finding"), jsonString(entry, "meaning"),
                                  strings(entry, "fix")};
    }
    return std::nullopt;
}
} // namespace

const ProviderCatalog &ProviderCatalog::instance()
{
    static const ProviderCatalog catalog = [] {
        QList<json> docs;
        for (const QString &path : providerResourceFiles())
            docs.append(loadResourceJson(path));
        return ProviderCatalog(docs);
    }();
    return catalog;
}

ProviderCatalog::ProviderCatalog(const QList<json> &documents)
{
    for (const json &d : documents) {
        if (!d.is_object() || jsonString(d, "id").isEmpty())
            continue;
        ProviderInfo p;
        p.id = jsonString(d, "id");
        p.name = jsonString(d, "name", p.id);
        p.quirks = strings(d, "quirks");
        p.noRefreshTokenAdvice = jsonString(d, "no_refresh_token");
        p.opaqueTokenAdvice = jsonString(d, "opaque_token_advice");
        p.raw = d;
        m_providers.append(p);
    }
}

const ProviderInfo *ProviderCatalog::byId(const QString &id) const
{
    for (const ProviderInfo &p : m_providers)
        if (p.id.compare(id, Qt::CaseInsensitive) == 0)
            return &p;
    return nullptr;
}

const ProviderInfo *ProviderCatalog::detect(const QStringList &urls) const
{
    for (const QString &u : urls) {
        const QUrl url(u);
        const QString host = url.host().toLower();
        if (host.isEmpty())
            continue;
        for (const ProviderInfo &p : m_providers) {
            if (strings(p.raw, "hosts").contains(host))
                return &p;
            for (const QString &suffix : strings(p.raw, "host_suffixes"))
                if (host.endsWith(suffix.toLower()))
                    return &p;
            for (const QString &marker : strings(p.raw, "path_contains"))
                if (url.path().contains(marker))
                    return &p;
        }
    }
    return nullptr;
}

std::optional<ProviderErrorEntry> ProviderCatalog::explain(const NormalizedError &e, const QString &grant,
                                                           const ProviderInfo *detected) const
{
    if (!e.present)
        return std::nullopt;
    if (detected)
        if (auto hit = search(*detected, e, grant, false))
            return hit;
    for (const ProviderInfo &p : m_providers)
        if (auto hit = search(p, e, grant, true))
            return hit;
    return std::nullopt;
}

} // namespace wb
