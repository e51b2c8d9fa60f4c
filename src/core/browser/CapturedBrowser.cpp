#include "browser/CapturedBrowser.h"

#include "browser/CdpClient.h"
#include "browser/ChromiumLocator.h"

#include <QTimer>

namespace wb {

using json = nlohmann::json;

CapturedBrowser::CapturedBrowser(CapturedBrowserOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_capture(m_options.redirectUri)
{
}

CapturedBrowser::~CapturedBrowser()
{
    stop();
}

QString CapturedBrowser::devToolsEndpoint() const
{
    return m_port > 0 ? QStringLiteral("http://127.0.0.1:%1").arg(m_port) : QString();
}

int CapturedBrowser::malformedMessages() const
{
    return m_cdp ? m_cdp->malformedCount() : 0;
}

void CapturedBrowser::fail(const QString &message)
{
    if (m_stopped)
        return;
    stop();
    emit failed(message);
}

void CapturedBrowser::start(const QString &url)
{
    m_url = url;
    const ChromiumLocation where = ChromiumLocator::locate(m_options.browserPath);
    if (!where.found()) {
        QTimer::singleShot(0, this, [this, msg = where.error] { fail(msg); });
        return;
    }
    m_executable = where.executable;
    m_process = new ChromiumProcess(this);
    connect(m_process, &ChromiumProcess::failed, this, &CapturedBrowser::fail);
    connect(m_process, &ChromiumProcess::exited, this, [this] {
        if (!m_stopped)
            emit browserClosed();
    });
    connect(m_process, &ChromiumProcess::ready, this, [this](int port) {
        m_port = port;
        emit devToolsReady(devToolsEndpoint());
        m_cdp = new CdpClient(this);
        connect(m_cdp, &CdpClient::failed, this, &CapturedBrowser::fail);
        connect(m_cdp, &CdpClient::connected, this, &CapturedBrowser::onConnected);
        connect(m_cdp, &CdpClient::event, this, &CapturedBrowser::onEvent);
        m_cdp->connectToBrowser(port);
    });
    ChromiumLaunch launch;
    launch.executable = m_executable;
    launch.headless = m_options.headless;
    if (!m_options.profileName.isEmpty())
        launch.persistentProfileDir = ChromiumProcess::namedProfileDir(m_options.profileName);
    m_process->start(launch);
}

void CapturedBrowser::onEvent(const QString &method, const json &params, const QString &sessionId)
{
    if (method == QLatin1String("Target.attachedToTarget")) {
        onAttached(params);
        return;
    }
    if (!method.startsWith(QLatin1String("Network.")))
        return;
    if (!sessionId.isEmpty() && method == QLatin1String("Network.requestWillBeSent") && params.is_object()) {
        if (const auto id = params.find("requestId"); id != params.end() && id->is_string())
            m_sessionOfRequest.insert(QString::fromStdString(id->get<std::string>()), sessionId);
    }
    const qsizetype before = m_capture.hops().size();
    m_capture.handleEvent(method, params);
    if (method == QLatin1String("Network.loadingFinished"))
        fetchErrorPageBody(params);
    if (m_capture.hops().size() > before && m_capture.hops().last().document)
        emit navigated(int(m_capture.documentHops().size()), m_capture.hops().last().exchange.url);
}

void CapturedBrowser::onAttached(const json &params)
{
    // A child target auto-attached in flat mode, paused until told to run: an out-of-process
    // iframe gets the Network domain (and auto-attach for its own frames) first; anything else
    // (workers) just runs.
    if (!m_cdp || !params.is_object())
        return;
    const auto sid = params.find("sessionId");
    const auto info = params.find("targetInfo");
    if (sid == params.end() || !sid->is_string())
        return;
    const QString sessionId = QString::fromStdString(sid->get<std::string>());
    const bool frame =
        info != params.end() && info->is_object() && info->value("type", std::string()) == "iframe";
    const auto run = [this, sessionId](const json &, const QString &) {
        if (m_cdp)
            m_cdp->send(QStringLiteral("Runtime.runIfWaitingForDebugger"), json::object(), {}, sessionId);
    };
    if (!frame) {
        run(json(), QString());
        return;
    }
    ++m_attachedFrames;
    m_cdp->send(QStringLiteral("Network.enable"), json::object(), {}, sessionId);
    m_cdp->send(QStringLiteral("Target.setAutoAttach"),
                json{{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}}, run,
                sessionId);
}

void CapturedBrowser::onConnected()
{
    // Network first so the navigation's first request is seen; the main frame id next so only its
    // documents form the chain; then the navigation itself.
    m_cdp->send(QStringLiteral("Network.enable"), json::object(), [this](const json &, const QString &error) {
        if (!error.isEmpty()) {
            fail(QStringLiteral("Network.enable failed: %1").arg(error));
            return;
        }
        // Out-of-process iframes are separate targets: attach to them as they appear (paused until
        // their Network domain is on). Without it only their first navigation would be seen.
        m_cdp->send(QStringLiteral("Target.setAutoAttach"),
                    json{{"autoAttach", true}, {"waitForDebuggerOnStart", true}, {"flatten", true}});
        m_cdp->send(
            QStringLiteral("Page.getFrameTree"), json::object(), [this](const json &r, const QString &) {
                if (r.is_object() && r.contains("frameTree") && r["frameTree"].is_object() &&
                    r["frameTree"].contains("frame") && r["frameTree"]["frame"].is_object()) {
                    const json &frame = r["frameTree"]["frame"];
                    if (frame.contains("id") && frame["id"].is_string())
                        m_capture.setMainFrameId(QString::fromStdString(frame["id"].get<std::string>()));
                }
                m_cdp->send(
                    QStringLiteral("Page.navigate"), json{{"url", m_url.toStdString()}},
                    [this](const json &, const QString &navError) {
                        // A failed first navigation (DNS, TLS...) is not an error here:
                        // loadingFailed recorded it as an exchange; the timeout ends the flow.
                        if (!navError.isEmpty())
                            fail(QStringLiteral("The browser could not open the URL: %1").arg(navError));
                    });
                emit navigating();
            });
    });
}

void CapturedBrowser::fetchErrorPageBody(const json &params)
{
    const auto id = params.find("requestId");
    if (!m_cdp || id == params.end() || !id->is_string())
        return;
    const QString requestId = QString::fromStdString(id->get<std::string>());
    if (!m_capture.wantsBody(requestId))
        return;
    m_cdp->send(
        QStringLiteral("Network.getResponseBody"), json{{"requestId", id->get<std::string>()}},
        [this, requestId](const json &r, const QString &error) {
            if (!error.isEmpty() || !r.is_object() || !r.contains("body") || !r["body"].is_string())
                return;
            QByteArray body = QByteArray::fromStdString(r["body"].get<std::string>());
            if (r.value("base64Encoded", false))
                body = QByteArray::fromBase64(body);
            m_capture.setResponseBody(requestId, body);
        },
        m_sessionOfRequest.value(requestId));
}

void CapturedBrowser::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    if (m_cdp)
        m_cdp->close();
    if (m_process)
        m_process->stop();
}

} // namespace wb
