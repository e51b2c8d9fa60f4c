#pragma once
// Incremental HTTP/1.1 request parser for the loopback listener and the sandbox. Pure code (no
// sockets) so it can be unit-tested and fuzzed; enforces size limits; never throws.

#include "http/Exchange.h"

namespace wb {

struct HttpRequestLimits {
    int maxRequestLineBytes = 8 * 1024;
    int maxHeaderBytes = 32 * 1024;
    int maxHeaderCount = 100;
    qint64 maxBodyBytes = 1024 * 1024;
};

class HttpRequestParser {
public:
    enum class State { Incomplete, Complete, Error };

    explicit HttpRequestParser(HttpRequestLimits limits = {});

    // Feeds more bytes; returns the state after consuming them. Bytes after a complete request
    // are ignored (one request per connection: the listener answers with Connection: close).
    State feed(QByteArrayView data);
    State state() const { return m_state; }

    // Valid when Complete.
    QString method() const { return m_method; }
    QByteArray target() const { return m_target; } // origin-form, e.g. /callback?code=x
    QString version() const { return m_version; }
    const HttpHeaders &headers() const { return m_headers; }
    const QByteArray &body() const { return m_body; }

    // Valid when Error: the status to answer (400, 413, 414, 431, 501, 505) and why.
    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }

private:
    State fail(int status, QString message);
    State parseHead();
    HttpRequestLimits m_limits;
    State m_state = State::Incomplete;
    QByteArray m_buffer;
    bool m_headDone = false;
    qint64 m_contentLength = 0;
    QString m_method, m_version;
    QByteArray m_target;
    HttpHeaders m_headers;
    QByteArray m_body;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace wb
