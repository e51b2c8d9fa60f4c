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
        connect(m_cdp, &CdpClient::event, this, [this](const QString &method, const json &params) {
            if (!method.startsWith(QLatin1String("Network.")))
                return;
            const qsizetype before = m_capture.hops().size();
            m_capture.handleEvent(method, params);
            if (method == QLatin1String("Network.loadingFinished"))
                fetchErrorPageBody(params);
            if (m_capture.hops().size() > before && m_capture.hops().last().document)
                emit navigated(int(m_capture.documentHops().size()), m_capture.hops().last().exchange.url);
        });
        m_cdp->connectToBrowser(port);
    });
    ChromiumLaunch launch;
    launch.executable = m_executable;
    launch.headless = m_options.headless;
    if (!m_options.profileName.isEmpty())
        launch.persistentProfileDir = ChromiumProcess::namedProfileDir(m_options.profileName);
    m_process->start(launch);
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
    m_cdp->send(QStringLiteral("Network.getResponseBody"), json{{"requestId", id->get<std::string>()}},
                [this, requestId](const json &r, const QString &error) {
                    if (!error.isEmpty() || !r.is_object() || !r.contains("body") || !r["body"].is_string())
                        return;
                    QByteArray body = QByteArray::fromStdString(r["body"].get<std::string>());
                    if (r.value("base64Encoded", false))
                        body = QByteArray::fromBase64(body);
                    m_capture.setResponseBody(requestId, body);
                });
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
