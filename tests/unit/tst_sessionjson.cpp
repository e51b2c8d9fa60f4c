// Unit tests for the session file format: round trip, redaction of every secret, bad input.
#include "report/SessionJson.h"

#include <QtTest>

using namespace wb;

namespace {
Session sample()
{
    Session s;
    s.id = QStringLiteral("sess-1");
    s.appVersion = QStringLiteral("0.1.0");
    s.startedAt = QDateTime::fromString(QStringLiteral("2026-01-02T03:04:05.678Z"), Qt::ISODateWithMs);
    s.finishedAt = s.startedAt.addSecs(3);
    s.profile.name = QStringLiteral("Example");
    s.profile.clientId = QStringLiteral("client-1");
    s.profile.clientSecret = QStringLiteral("very-secret-value");
    s.redirectUri = QStringLiteral("http://127.0.0.1:5000/callback");
    s.outcome = Outcome::Failed;
    s.error =
        Error::make(ErrorKind::Protocol, QStringLiteral("invalid_grant"), QStringLiteral("Code reused"));
    s.error.protocol = ProtocolError{QStringLiteral("invalid_grant"),
                                     QStringLiteral("grant request is invalid"),
                                     {},
                                     400,
                                     {{"trace_id", "t-1"}}};
    Step st;
    st.id = QStringLiteral("s1");
    st.kind = StepKind::TokenExchange;
    st.title = QStringLiteral("Token exchange");
    st.status = StepStatus::Failed;
    st.exchangeIds = {QStringLiteral("x1")};
    st.details = {{"request_form", {{{"name", "code"}, {"value", "authcode-12345"}}}}};
    s.steps.append(st);
    Exchange x;
    x.id = QStringLiteral("x1");
    x.role = ExchangeRole::BackChannel;
    x.method = QStringLiteral("POST");
    x.url = QStringLiteral("https://idp.example/token");
    x.requestHeaders = {{"Authorization", "Basic Y2xpZW50LTE6dmVyeS1zZWNyZXQtdmFsdWU="}};
    x.requestBody = "grant_type=authorization_code&code=authcode-12345&client_secret=very-secret-value";
    x.status = 400;
    x.reason = QStringLiteral("Bad Request");
    x.responseBody = QByteArray("\xff\xfe binary", 9);
    x.startedAt = s.startedAt;
    x.durationMs = 42;
    s.exchanges.append(x);
    s.tokens.accessToken = QStringLiteral("access-token-abcdef");
    s.tokens.expiresIn = 3600;
    s.secretValues = {s.profile.clientSecret, QStringLiteral("authcode-12345"), s.tokens.accessToken};
    return s;
}
} // namespace

class TestSessionJson : public QObject {
    Q_OBJECT
private slots:
    void roundTripUnredacted()
    {
        const Session s = sample();
        Session back;
        QString error;
        QVERIFY(sessionFromJson(sessionToJson(s, false), back, &error));
        QCOMPARE(back.id, s.id);
        QCOMPARE(back.startedAt, s.startedAt);
        QVERIFY(back.outcome == Outcome::Failed);
        QCOMPARE(back.error.code, QStringLiteral("invalid_grant"));
        QVERIFY(back.error.protocol.has_value());
        QCOMPARE(back.error.protocol->httpStatus, 400);
        QCOMPARE(back.steps.size(), 1);
        QVERIFY(back.steps[0].kind == StepKind::TokenExchange);
        QCOMPARE(back.exchanges.size(), 1);
        QCOMPARE(back.exchanges[0].requestBody, s.exchanges[0].requestBody);
        QCOMPARE(back.exchanges[0].responseBody, s.exchanges[0].responseBody); // base64 for binary
        QCOMPARE(back.exchanges[0].requestHeaders, s.exchanges[0].requestHeaders);
        QCOMPARE(back.tokens.accessToken, s.tokens.accessToken);
        QCOMPARE(back.tokens.expiresIn, std::optional<qint64>(3600));
        QVERIFY(back.profile.clientSecret.isEmpty()); // never serialized
    }
    void redactedHasNoSecretAnywhere()
    {
        const Session s = sample();
        const std::string dump = sessionToJson(s, true).dump();
        for (const QString &secret : s.secretValues)
            QVERIFY2(dump.find(secret.toStdString()) == std::string::npos, qPrintable(secret));
        QVERIFY(dump.find("Y2xpZW50LTE6dmVyeS1zZWNyZXQtdmFsdWU") == std::string::npos); // Basic credentials
        QVERIFY(dump.find("\"redacted\":true") != std::string::npos);
    }
    void invalidUtf8HeaderStillSerializes()
    {
        Session s = sample();
        s.exchanges[0].responseHeaders = {{"X-Weird", QByteArray("a\xff\xfe b", 5)}};
        const nlohmann::json j = sessionToJson(s, true);
        const std::string text = j.dump(); // throws on invalid UTF-8 without the conversion
        QVERIFY(text.find("X-Weird") != std::string::npos);
        Session back;
        QVERIFY(sessionFromJson(nlohmann::json::parse(text), back, nullptr));
        QVERIFY(headerValue(back.exchanges[0].responseHeaders, "X-Weird").startsWith("a"));
    }
    void rejectsForeignDocuments()
    {
        Session out;
        QString error;
        QVERIFY(!sessionFromJson(nlohmann::json::parse(R"({"log":{"entries":[]}})"), out, &error));
        QVERIFY(error.contains(QStringLiteral("not an OAuth Workbench session")));
        QVERIFY(!sessionFromJson(nlohmann::json::array(), out, &error));
        QVERIFY(!sessionFromJson(
            nlohmann::json::parse(R"({"format":"oauth-workbench-session","version":99})"), out, &error));
        QVERIFY(error.contains(QStringLiteral("newer")));
    }
    void toleratesDamagedMembers()
    {
        auto j = sessionToJson(sample(), false);
        j["exchanges"][0]["request"] = "not an object";
        j["steps"] = "not an array";
        j["tokens"] = 5;
        j["exchanges"][0].erase("duration_ms");
        j["exchanges"][0]["response"].erase("size");
        j["exchanges"][0]["response"]["status"] = "not a number";
        Session out;
        QString error;
        QVERIFY(sessionFromJson(j, out, &error));
        QCOMPARE(out.exchanges.size(), 1);
        QVERIFY(out.exchanges[0].requestHeaders.isEmpty());
        QVERIFY(out.steps.isEmpty());
        QVERIFY(out.tokens.accessToken.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestSessionJson)
#include "tst_sessionjson.moc"
