#include "http/Exchange.h"

namespace wb {

QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &h : headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0)
            return h.value;
    }
    return {};
}

bool hasHeader(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &h : headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString toString(ExchangeRole role)
{
    switch (role) {
    case ExchangeRole::Discovery:
        return QStringLiteral("discovery");
    case ExchangeRole::FrontChannel:
        return QStringLiteral("front_channel");
    case ExchangeRole::Callback:
        return QStringLiteral("callback");
    case ExchangeRole::Stray:
        return QStringLiteral("stray");
    case ExchangeRole::BackChannel:
        return QStringLiteral("back_channel");
    }
    return QStringLiteral("back_channel");
}

ExchangeRole exchangeRoleFromString(const QString &s)
{
    if (s == u"discovery")
        return ExchangeRole::Discovery;
    if (s == u"front_channel")
        return ExchangeRole::FrontChannel;
    if (s == u"callback")
        return ExchangeRole::Callback;
    if (s == u"stray")
        return ExchangeRole::Stray;
    return ExchangeRole::BackChannel;
}

QString toString(TransportError e)
{
    switch (e) {
    case TransportError::None:
        return QStringLiteral("none");
    case TransportError::Timeout:
        return QStringLiteral("timeout");
    case TransportError::Network:
        return QStringLiteral("network");
    case TransportError::Tls:
        return QStringLiteral("tls");
    case TransportError::TooLarge:
        return QStringLiteral("too_large");
    case TransportError::Cancelled:
        return QStringLiteral("cancelled");
    case TransportError::Malformed:
        return QStringLiteral("malformed");
    }
    return QStringLiteral("none");
}

TransportError transportErrorFromString(const QString &s)
{
    if (s == u"timeout")
        return TransportError::Timeout;
    if (s == u"network")
        return TransportError::Network;
    if (s == u"tls")
        return TransportError::Tls;
    if (s == u"too_large")
        return TransportError::TooLarge;
    if (s == u"cancelled")
        return TransportError::Cancelled;
    if (s == u"malformed")
        return TransportError::Malformed;
    return TransportError::None;
}

} // namespace wb
