// Tests token response parsing against fixtures of real-world shapes (tests/data/token/).
#include "oauth/TokenResponse.h"

#include <QFile>
#include <QtTest>

using namespace wb;

class TestTokenResponse : public QObject {
    Q_OBJECT
private slots:
    void jsonSuccess();
    void expiresInAsString();
    void expiresInNotNumeric();
    void formEncodedGithub();
    void formEncodedGithubError();
    void htmlErrorPage();
    void htmlWithSuccessStatus();
    void truncatedJson();
    void invalidJsonSyntax();
    void emptyBody();
    void invalidGrant400();
    void aadstsExtrasKept();
    void slackOkFalse();
    void missingAccessToken();
    void missingTokenTypeWarns();
    void jsonArrayIsNotAnObject();
    void serverErrorWithJsonWithoutError();
    void plainTextBody();
    void formatToString();
};

static QByteArray fixture(const char *name)
{
    QFile f(QStringLiteral(WB_TEST_DATA_DIR "/token/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return f.readAll();
}

static const HttpHeaders kJson = {{"Content-Type", "application/json; charset=utf-8"}};
static const QDateTime kNow = QDateTime(QDate(2024, 5, 2), QTime(10, 0, 0), Qt::UTC);

static bool anyContains(const QStringList &list, const QString &needle)
{
    for (const QString &s : list) {
        if (s.contains(needle, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

void TestTokenResponse::jsonSuccess()
{
    const TokenResponse r = parseTokenResponse(200, kJson, fixture("success.json"), kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(toString(r.format), toString(BodyFormat::Json));
    QCOMPARE(r.tokens.accessToken, QStringLiteral("eyJhbGciOiJSUzI1NiJ9.access.sig"));
    QCOMPARE(r.tokens.tokenType, QStringLiteral("Bearer"));
    QCOMPARE(r.tokens.refreshToken, QStringLiteral("rt-8xLOxBtZp8"));
    QCOMPARE(r.tokens.idToken, QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2ln"));
    QCOMPARE(r.tokens.scope, QStringLiteral("openid profile offline_access"));
    QCOMPARE(r.tokens.expiresIn, std::optional<qint64>(3600));
    QCOMPARE(r.tokens.obtainedAt, kNow);
    QCOMPARE(r.tokens.expiresAt(), std::optional<QDateTime>(kNow.addSecs(3600)));
    QCOMPARE(r.tokens.extras, (nlohmann::json{{"ext_expires_in", 7200}, {"session_state", "b1c2"}}));
    QCOMPARE(r.members.size(), 8u);
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(" | ")));
}

void TestTokenResponse::expiresInAsString()
{
    const TokenResponse r = parseTokenResponse(200, kJson, fixture("expires_in_string.json"), kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(r.tokens.expiresIn, std::optional<qint64>(3600));
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains("expires_in was sent as a string"));
}

void TestTokenResponse::expiresInNotNumeric()
{
    const QByteArray body = R"({"access_token":"a","token_type":"Bearer","expires_in":"one hour"})";
    const TokenResponse r = parseTokenResponse(200, kJson, body, kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QVERIFY(!r.tokens.expiresIn.has_value());
    QVERIFY(anyContains(r.warnings, "expires_in is not a number (\"one hour\")"));
}

void TestTokenResponse::formEncodedGithub()
{
    const HttpHeaders headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    const TokenResponse r = parseTokenResponse(200, headers, fixture("github_form.txt"), kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(toString(r.format), toString(BodyFormat::Form));
    QCOMPARE(r.tokens.accessToken, QStringLiteral("gho_16C7e42F292c6912E7710c838347Ae178B4a"));
    QCOMPARE(r.tokens.scope, QStringLiteral("repo,gist"));
    QCOMPARE(r.tokens.tokenType, QStringLiteral("bearer"));
    QCOMPARE(r.members.at("scope").get<std::string>(), std::string("repo,gist"));
    QVERIFY(anyContains(r.warnings, "form-encoded token response (GitHub style)"));

    // Sniffed even when the server labels it text/plain.
    const TokenResponse sniffed =
        parseTokenResponse(200, {{"Content-Type", "text/plain"}}, fixture("github_form.txt"), kNow);
    QCOMPARE(toString(sniffed.format), toString(BodyFormat::Form));
    QCOMPARE(sniffed.tokens.accessToken, r.tokens.accessToken);
}

void TestTokenResponse::formEncodedGithubError()
{
    const HttpHeaders headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    const TokenResponse r = parseTokenResponse(200, headers, fixture("github_form_error.txt"), kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Protocol));
    QCOMPARE(r.error.code, QStringLiteral("bad_verification_code"));
    QVERIFY(r.error.protocol);
    QCOMPARE(r.error.protocol->description, QStringLiteral("The code passed is incorrect or expired."));
    QCOMPARE(r.error.protocol->uri, QStringLiteral("https://docs.github.com/apps/oauth-apps"));
    QCOMPARE(r.error.protocol->httpStatus, 200);
    QVERIFY(r.tokens.isEmpty());
}

void TestTokenResponse::htmlErrorPage()
{
    const HttpHeaders headers = {{"Content-Type", "text/html"}};
    const TokenResponse r = parseTokenResponse(502, headers, fixture("html_502.html"), kNow);
    QCOMPARE(toString(r.format), toString(BodyFormat::Html));
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Http));
    QCOMPARE(r.error.code, QStringLiteral("http_status"));
    QVERIFY2(r.error.message.contains("HTTP 502 with an HTML page"), qPrintable(r.error.message));
    QVERIFY(r.error.message.contains("502 Bad Gateway"));
    QVERIFY(!r.error.protocol);
    QVERIFY(r.tokens.isEmpty());
}

void TestTokenResponse::htmlWithSuccessStatus()
{
    // A proxy or a wrong URL answering 200 with a page, even when labelled JSON.
    const TokenResponse r = parseTokenResponse(200, kJson, fixture("html_502.html"), kNow);
    QCOMPARE(toString(r.format), toString(BodyFormat::Html));
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Parse));
    QCOMPARE(r.error.code, QStringLiteral("html_instead_of_json"));
    QVERIFY(r.error.message.contains("502 Bad Gateway"));

    // No doctype and a JSON content type: still recognised by the <html tag.
    const TokenResponse bare =
        parseTokenResponse(200, kJson, "\n  <HTML><body>Sign in to continue</body></HTML>", kNow);
    QCOMPARE(toString(bare.format), toString(BodyFormat::Html));
    QCOMPARE(bare.error.code, QStringLiteral("html_instead_of_json"));
}

void TestTokenResponse::truncatedJson()
{
    const QByteArray body = fixture("truncated.json");
    const TokenResponse r = parseTokenResponse(200, kJson, body, kNow);
    QCOMPARE(toString(r.format), toString(BodyFormat::Json));
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Parse));
    QCOMPARE(r.error.code, QStringLiteral("invalid_json"));
    QCOMPARE(body.size(), 78);
    QVERIFY2(r.error.message.contains(QStringLiteral("at byte 78 of 78")), qPrintable(r.error.message));
    QVERIFY(r.error.message.contains("truncated"));
    QVERIFY(r.tokens.isEmpty());
}

void TestTokenResponse::invalidJsonSyntax()
{
    const QByteArray body = R"({"access_token": 'single-quoted', "token_type": "Bearer"})";
    const TokenResponse r = parseTokenResponse(200, kJson, body, kNow);
    QCOMPARE(r.error.code, QStringLiteral("invalid_json"));
    QVERIFY2(r.error.message.contains("at byte 18 of"), qPrintable(r.error.message));
    QVERIFY(!r.error.message.contains("truncated"));
}

void TestTokenResponse::emptyBody()
{
    const TokenResponse r = parseTokenResponse(200, kJson, fixture("empty.txt"), kNow);
    QCOMPARE(toString(r.format), toString(BodyFormat::Empty));
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Parse));
    QCOMPARE(r.error.code, QStringLiteral("empty_body"));

    const TokenResponse ws = parseTokenResponse(200, {}, " \r\n", kNow);
    QCOMPARE(ws.error.code, QStringLiteral("empty_body"));

    const TokenResponse status = parseTokenResponse(401, {}, QByteArray(), kNow);
    QCOMPARE(toString(status.error.kind), toString(ErrorKind::Http));
    QVERIFY(status.error.message.contains("HTTP 401 with an empty body"));
}

void TestTokenResponse::invalidGrant400()
{
    const TokenResponse r = parseTokenResponse(400, kJson, fixture("invalid_grant_400.json"), kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Protocol));
    QCOMPARE(r.error.code, QStringLiteral("invalid_grant"));
    QVERIFY(r.error.protocol);
    QCOMPARE(r.error.protocol->error, QStringLiteral("invalid_grant"));
    QCOMPARE(r.error.protocol->description, QStringLiteral("Authorization code has already been used"));
    QCOMPARE(r.error.protocol->uri, QStringLiteral("https://as.example.com/errors/invalid_grant"));
    QCOMPARE(r.error.protocol->httpStatus, 400);
    QCOMPARE(r.error.protocol->extras, nlohmann::json::object());
    QVERIFY(r.error.message.contains("invalid_grant (HTTP 400)"));
    QVERIFY(r.error.message.contains("already been used"));
}

void TestTokenResponse::aadstsExtrasKept()
{
    const TokenResponse r = parseTokenResponse(400, kJson, fixture("aadsts_invalid_grant.json"), kNow);
    QCOMPARE(r.error.code, QStringLiteral("invalid_grant"));
    QVERIFY(r.error.protocol);
    const nlohmann::json &x = r.error.protocol->extras;
    QCOMPARE(x.at("error_codes"), nlohmann::json::array({70008}));
    QCOMPARE(x.at("trace_id").get<std::string>(), std::string("0b3b9b4e-2f5a-4c1e-9d2a-1c6f5e0a7b00"));
    QCOMPARE(x.at("correlation_id").get<std::string>(), std::string("7d1f2c3a-8e4b-4a6d-b5c9-2e3f4a5b6c7d"));
    QCOMPARE(x.at("timestamp").get<std::string>(), std::string("2024-05-02 10:11:12Z"));
    QVERIFY(!x.contains("error"));
    QVERIFY(!x.contains("error_description"));
    QVERIFY(r.error.protocol->description.startsWith("AADSTS70008:"));
}

void TestTokenResponse::slackOkFalse()
{
    const TokenResponse r = parseTokenResponse(200, kJson, fixture("slack_ok_false.json"), kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Protocol));
    QCOMPARE(r.error.code, QStringLiteral("invalid_code"));
    QVERIFY(r.error.protocol);
    QCOMPARE(r.error.protocol->httpStatus, 200);
    QCOMPARE(r.error.protocol->extras.at("ok"), nlohmann::json(false));
    QVERIFY(r.error.message.contains("success status"));
}

void TestTokenResponse::missingAccessToken()
{
    const TokenResponse r = parseTokenResponse(200, kJson, fixture("no_access_token.json"), kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Parse));
    QCOMPARE(r.error.code, QStringLiteral("missing_access_token"));
    QVERIFY2(r.error.message.contains("expires_in, scope, token_type"), qPrintable(r.error.message));
}

void TestTokenResponse::missingTokenTypeWarns()
{
    const TokenResponse r = parseTokenResponse(200, kJson, R"({"access_token":"abc"})", kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(r.tokens.accessToken, QStringLiteral("abc"));
    QVERIFY(!r.tokens.expiresIn);
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains("token_type is missing"));
}

void TestTokenResponse::jsonArrayIsNotAnObject()
{
    const TokenResponse r = parseTokenResponse(200, kJson, R"(["access_token"])", kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Parse));
    QCOMPARE(r.error.code, QStringLiteral("json_not_object"));
    QVERIFY(r.error.message.contains("array"));
}

void TestTokenResponse::serverErrorWithJsonWithoutError()
{
    const TokenResponse r =
        parseTokenResponse(500, kJson, R"({"message":"Internal error","requestId":"r-1"})", kNow);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Http));
    QCOMPARE(r.error.code, QStringLiteral("http_status"));
    QVERIFY(r.error.message.contains("HTTP 500 with a JSON body"));
    QVERIFY(r.error.message.contains("Internal error"));
    QCOMPARE(r.members.at("requestId").get<std::string>(), std::string("r-1"));
}

void TestTokenResponse::plainTextBody()
{
    const TokenResponse r =
        parseTokenResponse(200, {{"Content-Type", "text/plain"}}, "Service Unavailable\n", kNow);
    QCOMPARE(toString(r.format), toString(BodyFormat::Text));
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Parse));
    QCOMPARE(r.error.code, QStringLiteral("unexpected_body"));
    QVERIFY(r.error.message.contains("Service Unavailable"));
}

void TestTokenResponse::formatToString()
{
    QCOMPARE(toString(BodyFormat::Json), QStringLiteral("json"));
    QCOMPARE(toString(BodyFormat::Form), QStringLiteral("form"));
    QCOMPARE(toString(BodyFormat::Html), QStringLiteral("html"));
    QCOMPARE(toString(BodyFormat::Empty), QStringLiteral("empty"));
    QCOMPARE(toString(BodyFormat::Text), QStringLiteral("text"));
}

QTEST_GUILESS_MAIN(TestTokenResponse)
#include "tst_tokenresponse.moc"
