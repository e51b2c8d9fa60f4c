#include "report/HarImportSteps.h"

#include "flow/FlowDetails.h"
#include "oauth/CallbackParams.h"
#include "oauth/CallbackValidator.h"
#include "oauth/Discovery.h"
#include "oauth/TokenResponse.h"
#include "oauth/UrlCodec.h"
#include "util/JsonQt.h"

#include <QHash>
#include <QSet>
#include <QUrl>
#include <algorithm>

namespace wb::harimport {

namespace {
using json = nlohmann::json;

enum class Kind {
    None,
    Discovery,
    Jwks,
    Authorization,
    Callback,
    Token,
    Userinfo,
    Revocation,
    Introspection
};

QString param(const ParamList &l, const QString &name)
{
    for (const auto &[k, v] : l)
        if (k == name)
            return v;
    return {};
}
bool hasParam(const ParamList &l, const QString &name)
{
    for (const auto &p : l)
        if (p.first == name)
            return true;
    return false;
}

QString withoutQuery(const QString &url)
{
    for (qsizetype i = 0; i < url.size(); ++i)
        if (url[i] == u'?' || url[i] == u'#')
            return url.left(i);
    return url;
}

// "/path?query" of an absolute URL, as the loopback listener would have received it.
QByteArray originForm(const QString &url)
{
    const qsizetype scheme = url.indexOf(u"://");
    qsizetype path = scheme < 0 ? -1 : url.indexOf(QLatin1Char('/'), scheme + 3);
    QString target = path < 0 ? QStringLiteral("/") : url.mid(path);
    const qsizetype hash = target.indexOf(QLatin1Char('#'));
    if (hash >= 0)
        target.truncate(hash);
    return target.toUtf8();
}

// What the first exchanges taught about the flow, used to recognise the later ones.
struct FlowFacts {
    QString redirectUri, state, clientId, scope, authorizationEndpoint;
    ProviderMetadata metadata;
    bool haveMetadata = false;
};

struct Classified {
    Kind kind = Kind::None;
    ParamList query, form;
};

Classified classify(const Exchange &x, const FlowFacts &facts)
{
    Classified c;
    const QUrl url(x.url);
    c.query = urlcodec::decodeForm(url.query(QUrl::FullyEncoded).toUtf8());
    const bool formBody = headerValue(x.requestHeaders, "content-type").contains("x-www-form-urlencoded") ||
                          (!x.requestBody.isEmpty() && !x.requestBody.startsWith('{'));
    if (formBody)
        c.form = urlcodec::decodeForm(x.requestBody);
    const QString path = url.path();
    const QString bare = withoutQuery(x.url);
    const bool post = x.method.compare(u"POST", Qt::CaseInsensitive) == 0;
    auto endpoint = [&](const QString &known, const char *pathHint) {
        return (!known.isEmpty() && bare == withoutQuery(known)) || path.contains(QLatin1String(pathHint));
    };

    if (path.contains(u"/.well-known/openid-configuration") ||
        path.contains(u"/.well-known/oauth-authorization-server"))
        c.kind = Kind::Discovery;
    else if (post && hasParam(c.form, QStringLiteral("grant_type")))
        c.kind = Kind::Token;
    else if (hasParam(c.query, QStringLiteral("response_type")) &&
             hasParam(c.query, QStringLiteral("client_id")))
        c.kind = Kind::Authorization;
    else if (x.role == ExchangeRole::Callback ||
             (!facts.redirectUri.isEmpty() && bare == withoutQuery(facts.redirectUri)) ||
             (facts.redirectUri.isEmpty() &&
              (hasParam(c.query, QStringLiteral("code")) || hasParam(c.query, QStringLiteral("error"))) &&
              hasParam(c.query, QStringLiteral("state"))))
        c.kind = Kind::Callback;
    else if (post && hasParam(c.form, QStringLiteral("token")) &&
             endpoint(facts.metadata.revocationEndpoint, "revoke"))
        c.kind = Kind::Revocation;
    else if (post && hasParam(c.form, QStringLiteral("token")) &&
             endpoint(facts.metadata.introspectionEndpoint, "introspect"))
        c.kind = Kind::Introspection;
    else if (endpoint(facts.metadata.userinfoEndpoint, "userinfo"))
        c.kind = Kind::Userinfo;
    else if ((!facts.metadata.jwksUri.isEmpty() && bare == withoutQuery(facts.metadata.jwksUri)) ||
             path.endsWith(u"/jwks") || path.endsWith(u"jwks.json") || path.endsWith(u"/certs"))
        c.kind = Kind::Jwks;
    return c;
}

StepKind stepKindOf(Kind k, const ParamList &form)
{
    switch (k) {
    case Kind::Discovery:
        return StepKind::Discovery;
    case Kind::Jwks:
        return StepKind::Jwks;
    case Kind::Authorization:
        return StepKind::AuthorizationRequest;
    case Kind::Callback:
        return StepKind::Callback;
    case Kind::Token: {
        const QString grant = param(form, QStringLiteral("grant_type"));
        if (grant == u"authorization_code")
            return StepKind::TokenExchange;
        if (grant == u"refresh_token")
            return StepKind::Refresh;
        return StepKind::Other;
    }
    case Kind::Userinfo:
        return StepKind::Userinfo;
    case Kind::Revocation:
        return StepKind::Revocation;
    case Kind::Introspection:
        return StepKind::Introspection;
    case Kind::None:
        break;
    }
    return StepKind::Other;
}

QString titleOf(StepKind k, const ParamList &form)
{
    switch (k) {
    case StepKind::Discovery:
        return QStringLiteral("Discovery");
    case StepKind::Jwks:
        return QStringLiteral("Signing keys (JWKS)");
    case StepKind::AuthorizationRequest:
        return QStringLiteral("Authorization request");
    case StepKind::Browser:
        return QStringLiteral("Browser at the provider");
    case StepKind::Callback:
        return QStringLiteral("Callback");
    case StepKind::TokenExchange:
        return QStringLiteral("Token exchange");
    case StepKind::Refresh:
        return QStringLiteral("Refresh");
    case StepKind::Userinfo:
        return QStringLiteral("Userinfo");
    case StepKind::Revocation:
        return QStringLiteral("Revocation");
    case StepKind::Introspection:
        return QStringLiteral("Introspection");
    default:
        break;
    }
    const QString grant = param(form, QStringLiteral("grant_type"));
    return grant.isEmpty() ? QStringLiteral("Other requests")
                           : QStringLiteral("Token request (grant_type=%1)").arg(grant);
}

ExchangeRole roleOf(Kind k)
{
    switch (k) {
    case Kind::Discovery:
    case Kind::Jwks:
        return ExchangeRole::Discovery;
    case Kind::Callback:
        return ExchangeRole::Callback;
    case Kind::Token:
    case Kind::Userinfo:
    case Kind::Revocation:
    case Kind::Introspection:
        return ExchangeRole::BackChannel;
    default:
        return ExchangeRole::FrontChannel;
    }
}

Error transportErrorOf(const Exchange &x)
{
    const ErrorKind kind =
        x.transportError == TransportError::Timeout ? ErrorKind::Timeout : ErrorKind::Network;
    const QString why = x.errorMessage.isEmpty() ? toString(x.transportError) : x.errorMessage;
    return Error::make(kind, QStringLiteral("transport"),
                       QStringLiteral("%1 %2 got no response: %3").arg(x.method, withoutQuery(x.url), why));
}

// Duplicates are removed once when the steps are built (a check per value was quadratic in a
// HAR of thousands of token requests).
void addSecret(Session &s, const QString &value)
{
    if (!value.isEmpty())
        s.secretValues.append(value);
}

// Fills `step` from its main exchange, the way the live flow records that kind of step.
void fillDetails(Session &s, Step &step, const Exchange &x, const Classified &c, FlowFacts &facts)
{
    const bool failedTransport = !x.hasResponse() && x.transportError != TransportError::None;
    switch (step.kind) {
    case StepKind::Discovery: {
        step.details["urls"] = flowdetails::stringArray({x.url});
        if (!x.hasResponse())
            break;
        // The issuer the document was fetched for (a percent-encoded path may hide the marker).
        QString issuer = withoutQuery(x.url);
        if (const qsizetype wellKnown = issuer.indexOf(u"/.well-known/"); wellKnown >= 0)
            issuer.truncate(wellKnown);
        const DiscoveryResult r = parseDiscoveryDocument(x.responseBody, issuer);
        step.error = r.error;
        step.warnings += r.warnings;
        if (!r.error.isError()) {
            facts.metadata = r.metadata;
            facts.haveMetadata = true;
            step.details["metadata"] = flowdetails::metadataSummary(r.metadata);
        }
        break;
    }
    case StepKind::AuthorizationRequest:
        step.details["url"] = toStd(x.url);
        step.details["params"] = flowdetails::params(c.query);
        facts.redirectUri = param(c.query, QStringLiteral("redirect_uri"));
        facts.state = param(c.query, QStringLiteral("state"));
        facts.clientId = param(c.query, QStringLiteral("client_id"));
        facts.scope = param(c.query, QStringLiteral("scope"));
        facts.authorizationEndpoint = withoutQuery(x.url);
        break;
    case StepKind::Callback: {
        const CallbackParams params =
            parseCallbackRequest(x.method, originForm(x.url), x.requestHeaders, x.requestBody);
        CallbackExpectations expect;
        expect.state = facts.state;
        expect.checkState = !facts.authorizationEndpoint.isEmpty();
        expect.issuer = facts.metadata.issuer;
        expect.issAdvertised = facts.metadata.issParameterSupported;
        expect.checkIss = facts.haveMetadata;
        const CallbackResult r = validateCallback(params, expect);
        step.details = flowdetails::callback(params, r);
        step.error = r.error;
        step.warnings += r.warnings;
        if (!expect.checkState)
            step.warnings.append(QStringLiteral(
                "The authorization request is not in the HAR file: the state could not be checked."));
        addSecret(s, params.code);
        break;
    }
    case StepKind::TokenExchange:
    case StepKind::Refresh:
    case StepKind::Other: {
        if (c.kind != Kind::Token)
            break;
        step.details["request_form"] = flowdetails::params(c.form);
        for (const char *name :
             {"code", "code_verifier", "client_secret", "refresh_token", "client_assertion"})
            addSecret(s, param(c.form, QString::fromLatin1(name)));
        if (failedTransport || !x.hasResponse())
            break;
        const TokenResponse r = parseTokenResponse(x.status, x.responseHeaders, x.responseBody,
                                                   x.startedAt.addMSecs(x.durationMs));
        step.details["response_format"] = toStd(toString(r.format));
        step.details["response"] = r.members;
        step.error = r.error;
        step.warnings += r.warnings;
        addSecret(s, r.tokens.accessToken);
        addSecret(s, r.tokens.refreshToken);
        addSecret(s, r.tokens.idToken);
        if (!r.error.isError() && step.kind != StepKind::Other)
            s.tokens = r.tokens;
        break;
    }
    default:
        if (x.hasResponse() && x.status >= 400 && step.kind != StepKind::Browser &&
            step.kind != StepKind::Other)
            step.error =
                Error::make(ErrorKind::Http, QStringLiteral("http_status"),
                            QStringLiteral("%1 answered HTTP %2.").arg(withoutQuery(x.url)).arg(x.status));
        break;
    }
    // A callback that did not load (a custom scheme, an app that took over, net::ERR_ABORTED)
    // still delivered its parameters: only the other steps fail on a transport error.
    if (failedTransport && !step.error.isError() && step.kind != StepKind::Browser &&
        step.kind != StepKind::Other && step.kind != StepKind::Callback)
        step.error = transportErrorOf(x);
}

// `index`: exchange id -> position in s.exchanges (Session::exchange() is a linear search).
void finishStep(const Session &s, const QHash<QString, int> &index, Step &step)
{
    QDateTime end;
    for (const QString &id : std::as_const(step.exchangeIds)) {
        const int i = index.value(id, -1);
        const Exchange *x = i < 0 ? nullptr : &s.exchanges[i];
        if (!x || !x->startedAt.isValid())
            continue;
        if (!step.startedAt.isValid() || x->startedAt < step.startedAt)
            step.startedAt = x->startedAt;
        const QDateTime e = x->startedAt.addMSecs(x->durationMs);
        if (!end.isValid() || e > end)
            end = e;
    }
    step.durationMs = step.startedAt.isValid() && end.isValid() ? step.startedAt.msecsTo(end) : 0;
    step.status = step.error.isError()    ? StepStatus::Failed
                  : step.warnings.empty() ? StepStatus::Succeeded
                                          : StepStatus::Warning;
    const int n = int(step.exchangeIds.size());
    step.summary = step.error.isError()
                       ? step.error.message
                       : QStringLiteral("%1 request%2 from the HAR file").arg(n).arg(n == 1 ? "" : "s");
}
} // namespace

void buildSteps(Session &session, const QList<StepHint> &hints, bool keepRoles)
{
    FlowFacts facts;
    QList<Classified> classes;
    for (Exchange &x : session.exchanges) {
        Classified c = classify(x, facts);
        if (!keepRoles)
            x.role = roleOf(c.kind);
        // Learn as we go: the redirect URI from the authorization request, endpoints from discovery.
        if (c.kind == Kind::Authorization) {
            facts.redirectUri = param(c.query, QStringLiteral("redirect_uri"));
        } else if (c.kind == Kind::Discovery && x.hasResponse()) {
            const DiscoveryResult r = parseDiscoveryDocument(x.responseBody, QString());
            if (!r.error.isError())
                facts.metadata = r.metadata;
        }
        classes.append(c);
    }
    QHash<QString, int> index; // ids are unique (HarImport made sure)
    for (int i = 0; i < session.exchanges.size(); ++i)
        index.insert(session.exchanges[i].id, i);
    auto indexOf = [&](const QString &id) { return index.value(id, -1); };

    // Group: our own export's steps, else one step per recognised request.
    QList<Step> steps;
    QList<int> mainExchange; // index into session.exchanges of each step's deciding request
    QSet<QString> placed;
    if (!hints.isEmpty()) {
        for (const StepHint &h : hints) {
            Step st;
            st.id = h.id;
            st.title = h.title;
            st.exchangeIds = h.exchangeIds;
            int main = -1;
            for (const QString &id : h.exchangeIds) {
                const int i = indexOf(id);
                placed.insert(id);
                if (i >= 0 && main < 0 && classes[i].kind != Kind::None)
                    main = i;
            }
            if (main >= 0) {
                st.kind = stepKindOf(classes[main].kind, classes[main].form);
            } else {
                const bool front =
                    std::all_of(h.exchangeIds.begin(), h.exchangeIds.end(), [&](const QString &id) {
                        const int i = indexOf(id);
                        return i >= 0 && session.exchanges[i].role == ExchangeRole::FrontChannel;
                    });
                st.kind = front ? StepKind::Browser : StepKind::Other;
                main = h.exchangeIds.isEmpty() ? -1 : indexOf(h.exchangeIds.first());
            }
            if (st.title.isEmpty())
                st.title = titleOf(st.kind, main >= 0 ? classes[main].form : ParamList());
            steps.append(st);
            mainExchange.append(main);
        }
    } else {
        int browser = -1;
        for (int i = 0; i < session.exchanges.size(); ++i) {
            const Exchange &x = session.exchanges[i];
            if (classes[i].kind == Kind::None) {
                // A page between the authorization request and the callback: the login itself.
                const bool inLogin = browser >= 0 && steps.last().kind == StepKind::Browser;
                const bool afterAuthorize =
                    !steps.isEmpty() && steps.last().kind == StepKind::AuthorizationRequest;
                if (inLogin) {
                    steps[browser].exchangeIds.append(x.id);
                    placed.insert(x.id);
                } else if (afterAuthorize) {
                    Step st;
                    st.kind = StepKind::Browser;
                    st.title = titleOf(st.kind, {});
                    st.exchangeIds = {x.id};
                    browser = int(steps.size());
                    steps.append(st);
                    mainExchange.append(i);
                    placed.insert(x.id);
                }
                continue;
            }
            Step st;
            st.kind = stepKindOf(classes[i].kind, classes[i].form);
            st.title = titleOf(st.kind, classes[i].form);
            st.exchangeIds = {x.id};
            steps.append(st);
            mainExchange.append(i);
            placed.insert(x.id);
            browser = -1;
        }
    }
    // Whatever no step claimed (a page's scripts, images...) stays visible in one last step.
    QStringList rest;
    for (const Exchange &x : std::as_const(session.exchanges))
        if (!placed.contains(x.id))
            rest.append(x.id);
    if (!rest.isEmpty()) {
        Step st;
        st.kind = StepKind::Other;
        st.title = QStringLiteral("Other requests");
        st.exchangeIds = rest;
        steps.append(st);
        mainExchange.append(-1);
    }

    QSet<QString> stepIds;
    for (int n = 0; n < steps.size(); ++n) {
        Step &st = steps[n];
        if (st.id.isEmpty() || stepIds.contains(st.id))
            st.id = QStringLiteral("s%1").arg(n + 1);
        while (stepIds.contains(st.id)) // "s3" may be taken by a step of the file
            st.id += QLatin1Char('\'');
        stepIds.insert(st.id);
        const int i = mainExchange[n];
        if (i >= 0)
            fillDetails(session, st, session.exchanges[i], classes[i], facts);
        finishStep(session, index, st);
    }
    session.steps = steps;
    session.secretValues.removeDuplicates(); // keeps the first of each, in order (addSecret)

    session.redirectUri = facts.redirectUri;
    session.profile.clientId = facts.clientId;
    session.profile.scope = facts.scope;
    session.profile.authorizationEndpoint = facts.authorizationEndpoint;
    session.profile.issuer = facts.metadata.issuer;
    session.profile.tokenEndpoint = facts.metadata.tokenEndpoint;
    session.outcome = Outcome::Succeeded;
    for (const Step &st : std::as_const(session.steps)) {
        if (st.status == StepStatus::Failed) {
            session.outcome = Outcome::Failed;
            session.error = st.error;
            break;
        }
    }
}

} // namespace wb::harimport
