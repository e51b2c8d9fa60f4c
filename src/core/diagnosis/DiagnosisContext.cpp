#include "diagnosis/DiagnosisContext.h"

#include "diagnosis/FindingCatalog.h"
#include "oauth/UrlCodec.h"
#include "util/JsonQt.h"

namespace wb {

using json = nlohmann::json;

DiagnosisContext::DiagnosisContext(const Session &session, const ProviderCatalog &providers)
    : m_session(session), m_providers(providers)
{
    for (const Step &s : session.steps)
        if (!m_firstOfKind.contains(int(s.kind)))
            m_firstOfKind.insert(int(s.kind), &s);
    if (const Step *d = firstStep(StepKind::Discovery)) {
        if (d->details.is_object() && d->details.contains("metadata") && d->details["metadata"].is_object())
            m_metadata = d->details["metadata"];
    }
    const Profile &p = session.profile;
    QStringList urls = {p.issuer, p.authorizationEndpoint, p.tokenEndpoint};
    for (const Exchange &x : session.exchanges)
        if (x.role == ExchangeRole::BackChannel || x.role == ExchangeRole::Discovery)
            urls.append(x.url);
    m_provider = providers.detect(urls);
    if (!m_provider) {
        // No known host (a proxy, a sandbox): recognise the provider by its error shape.
        for (const Step &st : session.steps) {
            if (!st.error.protocol)
                continue;
            const NormalizedError n = normalizeError(st, lastExchange(st));
            if (n.providerCodes.join(QString()).startsWith(QLatin1String("AADSTS")))
                m_provider = providers.byId(QStringLiteral("entra"));
            else if (n.uri.contains(QLatin1String("docs.github.com")))
                m_provider = providers.byId(QStringLiteral("github"));
            else if (n.encoding == u"okta_error_code")
                m_provider = providers.byId(QStringLiteral("okta"));
        }
    }
}

const Step *DiagnosisContext::firstStep(StepKind kind) const
{
    return m_firstOfKind.value(int(kind), nullptr);
}

QList<const Step *> DiagnosisContext::steps(StepKind kind) const
{
    QList<const Step *> out;
    for (const Step &s : m_session.steps)
        if (s.kind == kind)
            out.append(&s);
    return out;
}

const Exchange *DiagnosisContext::lastExchange(const Step &step) const
{
    const Exchange *any = nullptr;
    for (auto it = step.exchangeIds.crbegin(); it != step.exchangeIds.crend(); ++it) {
        const Exchange *x = m_session.exchange(*it);
        if (!x)
            continue;
        if (x->hasResponse() || x->transportError != TransportError::None)
            return x;
        if (!any)
            any = x;
    }
    return any;
}

const Exchange *DiagnosisContext::exchangeWithRole(const Step &step, ExchangeRole role) const
{
    for (const QString &id : step.exchangeIds)
        if (const Exchange *x = m_session.exchange(id); x && x->role == role)
            return x;
    return nullptr;
}

QString DiagnosisContext::grantOf(const Step &step)
{
    if (step.kind == StepKind::TokenExchange)
        return QStringLiteral("authorization_code");
    if (step.kind == StepKind::Refresh || step.kind == StepKind::RaceProbe)
        return QStringLiteral("refresh_token");
    return {};
}

QList<QPair<QString, QString>> DiagnosisContext::tokenForm(const Step &step) const
{
    QList<QPair<QString, QString>> out;
    const json form = step.details.is_object() ? step.details.value("request_form", json()) : json();
    if (form.is_array()) {
        for (const auto &p : form)
            out.append({jsonString(p, "name"), jsonString(p, "value")});
        return out;
    }
    for (const QString &id : step.exchangeIds)
        if (const Exchange *x = m_session.exchange(id); x && x->role == ExchangeRole::BackChannel)
            return urlcodec::decodeForm(x->requestBody);
    return out;
}

QString DiagnosisContext::authorizationParam(const QString &name) const
{
    const Step *a = firstStep(StepKind::AuthorizationRequest);
    if (!a || !a->details.is_object())
        return {};
    const json params = a->details.value("params", json::array());
    if (!params.is_array())
        return {};
    for (const auto &p : params)
        if (jsonString(p, "name") == name)
            return jsonString(p, "value");
    return {};
}

Finding DiagnosisContext::make(const QString &code, const Step *step, const Exchange *x) const
{
    Finding f = FindingCatalog::instance().make(code);
    if (step)
        f.stepId = step->id;
    if (x)
        f.exchangeId = x->id;
    return f;
}

void DiagnosisContext::applyProvider(Finding &f, const ProviderErrorEntry &entry, bool takeCode)
{
    if (takeCode && !entry.finding.isEmpty() && entry.finding != f.code) {
        Finding mapped = FindingCatalog::instance().make(entry.finding);
        mapped.stepId = f.stepId;
        mapped.exchangeId = f.exchangeId;
        mapped.evidence = f.evidence;
        f = mapped;
    }
    if (!entry.meaning.isEmpty())
        f.explanation = QStringLiteral("%1 — %2 %3").arg(entry.providerName, entry.meaning, f.explanation);
    QStringList fix = entry.fixSteps;
    for (const QString &s : std::as_const(f.fixSteps))
        if (!fix.contains(s))
            fix.append(s);
    f.fixSteps = fix;
    f.evidence["provider"] = toStd(entry.providerId);
}

} // namespace wb
