#pragma once
// NetworkCapture: turns the DevTools Network domain's events into Exchanges: one per request and
// per redirect hop (the 3xx answer with its Location), raw headers from the ExtraInfo events
// (Set-Cookie, Cookie) when Chromium sends them, failures (DNS, TLS, blocked) as transport
// errors, POSTed form bodies with password-like values redacted. Top-level document navigations
// form the chain; navigations of other frames (iframes, also out-of-process ones whose events
// come from their own DevTools session) are hops of their frame; sub-resources are kept apart.

#include "http/Exchange.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <nlohmann/json.hpp>

namespace wb {

struct CapturedHop {
    Exchange exchange;               // role FrontChannel; id left empty for the flow to assign
    QString requestId;               // CDP request id (shared by a request and its redirects)
    QString resourceType;            // CDP type: Document, Script, Image...
    bool document = false;           // a navigation of the top-level frame
    bool frameDocument = false;      // a navigation of another frame (an iframe): its own chain
    QString frameId;                 // CDP frame id of the request, when given
    bool toRedirectUri = false;      // the hop that requested the redirect_uri (the loopback records it)
    bool finished = false;           // a response, a redirect or a failure was seen
    QStringList formFields;          // names of POSTed form fields, in order
    QStringList redactedFields;      // those whose values were replaced
    double monotonicStart = 0;       // CDP timestamp (seconds) of the request
    bool rawRequestHeaders = false;  // headers from requestWillBeSentExtraInfo (as sent)
    bool rawResponseHeaders = false; // headers from responseReceivedExtraInfo (as received)
};

class NetworkCapture {
public:
    // `redirectUri`: the flow's redirect_uri; a request to its scheme, host, port and path is the
    // callback hop. `mainFrameId`: only documents of this frame are chain hops (empty = any).
    explicit NetworkCapture(const QString &redirectUri = {});
    void setMainFrameId(const QString &frameId) { m_mainFrameId = frameId; }

    // One Network.* event. Unknown methods and malformed params are ignored (counted).
    void handleEvent(const QString &method, const nlohmann::json &params);

    // Error pages (a document answered 4xx/5xx) keep their body, for the diagnosis: true when
    // the request's latest hop is one whose body should be fetched (Network.getResponseBody).
    bool wantsBody(const QString &requestId) const;
    void setResponseBody(const QString &requestId, const QByteArray &body);
    static constexpr qsizetype kMaxBody = 1024 * 1024;

    const QList<CapturedHop> &hops() const { return m_hops; }
    QList<CapturedHop> documentHops() const;
    QList<CapturedHop> frameHops() const; // navigations of frames other than the top-level one
    QList<CapturedHop> subResourceHops() const;
    bool reachedRedirectUri() const { return m_reachedRedirectUri; }
    // The redirect_uri was requested and every chain hop before it has its answer, including the
    // raw response headers Chromium sends separately: nothing more is expected for the chain.
    bool chainSettled() const;
    int ignoredEvents() const { return m_ignored; }

    // The value replacing a redacted form field: "[redacted]" form-encoded, which Redactor
    // recognises as already masked.
    static QByteArray redactedValue() { return QByteArrayLiteral("%5Bredacted%5D"); }
    static bool isPasswordLikeField(const QString &name);

private:
    void requestWillBeSent(const nlohmann::json &p);
    void responseReceived(const nlohmann::json &p);
    void loadingFinished(const nlohmann::json &p);
    void loadingFailed(const nlohmann::json &p);
    void requestExtraInfo(const nlohmann::json &p);
    void responseExtraInfo(const nlohmann::json &p);
    CapturedHop *lastHop(const QString &requestId);
    void applyResponse(CapturedHop &hop, const nlohmann::json &response, double endTimestamp);
    void applyRequestBody(CapturedHop &hop, const nlohmann::json &request);
    bool isRedirectUri(const QString &url) const;

    QUrl m_redirectUri;
    QString m_mainFrameId;
    QList<CapturedHop> m_hops;
    QHash<QString, QList<int>> m_byRequest; // request id -> indexes into m_hops, in order
    // ExtraInfo events are matched to hops in order; ones that arrive first wait here.
    QHash<QString, QList<HttpHeaders>> m_pendingRequestExtra, m_pendingResponseExtra;
    QHash<QString, int> m_requestExtraUsed, m_responseExtraUsed;
    bool m_reachedRedirectUri = false;
    int m_ignored = 0;
};

} // namespace wb
