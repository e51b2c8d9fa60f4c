#pragma once
// Pages and raw HTTP responses the loopback listener answers the browser with: small,
// self-contained HTML from the :/wb/pages templates, with every request-derived value escaped.

#include "http/Exchange.h"

namespace wb::loopback {

enum class PageKind { Success, Error, Info };

// The result page; heading and message are plain text (escaped here, newlines kept as breaks).
QByteArray renderPage(PageKind kind, const QString &heading, const QString &message);
// The fragment recovery page: its script posts location.hash back as form field wb_fragment.
QByteArray fragmentPage();

// A response as answered: what the Exchange records, plus the exact bytes for the socket.
struct Response {
    int status = 0;
    QByteArray reason;
    HttpHeaders headers;
    QByteArray body;
    QByteArray toWire() const;
};

// An HTML response with Connection: close, no caching and a CSP that forbids any fetch; scripts
// run only when allowInlineScript (the fragment page, which holds no request data).
Response htmlResponse(int status, QByteArray body, bool allowInlineScript = false,
                      const HttpHeaders &extraHeaders = {});

} // namespace wb::loopback
