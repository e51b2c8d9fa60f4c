#pragma once
// CapturedSessionFixture: a session as a `captured` browser run records it — a login with a
// login page, a form post, a consent page and the final redirect joined to the loopback callback,
// plus the sub-resources the pages loaded — for the GUI tests and the screenshot tool, which need
// one without launching a browser.

#include "flow/Session.h"

#include <QUrl>
#include <nlohmann/json.hpp>

namespace wb::gui::test {

namespace captured_fixture {
inline Exchange hop(const QString &id, const QString &method, const QString &url, int status,
                    const QString &reason, const QByteArray &location = {}, const QByteArray &type = {})
{
    Exchange x;
    x.id = id;
    x.role = ExchangeRole::FrontChannel;
    x.method = method;
    x.url = url;
    x.status = status;
    x.reason = reason;
    x.durationMs = 40 + id.mid(1).toInt() * 7;
    x.startedAt = QDateTime(QDate(2026, 11, 22), QTime(14, 3, 10), Qt::UTC).addMSecs(id.mid(1).toInt() * 900);
    x.requestHeaders = {HttpHeader{"Host", QUrl(url).host().toUtf8()},
                        HttpHeader{"User-Agent", "Mozilla/5.0 Chrome/120"}};
    if (!location.isEmpty())
        x.responseHeaders.append(HttpHeader{"Location", location});
    if (!type.isEmpty())
        x.responseHeaders.append(HttpHeader{"Content-Type", type});
    x.responseSize = type.isEmpty() ? 0 : 4096 + id.mid(1).toInt() * 100;
    return x;
}
} // namespace captured_fixture

// `failedHop`: one more chain hop that failed in the browser (DNS), before the login.
inline Session capturedSession(bool failedHop = false)
{
    using namespace captured_fixture;
    const QString idp = QStringLiteral("https://login.example.com");
    const QString cb = QStringLiteral("http://127.0.0.1:53682/callback");
    Session s;
    s.id = QStringLiteral("captured-fixture");
    s.profile.name = QStringLiteral("Example IdP (captured browser)");
    s.profile.clientId = QStringLiteral("web-app");
    s.profile.browser = BrowserMode::Captured;
    s.redirectUri = cb;
    s.startedAt = QDateTime(QDate(2026, 11, 22), QTime(14, 3, 9), Qt::UTC);
    s.finishedAt = s.startedAt.addSecs(14);
    s.outcome = Outcome::Succeeded;

    QList<Exchange> chain = {
        hop(QStringLiteral("x1"), QStringLiteral("GET"), idp + QStringLiteral("/authorize?client_id=web-app"),
            302, QStringLiteral("Found"), "/u/login?state=hKFo2"),
        hop(QStringLiteral("x2"), QStringLiteral("GET"), idp + QStringLiteral("/u/login?state=hKFo2"), 200,
            QStringLiteral("OK"), {}, "text/html; charset=utf-8"),
        hop(QStringLiteral("x3"), QStringLiteral("POST"), idp + QStringLiteral("/u/login?state=hKFo2"), 302,
            QStringLiteral("Found"), "/u/consent?state=hKFo2"),
        hop(QStringLiteral("x4"), QStringLiteral("GET"), idp + QStringLiteral("/u/consent?state=hKFo2"), 200,
            QStringLiteral("OK"), {}, "text/html; charset=utf-8"),
        hop(QStringLiteral("x5"), QStringLiteral("POST"), idp + QStringLiteral("/u/consent?state=hKFo2"), 302,
            QStringLiteral("Found"), "/authorize/resume?state=hKFo2"),
        hop(QStringLiteral("x6"), QStringLiteral("GET"),
            idp + QStringLiteral("/authorize/resume?state=hKFo2"), 302, QStringLiteral("Found"),
            (cb + QStringLiteral("?code=[redacted]&state=Qm9vdA")).toUtf8()),
    };
    chain[2].requestBody = "username=alice&password=%5Bredacted%5D";
    chain[2].requestHeaders.append(HttpHeader{"Content-Type", "application/x-www-form-urlencoded"});
    chain[1].responseHeaders.append(
        HttpHeader{"Set-Cookie", "auth0=s%3Av1.gadzZXN; Path=/; HttpOnly; Secure"});
    if (failedHop) {
        Exchange dns =
            hop(QStringLiteral("x9"), QStringLiteral("GET"),
                QStringLiteral("https://sso.partner.invalid/saml2?SAMLRequest=fZJd"), 0, QString());
        dns.transportError = TransportError::Network;
        dns.errorMessage = QStringLiteral("net::ERR_NAME_NOT_RESOLVED");
        chain.insert(2, dns);
    }
    Exchange callback =
        hop(QStringLiteral("x7"), QStringLiteral("GET"), cb + QStringLiteral("?code=[redacted]&state=Qm9vdA"),
            200, QStringLiteral("OK"), {}, "text/html; charset=utf-8");
    callback.role = ExchangeRole::Callback;
    Exchange token = hop(QStringLiteral("x8"), QStringLiteral("POST"), idp + QStringLiteral("/oauth/token"),
                         200, QStringLiteral("OK"), {}, "application/json");
    token.role = ExchangeRole::BackChannel;

    Step auth;
    auth.id = QStringLiteral("s1");
    auth.kind = StepKind::AuthorizationRequest;
    auth.title = QStringLiteral("Authorization request");
    auth.status = StepStatus::Succeeded;
    auth.summary = QStringLiteral("code flow, PKCE S256, state and nonce");
    Step browser;
    browser.id = QStringLiteral("s2");
    browser.kind = StepKind::Browser;
    browser.title = QStringLiteral("Browser");
    browser.status = StepStatus::Succeeded;
    browser.durationMs = 12840;
    browser.summary = QStringLiteral("captured %1 hop(s); reached the redirect_uri").arg(chain.size());
    nlohmann::json hops = nlohmann::json::array();
    for (const Exchange &x : chain) {
        browser.exchangeIds.append(x.id);
        hops.push_back({{"method", x.method.toStdString()},
                        {"url", x.url.toStdString()},
                        {"status", x.status},
                        {"exchange", x.id.toStdString()}});
    }
    hops.push_back(
        {{"method", "GET"}, {"url", callback.url.toStdString()}, {"callback", true}, {"exchange", "x7"}});
    browser.details = {
        {"mode", "captured"},
        {"headless", false},
        {"executable", "/usr/bin/chromium"},
        {"profile", "temporary"},
        {"hops", hops},
        {"callback_exchange", "x7"},
        {"sub_resources", nlohmann::json::array({
                              {{"type", "Stylesheet"},
                               {"method", "GET"},
                               {"url", (idp + QStringLiteral("/u/assets/main.css")).toStdString()},
                               {"status", 200}},
                              {{"type", "Script"},
                               {"method", "GET"},
                               {"url", (idp + QStringLiteral("/u/assets/login.js")).toStdString()},
                               {"status", 200}},
                              {{"type", "Script"},
                               {"method", "GET"},
                               {"url", "https://cdn.tracker.example/t.js"},
                               {"status", 0},
                               {"error", "blocked (other) net::ERR_BLOCKED_BY_CLIENT"}},
                              {{"type", "Image"},
                               {"method", "GET"},
                               {"url", (idp + QStringLiteral("/favicon.ico")).toStdString()},
                               {"status", 404}},
                          })}};
    Step callbackStep;
    callbackStep.id = QStringLiteral("s3");
    callbackStep.kind = StepKind::Callback;
    callbackStep.title = QStringLiteral("Callback");
    callbackStep.status = StepStatus::Succeeded;
    callbackStep.summary = QStringLiteral("code received, state matches");
    callbackStep.exchangeIds = {QStringLiteral("x7")};
    Step tokenStep;
    tokenStep.id = QStringLiteral("s4");
    tokenStep.kind = StepKind::TokenExchange;
    tokenStep.title = QStringLiteral("Token exchange");
    tokenStep.status = StepStatus::Succeeded;
    tokenStep.summary = QStringLiteral("200 OK, access + refresh + id token");
    tokenStep.exchangeIds = {QStringLiteral("x8")};
    s.steps = {auth, browser, callbackStep, tokenStep};
    s.exchanges = chain;
    s.exchanges.append(callback);
    s.exchanges.append(token);
    return s;
}

} // namespace wb::gui::test
