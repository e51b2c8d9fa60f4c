// AuthCodeFlow's `captured` browser mode: a Chromium-family browser driven over the DevTools
// protocol records every top-level navigation and redirect hop of the login as front-channel
// exchanges under the Browser (redirect chain) step; the hop to the redirect_uri is joined to the
// loopback listener's callback exchange. See docs/captured-browser.md.

#include "browser/CapturedBrowser.h"
#include "flow/AuthCodeFlow.h"
#include "util/JsonQt.h"

#include <QElapsedTimer>
#include <QTimer>
#include <memory>

namespace wb {

using json = nlohmann::json;

namespace {
// Grace period after the callback for the browser's last events (the ExtraInfo of the final
// redirect) before the browser is closed.
constexpr int kCaptureGraceMs = 1500;
constexpr int kCapturePollMs = 50;

json names(const QStringList &list)
{
    json a = json::array();
    for (const QString &s : list)
        a.push_back(toStd(s));
    return a;
}
} // namespace

void AuthCodeFlow::startCapturedBrowser()
{
    const Profile &p = m_session.profile;
    CapturedBrowserOptions o;
    o.browserPath = p.browserPath;
    o.profileName = p.browserProfile;
    o.headless = p.headlessBrowser;
    o.redirectUri = m_session.redirectUri;
    m_captured = new CapturedBrowser(o, this);
    Step &step = m_session.steps[m_browserStep];
    step.details["headless"] = p.headlessBrowser;
    step.details["profile"] = p.browserProfile.isEmpty()
                                  ? std::string("temporary")
                                  : toStd(QStringLiteral("named: ") + p.browserProfile);
    connect(m_captured, &CapturedBrowser::failed, this, [this](const QString &message) {
        if (isFinished())
            return;
        failStep(m_browserStep, Error::make(ErrorKind::Config, QStringLiteral("browser_failed"), message));
    });
    connect(m_captured, &CapturedBrowser::browserClosed, this, [this] {
        if (isFinished() || m_callbackHandled)
            return;
        failStep(m_browserStep,
                 Error::make(ErrorKind::Cancelled, QStringLiteral("browser_closed"),
                             QStringLiteral("The browser was closed before the callback arrived.")));
    });
    connect(m_captured, &CapturedBrowser::devToolsReady, this, [this](const QString &endpoint) {
        Step &s = m_session.steps[m_browserStep];
        s.details["executable"] = toStd(m_captured->executable());
        s.details["devtools"] = toStd(endpoint);
        emit stepChanged(m_browserStep);
        emit browserDevTools(endpoint);
    });
    connect(m_captured, &CapturedBrowser::navigated, this, [this](int hops, const QString &url) {
        if (isFinished() || m_captureRecorded)
            return;
        const QUrl u(url);
        updateStep(m_browserStep, StepStatus::Running,
                   QStringLiteral("capturing: %1 page request(s) so far, last %2%3")
                       .arg(hops)
                       .arg(u.host(), u.path()));
    });
    connect(m_captured, &CapturedBrowser::navigating, this, [this] {
        updateStep(m_browserStep, StepStatus::Running, QStringLiteral("capturing the browser's requests"));
    });
    // The capture ends once the chain has settled after the callback (the browser's last events,
    // e.g. the final redirect's raw headers, may trail the callback), at the latest after a grace
    // period.
    connect(m_listener, &LoopbackListener::callbackReceived, this, [this] {
        auto *poll = new QTimer(this);
        poll->setInterval(kCapturePollMs);
        auto since = std::make_shared<QElapsedTimer>();
        since->start();
        const auto check = [this, poll, since] {
            if (m_captureRecorded || !m_captured || m_captured->capture().chainSettled() ||
                since->elapsed() >= kCaptureGraceMs) {
                poll->stop();
                poll->deleteLater();
                endCapture();
            }
        };
        connect(poll, &QTimer::timeout, this, check);
        poll->start();
        check();
    });
    updateStep(m_browserStep, StepStatus::Running, QStringLiteral("starting the browser"));
    m_captured->start(m_authorizationUrl);
}

void AuthCodeFlow::endCapture()
{
    if (!m_captured || m_captureRecorded)
        return;
    m_captureRecorded = true;
    m_captured->stop();
    const NetworkCapture &capture = m_captured->capture();
    QString callbackId;
    for (const Exchange &x : m_session.exchanges)
        if (x.role == ExchangeRole::Callback)
            callbackId = x.id;

    json hops = json::array();
    json frameHops = json::array(); // navigations inside iframes: exchanges too, each of its frame
    // What a hop records, top-level or in a frame: the request to the loopback is joined to the
    // callback exchange the listener recorded exactly as it arrived, every other hop is added.
    const auto hopRecord = [&](const CapturedHop &hop, json h) {
        h["method"] = toStd(hop.exchange.method);
        h["url"] = toStd(hop.exchange.url);
        h["status"] = hop.exchange.status;
        const QByteArray location = headerValue(hop.exchange.responseHeaders, "Location");
        if (!location.isEmpty())
            h["location"] = toStd(QString::fromUtf8(location));
        if (!hop.formFields.isEmpty())
            h["form_fields"] = names(hop.formFields);
        if (!hop.redactedFields.isEmpty())
            h["redacted_fields"] = names(hop.redactedFields);
        if (hop.toRedirectUri) {
            h["callback"] = true;
            if (!callbackId.isEmpty())
                h["exchange"] = toStd(callbackId);
        } else {
            h["exchange"] = toStd(addExchange(hop.exchange, m_browserStep));
        }
        return h;
    };
    const CapturedHop *last = nullptr;
    for (const CapturedHop &hop : capture.hops()) {
        if (hop.frameDocument) {
            frameHops.push_back(hopRecord(hop, {{"frame", toStd(hop.frameId)}}));
        } else if (hop.document) {
            hops.push_back(
                hopRecord(hop, {{"request_id", toStd(hop.requestId)},
                                {"raw_headers", hop.rawRequestHeaders || hop.rawResponseHeaders}}));
            if (!hop.toRedirectUri)
                last = &hop;
        }
    }
    json subs = json::array();
    for (const CapturedHop &hop : capture.subResourceHops()) {
        json s = {{"type", toStd(hop.resourceType)},
                  {"method", toStd(hop.exchange.method)},
                  {"url", toStd(hop.exchange.url)},
                  {"status", hop.exchange.status}};
        if (!hop.exchange.errorMessage.isEmpty())
            s["error"] = toStd(hop.exchange.errorMessage);
        subs.push_back(s);
    }
    Step &step = m_session.steps[m_browserStep];
    step.details["hops"] = hops;
    if (!frameHops.empty())
        step.details["frame_hops"] = frameHops;
    step.details["frame_targets"] = m_captured->attachedFrames();
    step.details["sub_resources"] = subs; // hidden from the chain by default
    if (!callbackId.isEmpty() && capture.reachedRedirectUri())
        step.details["callback_exchange"] = toStd(callbackId);
    if (m_captured->malformedMessages() > 0)
        step.details["malformed_devtools_messages"] = m_captured->malformedMessages();
    step.details["profile_dir"] = toStd(m_captured->profileDir());
    step.details["profile_deleted"] = m_captured->temporaryProfile();
    if (step.status != StepStatus::Running)
        return; // already failed (no browser, closed...)
    const int recorded = int(hops.size()) - (capture.reachedRedirectUri() ? 1 : 0);
    if (capture.reachedRedirectUri()) {
        updateStep(m_browserStep, StepStatus::Succeeded,
                   QStringLiteral("captured %1 hop(s); reached the redirect_uri").arg(recorded));
        return;
    }
    if (last && last->exchange.status >= 400) {
        // An error page at the provider instead of a redirect back: evidence for the diagnosis
        // (redirect_uri mismatch, a policy block).
        step.error = Error::make(ErrorKind::Http, QStringLiteral("error_page"),
                                 QStringLiteral("The browser stopped at an error page: HTTP %1 at %2.")
                                     .arg(last->exchange.status)
                                     .arg(last->exchange.url));
        updateStep(m_browserStep, StepStatus::Failed,
                   QStringLiteral("captured %1 hop(s); stopped at an error page (HTTP %2)")
                       .arg(recorded)
                       .arg(last->exchange.status));
        return;
    }
    if (last) {
        step.warnings.append(
            QStringLiteral("The browser never reached the redirect_uri; its last page was %1 (HTTP %2%3).")
                .arg(last->exchange.url)
                .arg(last->exchange.status)
                .arg(last->exchange.errorMessage.isEmpty()
                         ? QString()
                         : QStringLiteral(", ") + last->exchange.errorMessage));
    }
    updateStep(m_browserStep, StepStatus::Warning,
               QStringLiteral("captured %1 hop(s); the redirect_uri was not reached").arg(recorded));
}

} // namespace wb
