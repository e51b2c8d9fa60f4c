#pragma once
// CapturedBrowser: the `captured` browser mode's session with a real browser: finds and launches
// a Chromium-family browser, attaches over the DevTools protocol, enables the Network domain,
// opens the authorization URL and feeds every network event into a NetworkCapture until stop().
// Out-of-process iframes (a login widget from another site) are auto-attached as flat child
// sessions with the Network domain enabled, so their navigations are captured too.

#include "browser/ChromiumProcess.h"
#include "browser/NetworkCapture.h"

#include <QObject>
#include <QPointer>

namespace wb {

class CdpClient;

struct CapturedBrowserOptions {
    QString browserPath; // explicit executable; empty = search PATH
    QString profileName; // named persistent debugging profile; empty = fresh temporary one
    bool headless = false;
    QString redirectUri; // the hop to it is the callback
};

class CapturedBrowser : public QObject {
    Q_OBJECT
public:
    explicit CapturedBrowser(CapturedBrowserOptions options, QObject *parent = nullptr);
    ~CapturedBrowser() override;

    // Emits devToolsReady() then navigating(), or failed() once.
    void start(const QString &url);
    // Ends the capture: closes the DevTools connection and the browser, deletes a temporary
    // profile. What was captured stays readable through capture(). Idempotent.
    void stop();

    const NetworkCapture &capture() const { return m_capture; }
    QString executable() const { return m_executable; }
    QString devToolsEndpoint() const; // http://127.0.0.1:PORT, empty before ready
    QString profileDir() const { return m_process ? m_process->profileDir() : QString(); }
    bool temporaryProfile() const { return m_options.profileName.isEmpty(); }
    int malformedMessages() const;
    int attachedFrames() const { return m_attachedFrames; } // out-of-process iframes followed

signals:
    void devToolsReady(const QString &endpoint);
    void navigating();
    void failed(const QString &message);
    void browserClosed(); // the person closed the browser before the capture ended
    // A top-level navigation started (live progress; the exchanges are recorded at the end).
    void navigated(int documentHops, const QString &url);

private:
    void onConnected();
    void onEvent(const QString &method, const nlohmann::json &params, const QString &sessionId);
    void onAttached(const nlohmann::json &params);
    void fetchErrorPageBody(const nlohmann::json &params);
    void fail(const QString &message);
    CapturedBrowserOptions m_options;
    NetworkCapture m_capture;
    QPointer<ChromiumProcess> m_process;
    QPointer<CdpClient> m_cdp;
    QString m_executable, m_url;
    QHash<QString, QString> m_sessionOfRequest; // request id -> child session that saw it
    int m_port = 0;
    int m_attachedFrames = 0;
    bool m_stopped = false;
};

} // namespace wb
