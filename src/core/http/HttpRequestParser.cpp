#include "http/HttpRequestParser.h"

#include <algorithm>

namespace wb {

namespace {

// Head bytes are appended in slices so one huge feed() cannot grow the buffer far past the limits.
constexpr qsizetype kFeedSlice = 4096;
constexpr int kMaxEmptyLinesBefore = 4;
// More digits than this cannot be a body we would accept; checked before converting.
constexpr qsizetype kMaxContentLengthDigits = 18;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// RFC 9110 5.6.2 tchar.
bool isTchar(char c)
{
    if (isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), isTchar);
}

bool isVisibleAscii(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F;
}

// Bytes that can never appear in a request line (CR only right before LF, handled by the caller).
bool isForbiddenInRequestLine(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\r') || u >= 0x7F;
}

QByteArrayView trimOws(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

// A short printable rendering of hostile bytes for error messages.
QString preview(QByteArrayView bytes)
{
    constexpr qsizetype kMax = 48;
    QString out;
    for (qsizetype i = 0; i < std::min(bytes.size(), kMax); ++i) {
        const auto u = static_cast<unsigned char>(bytes[i]);
        if (u >= 0x20 && u < 0x7F && u != '\\')
            out += QLatin1Char(char(u));
        else
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
    }
    if (bytes.size() > kMax)
        out += QStringLiteral("...");
    return out;
}

} // namespace

HttpRequestParser::HttpRequestParser(HttpRequestLimits limits) : m_limits(limits) {}

HttpRequestParser::State HttpRequestParser::fail(int status, QString message)
{
    m_state = State::Error;
    m_errorStatus = status;
    m_errorMessage = std::move(message);
    m_buffer = QByteArray(); // nothing more will be read from it
    return m_state;
}

HttpRequestParser::State HttpRequestParser::feed(QByteArrayView data)
{
    qsizetype offset = 0;
    while (m_state == State::Incomplete && offset < data.size()) {
        if (m_headDone) {
            consumeBody(data.sliced(offset));
            break;
        }
        const qsizetype n = std::min(kFeedSlice, data.size() - offset);
        m_buffer.append(data.sliced(offset, n));
        offset += n;
        parseHead();
    }
    return m_state;
}

HttpRequestParser::State HttpRequestParser::parseHead()
{
    while (m_state == State::Incomplete && !m_headDone) {
        const qsizetype lf = m_buffer.indexOf('\n', m_scanFrom);
        if (lf < 0) {
            // No full line yet: enforce limits on the partial line now, so a client cannot make us
            // buffer an endless line, and reject impossible request-line bytes early.
            const qsizetype pending = m_buffer.size() - m_lineStart;
            if (!m_requestLineDone) {
                for (qsizetype i = std::max(m_lineStart, m_scanFrom - 1); i < m_buffer.size(); ++i) {
                    // No LF follows yet, so a CR before the last byte is a bare CR (rescan the previous
                    // last byte: it may have been a CR waiting for its LF).
                    const bool bareCr = m_buffer[i] == '\r' && i + 1 < m_buffer.size();
                    if (bareCr || isForbiddenInRequestLine(m_buffer[i]))
                        return fail(400,
                                    QStringLiteral("request line contains control or non-ASCII bytes: %1")
                                        .arg(preview(QByteArrayView(m_buffer).sliced(m_lineStart))));
                }
                if (pending > m_limits.maxRequestLineBytes + 1) // +1: a CR may still precede the LF
                    return fail(414, QStringLiteral("request line longer than %1 bytes")
                                         .arg(m_limits.maxRequestLineBytes));
            } else if (m_headerBytes + pending > m_limits.maxHeaderBytes) {
                return fail(
                    431, QStringLiteral("request headers larger than %1 bytes").arg(m_limits.maxHeaderBytes));
            }
            m_scanFrom = m_buffer.size();
            return m_state;
        }

        QByteArrayView line = QByteArrayView(m_buffer).sliced(m_lineStart, lf - m_lineStart);
        const qsizetype consumed = lf + 1 - m_lineStart;
        m_lineStart = lf + 1;
        m_scanFrom = m_lineStart;
        if (line.endsWith('\r'))
            line.chop(1);

        if (!m_requestLineDone) {
            if (line.isEmpty()) {
                // RFC 9112 2.2: a server SHOULD ignore empty lines before the request line.
                if (++m_emptyLinesBefore > kMaxEmptyLinesBefore)
                    return fail(400, QStringLiteral("too many empty lines before the request line"));
                continue;
            }
            if (line.size() > m_limits.maxRequestLineBytes)
                return fail(
                    414,
                    QStringLiteral("request line longer than %1 bytes").arg(m_limits.maxRequestLineBytes));
            parseRequestLine(line);
            continue;
        }

        m_headerBytes += consumed;
        if (m_headerBytes > m_limits.maxHeaderBytes)
            return fail(431,
                        QStringLiteral("request headers larger than %1 bytes").arg(m_limits.maxHeaderBytes));
        if (line.isEmpty())
            return finishHead();
        parseHeaderLine(line);
    }
    return m_state;
}

HttpRequestParser::State HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    for (char c : line) {
        if (isForbiddenInRequestLine(c) || c == '\r')
            return fail(
                400,
                QStringLiteral("request line contains control or non-ASCII bytes: %1").arg(preview(line)));
    }
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 < 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0)
        return fail(400,
                    QStringLiteral("request line is not \"METHOD /target HTTP/1.1\": %1").arg(preview(line)));
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = line.sliced(sp2 + 1);

    if (!isToken(method))
        return fail(400, QStringLiteral("invalid method: %1").arg(preview(method)));
    m_method = QString::fromLatin1(method);
    if (target.isEmpty() || target.front() != '/' ||
        !std::all_of(target.begin(), target.end(), isVisibleAscii))
        return fail(400,
                    QStringLiteral("request target is not an origin-form path: %1").arg(preview(target)));
    m_target = target.toByteArray();

    const bool versionSyntaxOk = version.size() == 8 && version.startsWith("HTTP/") && isDigit(version[5]) &&
                                 version[6] == '.' && isDigit(version[7]);
    if (!versionSyntaxOk)
        return fail(400, QStringLiteral("invalid HTTP version: %1").arg(preview(version)));
    m_version = QString::fromLatin1(version);
    if (version[5] != '1')
        return fail(505, QStringLiteral("HTTP version %1 is not supported").arg(m_version));
    m_requestLineDone = true;
    return m_state;
}

HttpRequestParser::State HttpRequestParser::parseHeaderLine(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return fail(400, QStringLiteral("obsolete line folding in headers is not accepted"));
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return fail(400, QStringLiteral("header line without a colon: %1").arg(preview(line)));
    const QByteArrayView name = line.first(colon);
    if (!isToken(name)) // also catches whitespace before the colon (RFC 9112 5.1)
        return fail(400, QStringLiteral("invalid header name: %1").arg(preview(name)));
    const QByteArrayView value = trimOws(line.sliced(colon + 1));
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7F)
            return fail(
                400, QStringLiteral("control byte in the value of header %1").arg(QString::fromLatin1(name)));
    }
    if (m_headers.size() >= m_limits.maxHeaderCount)
        return fail(431, QStringLiteral("more than %1 request headers").arg(m_limits.maxHeaderCount));
    m_headers.append({name.toByteArray(), value.toByteArray()});
    return m_state;
}

HttpRequestParser::State HttpRequestParser::finishHead()
{
    int hostCount = 0, lengthCount = 0;
    bool hasTransferEncoding = false;
    QByteArray lengthValue;
    for (const auto &h : std::as_const(m_headers)) {
        if (h.name.compare("Host", Qt::CaseInsensitive) == 0)
            ++hostCount;
        else if (h.name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0)
            hasTransferEncoding = true;
        else if (h.name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            ++lengthCount;
            lengthValue = h.value;
        }
    }
    // RFC 9112 3.2: 400 for a 1.1 request without Host or for any request with several.
    if (hostCount > 1)
        return fail(400, QStringLiteral("more than one Host header"));
    if (hostCount == 0 && m_version != u"HTTP/1.0")
        return fail(400, QStringLiteral("HTTP/1.1 request without a Host header"));
    if (hasTransferEncoding && lengthCount > 0) // the classic request-smuggling shape
        return fail(400, QStringLiteral("both Transfer-Encoding and Content-Length are present"));
    if (hasTransferEncoding)
        return fail(501, QStringLiteral("Transfer-Encoding is not supported; send Content-Length"));
    if (lengthCount > 1)
        return fail(400, QStringLiteral("more than one Content-Length header"));
    if (lengthCount == 1) {
        if (lengthValue.isEmpty() || !std::all_of(lengthValue.cbegin(), lengthValue.cend(), isDigit))
            return fail(400, QStringLiteral("invalid Content-Length: %1").arg(preview(lengthValue)));
        qsizetype digits = lengthValue.size();
        for (qsizetype i = 0; i + 1 < lengthValue.size() && lengthValue[i] == '0'; ++i)
            --digits; // leading zeros do not make a number bigger
        if (digits > kMaxContentLengthDigits)
            return fail(413, QStringLiteral("Content-Length %1 exceeds the %2-byte body limit")
                                 .arg(preview(lengthValue))
                                 .arg(m_limits.maxBodyBytes));
        m_contentLength = lengthValue.toLongLong();
        if (m_contentLength > m_limits.maxBodyBytes)
            return fail(413, QStringLiteral("Content-Length %1 exceeds the %2-byte body limit")
                                 .arg(m_contentLength)
                                 .arg(m_limits.maxBodyBytes));
    }

    m_headDone = true;
    const QByteArray rest = m_buffer.sliced(m_lineStart);
    m_buffer = QByteArray();
    if (m_contentLength == 0) {
        m_state = State::Complete;
        return m_state;
    }
    m_body.reserve(m_contentLength);
    return consumeBody(rest);
}

HttpRequestParser::State HttpRequestParser::consumeBody(QByteArrayView data)
{
    const qint64 missing = m_contentLength - m_body.size();
    m_body.append(data.first(qsizetype(std::min<qint64>(missing, data.size()))));
    if (m_body.size() == m_contentLength)
        m_state = State::Complete; // anything after the body is ignored: one request per connection
    return m_state;
}

} // namespace wb
