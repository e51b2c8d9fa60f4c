#pragma once
// DiagnosisContext: the read-only view of a Session the rules share — the steps that matter, the
// discovery metadata, the detected provider — plus helpers to build findings tied to evidence.

#include "diagnosis/ErrorNormalizer.h"
#include "diagnosis/Finding.h"
#include "diagnosis/ProviderCatalog.h"
#include "flow/Session.h"

#include <QHash>

namespace wb {

class DiagnosisContext {
public:
    DiagnosisContext(const Session &session, const ProviderCatalog &providers);

    const Session &session() const { return m_session; }
    const ProviderCatalog &providers() const { return m_providers; }
    const ProviderInfo *provider() const { return m_provider; }
    const nlohmann::json &metadata() const { return m_metadata; } // discovery summary, or {}

    const Step *firstStep(StepKind kind) const;
    QList<const Step *> steps(StepKind kind) const;
    // The step's last exchange with a response; else its last exchange; null when none.
    const Exchange *lastExchange(const Step &step) const;
    const Exchange *exchangeWithRole(const Step &step, ExchangeRole role) const;
    // "authorization_code" for a token exchange, "refresh_token" for a refresh, else empty.
    static QString grantOf(const Step &step);
    // The form the token step sent (details.request_form or the exchange's body), name -> value.
    QList<QPair<QString, QString>> tokenForm(const Step &step) const;
    // Authorization request parameter, from the authorization step's details.
    QString authorizationParam(const QString &name) const;

    // A catalogue finding pointing at `step` and `x` (either may be null).
    Finding make(const QString &code, const Step *step, const Exchange *x) const;
    // Adds the provider's meaning and fix steps to `f` (and its code when the entry maps one).
    static void applyProvider(Finding &f, const ProviderErrorEntry &entry, bool takeCode);

private:
    const Session &m_session;
    const ProviderCatalog &m_providers;
    const ProviderInfo *m_provider = nullptr;
    nlohmann::json m_metadata = nlohmann::json::object();
    // The first step of each kind, found once: rules ask for it per token step, and a long
    // imported session has thousands of those.
    QHash<int, const Step *> m_firstOfKind;
};

} // namespace wb
