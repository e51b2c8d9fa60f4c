#pragma once
// Incremental HTTP/1.1 request parser for the loopback listener and the sandbox. Pure code (no
// sockets) so it can be unit-tested and fuzzed; enforces size limits; never throws.
//
// Strict where leniency would let a hostile page smuggle or confuse (RFC 9112): exactly one SP
// between request-line parts, origin-form targets of visible ASCII only, header names that are
// tokens, no obs-fold, no control bytes in values, one Host, one Content-Length of plain
// digits. Lenient where browsers and tools differ harmlessly: a line may end in CRLF or a bare
// LF (RFC 9112 2.2 allows recognising LF alone); a bare CR elsewhere is an error. Up to four
// empty lines before the request line are skipped. HTTP/1.x is accepted (minor > 1 is treated
// as 1.1); any other major version is 505. Transfer-Encoding is not implemented (501): browsers
// send Content-Length for forms. A request without Content-Length has an empty body.

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

    // Valid when Complete; on Error they hold whatever was parsed before the error (for the record).
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
    State parseRequestLine(QByteArrayView line);
    State parseHeaderLine(QByteArrayView line);
    State finishHead();
    State consumeBody(QByteArrayView data);
    HttpRequestLimits m_limits;
    State m_state = State::Incomplete;
    QByteArray m_buffer;
    bool m_headDone = false;
    bool m_requestLineDone = false;
    qsizetype m_lineStart = 0;   // start of the line being assembled in m_buffer
    qsizetype m_scanFrom = 0;    // where to resume looking for its LF (keeps byte-wise feeds linear)
    qsizetype m_headerBytes = 0; // header lines consumed so far, terminators included
    int m_emptyLinesBefore = 0;
    qint64 m_contentLength = 0;
    QString m_method, m_version;
    QByteArray m_target;
    HttpHeaders m_headers;
    QByteArray m_body;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace wb
