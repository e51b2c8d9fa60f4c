#pragma once
// Test helpers shared by the HttpClient tests: a callback sink that counts calls, a default
// request, and a one-header-per-line rendering so failing comparisons are readable.

#include "http/HttpClient.h"

#include <QtTest>

namespace wbtest {

inline QString text(const wb::HttpHeaders &headers)
{
    QString out;
    for (const auto &h : headers)
        out += QString::fromLatin1(h.name + ": " + h.value + '\n');
    return out;
}

// Counts callbacks and keeps the last Exchange.
struct Sink {
    int calls = 0;
    wb::Exchange ex;
    wb::HttpClient::Callback callback()
    {
        return [this](const wb::Exchange &e) {
            ++calls;
            ex = e;
        };
    }
    bool wait(int ms = 5000)
    {
        return QTest::qWaitFor([this] { return calls > 0; }, ms);
    }
};

inline wb::HttpRequest get(const QUrl &url)
{
    wb::HttpRequest r;
    r.url = url;
    r.timeoutMs = 5000;
    return r;
}

} // namespace wbtest
