#pragma once
// Exchange: one HTTP interaction exactly as it happened on the wire. Every network interaction
// of a flow (outgoing call, redirect hop, loopback hit) becomes one; nothing is rebuilt later.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace wb {

struct HttpHeader {
    QByteArray name;
    QByteArray value;
    bool operator==(const HttpHeader &) const = default;
};
using HttpHeaders = QList<HttpHeader>;

// First value of a header, case-insensitive name match; empty when absent.
QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name);
bool hasHeader(const HttpHeaders &headers, QByteArrayView name);

enum class ExchangeRole {
    Discovery,    // metadata / JWKS fetch
    FrontChannel, // authorization request or a redirect hop the workbench followed
    Callback,     // the redirect arriving at the loopback listener on the redirect path
    Stray,        // any other request the loopback listener received (favicon, wrong path...)
    BackChannel,  // token, refresh, userinfo, revocation... calls to the server
};
QString toString(ExchangeRole role);
ExchangeRole exchangeRoleFromString(const QString &s);

// Why an exchange has no (complete) response.
enum class TransportError { None, Timeout, Network, Tls, TooLarge, Cancelled, Malformed };
QString toString(TransportError e);
TransportError transportErrorFromString(const QString &s);

struct Exchange {
    QString id; // unique within a session, e.g. "x3"
    ExchangeRole role = ExchangeRole::BackChannel;

    // Request as sent (outgoing) or as received (loopback).
    QString method;
    QString url; // full URL; for loopback hits the reconstructed absolute URL
    QString httpVersion = QStringLiteral("HTTP/1.1");
    HttpHeaders requestHeaders;
    QByteArray requestBody;

    // Response as received (outgoing) or as answered (loopback). status 0 = no response.
    int status = 0;
    QString reason;
    HttpHeaders responseHeaders;
    QByteArray responseBody;
    bool responseTruncated = false; // body cut at the client's size limit
    qint64 responseSize = 0;        // bytes received before any cut

    QDateTime startedAt; // UTC
    qint64 durationMs = 0;

    TransportError transportError = TransportError::None;
    QString errorMessage;  // human-readable transport error
    QStringList tlsErrors; // certificate problems reported by the TLS layer
    // The leaf certificate the server presented (certpin::describe: subject, issuer, validity,
    // SHA-256), recorded when its errors were reported or overridden by a pin.
    QStringList tlsCertificate;
    // "AB:CD:..." when the certificate errors were overridden because the leaf matched a
    // fingerprint pinned in the profile (an opt-in that must stay visible in the record).
    QString tlsTrustedByPin;
    QString peer; // loopback: remote "addr:port"; outgoing: server address if known

    bool hasResponse() const { return status > 0; }
};

} // namespace wb
