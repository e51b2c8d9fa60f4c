// wb-bench-generate-session: writes a large, deterministic session file (the CLI's --save format,
// through core's SessionJson) for the scale benchmark: N exchanges in steps of ten, response
// bodies of 1 to 50 KB (log-uniform), realistic headers and timings.
//
// Usage: wb-bench-generate-session --exchanges N --out FILE [--seed S]

#include "flow/Session.h"
#include "report/SessionJson.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QUuid>
#include <cmath>
#include <cstdio>
#include <random>

using namespace wb;

namespace {

constexpr int kExchangesPerStep = 10;

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// A random token as providers issue them (43 base64url characters).
QByteArray makeToken(std::mt19937_64 &rng)
{
    QByteArray t(43, Qt::Uninitialized);
    for (char &c : t)
        c = kAlphabet[rng() % 64];
    return t;
}

// A JSON-looking body of exactly `size` bytes with varied (incompressible) content.
QByteArray makeBody(std::mt19937_64 &rng, int size)
{
    QByteArray body = QByteArrayLiteral("{\"access_token\":\"") + makeToken(rng) + "\",\"padding\":\"";
    const QByteArray tail = QByteArrayLiteral("\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    const int fill = std::max(0, size - int(body.size()) - int(tail.size()));
    body.reserve(size);
    for (int i = 0; i < fill; ++i)
        body.append(kAlphabet[rng() % 64]);
    body.append(tail);
    return body;
}

Exchange makeExchange(std::mt19937_64 &rng, int n, const QDateTime &at, const QString &issuer)
{
    Exchange x;
    x.id = QStringLiteral("x%1").arg(n + 1);
    const int kind = n % kExchangesPerStep;
    x.role = kind == 0  ? ExchangeRole::Discovery
             : kind < 4 ? ExchangeRole::FrontChannel
                        : ExchangeRole::BackChannel;
    const bool post = x.role == ExchangeRole::BackChannel;
    x.method = post ? QStringLiteral("POST") : QStringLiteral("GET");
    x.url = post ? issuer + QStringLiteral("/token")
                 : issuer + QStringLiteral("/authorize?client_id=bench&state=s%1&page=%2").arg(n).arg(kind);
    x.requestHeaders = {
        {"Host", "idp.example.test"}, {"User-Agent", "oauth-workbench/0.1"}, {"Accept", "application/json"}};
    if (post) {
        x.requestHeaders.append(HttpHeader{"Content-Type", "application/x-www-form-urlencoded"});
        x.requestBody =
            "grant_type=refresh_token&refresh_token=rt-" + QByteArray::number(n) + "&client_id=bench";
        x.requestHeaders.append(HttpHeader{"Content-Length", QByteArray::number(x.requestBody.size())});
    }
    // Log-uniform between 1 KB and 50 KB: mostly small documents, some large pages.
    std::uniform_real_distribution<double> logSize(std::log(1024.0), std::log(50.0 * 1024));
    const int size = int(std::exp(logSize(rng)));
    x.status = kind > 0 && kind < 4 ? 302 : 200;
    x.reason = x.status == 302 ? QStringLiteral("Found") : QStringLiteral("OK");
    x.responseHeaders = {{"Content-Type", "application/json; charset=utf-8"},
                         {"Cache-Control", "no-store"},
                         {"Date", "Sun, 22 Nov 2026 20:00:00 GMT"}};
    if (x.status == 302)
        x.responseHeaders.append(
            HttpHeader{"Location", (issuer + QStringLiteral("/hop%1").arg(kind)).toUtf8()});
    x.responseBody = makeBody(rng, size);
    x.responseSize = x.responseBody.size();
    x.responseHeaders.append(HttpHeader{"Content-Length", QByteArray::number(x.responseSize)});
    x.startedAt = at;
    x.durationMs = qint64(rng() % 120) + 1;
    x.peer = QStringLiteral("127.0.0.1:443");
    return x;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Write a large generated session file."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("exchanges"), QStringLiteral("Number of exchanges."),
                      QStringLiteral("n"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("s"), QStringLiteral("11")});
    parser.process(app);
    bool ok = false;
    const int count = parser.value(QStringLiteral("exchanges")).toInt(&ok);
    const QString out = parser.value(QStringLiteral("out"));
    if (!ok || count < 1 || out.isEmpty()) {
        std::fputs("usage: wb-bench-generate-session --exchanges N --out FILE [--seed S]\n", stderr);
        return 2;
    }
    std::mt19937_64 rng(parser.value(QStringLiteral("seed")).toULongLong());

    const QString issuer = QStringLiteral("https://idp.example.test");
    const QDateTime start = QDateTime(QDate(2026, 11, 22), QTime(20, 0), Qt::UTC);
    Session session;
    session.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    session.appVersion = QStringLiteral("bench");
    session.startedAt = start;
    session.profile.name = QStringLiteral("bench-scale");
    session.profile.issuer = issuer;
    session.profile.clientId = QStringLiteral("bench");
    session.redirectUri = QStringLiteral("http://127.0.0.1:8400/callback");
    QDateTime at = start;
    for (int n = 0; n < count; ++n) {
        if (n % kExchangesPerStep == 0) {
            Step step;
            step.id = QStringLiteral("s%1").arg(session.steps.size() + 1);
            step.kind = StepKind::Refresh;
            step.title = QStringLiteral("Refresh %1").arg(session.steps.size() + 1);
            step.status = StepStatus::Succeeded;
            step.summary = QStringLiteral("200 OK, access + refresh token");
            step.startedAt = at;
            session.steps.append(step);
        }
        Exchange x = makeExchange(rng, n, at, issuer);
        at = at.addMSecs(x.durationMs + 5);
        session.steps.last().exchangeIds.append(x.id);
        session.steps.last().durationMs += x.durationMs + 5;
        session.exchanges.append(std::move(x));
    }
    session.finishedAt = at;
    session.outcome = Outcome::Succeeded;

    const std::string text =
        sessionToJson(session, false).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), qint64(text.size())) != qint64(text.size()) || !file.commit()) {
        std::fprintf(stderr, "wb-bench-generate-session: cannot write %s: %s\n", qPrintable(out),
                     qPrintable(file.errorString()));
        return 1;
    }
    std::printf("wrote %s: %d exchanges, %d steps, %lld bytes\n", qPrintable(out), count,
                int(session.steps.size()), static_cast<long long>(text.size()));
    return 0;
}
