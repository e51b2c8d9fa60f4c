// Negative and positive tests for every callback check: error, state, iss (RFC 9207), code.
#include "oauth/CallbackValidator.h"

#include <QtTest>

using namespace wb;

class TestCallbackValidator : public QObject {
    Q_OBJECT
private slots:
    void acceptsMatchingCallback();
    void wrongStateFails();
    void missingStateFails();
    void longStatesShortenedInMessage();
    void noStateSentFails();
    void wrongIssFails();
    void issDifferingByTrailingSlashFails();
    void issMissingWhenAdvertisedFails();
    void issAbsentNotAdvertisedPassesWithWarning();
    void issPresentButNoIssuerKnown();
    void errorCallbackKeepsProtocolFields();
    void errorCallbackWithWrongStateStillProtocolError();
    void missingCodeFails();
    void stateFailureWinsOverMissingCode();
    void stateOptOutIsRecorded();
    void issOptOutIsRecorded();
};

static const QString kIssuer = QStringLiteral("https://idp.example.com/realms/dev");

static CallbackParams okParams()
{
    CallbackParams p;
    p.source = QStringLiteral("query");
    p.hasCode = p.hasState = p.hasIss = true;
    p.code = QStringLiteral("SplxlOBeZQQYbYS6WxSbIA");
    p.state = QStringLiteral("af0ifjsldkj");
    p.iss = kIssuer;
    p.all = {{"code", p.code}, {"state", p.state}, {"iss", p.iss}};
    return p;
}

static CallbackExpectations okExpect()
{
    CallbackExpectations e;
    e.state = QStringLiteral("af0ifjsldkj");
    e.issuer = kIssuer;
    e.issAdvertised = true;
    return e;
}

// The checks entry named `check`; an empty object when absent.
static nlohmann::json checkNamed(const CallbackResult &r, const char *check)
{
    for (const auto &c : r.checks) {
        if (c.value("check", "") == check)
            return c;
    }
    return nlohmann::json::object();
}

static QString result(const CallbackResult &r, const char *check)
{
    return QString::fromStdString(checkNamed(r, check).value("result", "absent"));
}

void TestCallbackValidator::acceptsMatchingCallback()
{
    const CallbackResult r = validateCallback(okParams(), okExpect());
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(r.code, QStringLiteral("SplxlOBeZQQYbYS6WxSbIA"));
    QVERIFY(r.warnings.isEmpty());
    QCOMPARE(r.checks.size(), 4u);
    QCOMPARE(result(r, "error"), QStringLiteral("pass"));
    QCOMPARE(result(r, "state"), QStringLiteral("pass"));
    QCOMPARE(result(r, "iss"), QStringLiteral("pass"));
    QCOMPARE(result(r, "code"), QStringLiteral("pass"));
    const auto state = checkNamed(r, "state");
    QCOMPARE(state.at("expected").get<std::string>(), std::string("af0ifjsldkj"));
    QCOMPARE(state.at("actual").get<std::string>(), std::string("af0ifjsldkj"));
    QVERIFY(state.contains("note"));
    // The code itself is not copied into the checks table (it is a credential).
    QVERIFY(!QString::fromStdString(r.checks.dump()).contains("SplxlOBeZQQYbYS6WxSbIA"));
}

void TestCallbackValidator::wrongStateFails()
{
    CallbackParams p = okParams();
    p.state = QStringLiteral("xyz");
    const CallbackResult r = validateCallback(p, okExpect());
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Validation));
    QCOMPARE(r.error.code, QStringLiteral("state_mismatch"));
    QVERIFY(r.code.isEmpty());
    QCOMPARE(r.error.message,
             QStringLiteral("The state in the callback (xyz) does not match the state this flow "
                            "sent (af0ifjsldkj); the token request was not sent."));
    QCOMPARE(result(r, "state"), QStringLiteral("fail"));
    QCOMPARE(checkNamed(r, "state").at("actual").get<std::string>(), std::string("xyz"));
    QCOMPARE(checkNamed(r, "state").at("expected").get<std::string>(), std::string("af0ifjsldkj"));
}

void TestCallbackValidator::missingStateFails()
{
    CallbackParams p = okParams();
    p.hasState = false;
    p.state.clear();
    const CallbackResult r = validateCallback(p, okExpect());
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Validation));
    QCOMPARE(r.error.code, QStringLiteral("state_missing"));
    QVERIFY(r.error.message.contains("no state parameter"));
    QVERIFY(r.error.message.contains("af0ifjsldkj"));
    QVERIFY(r.code.isEmpty());
    QCOMPARE(result(r, "state"), QStringLiteral("fail"));
}

void TestCallbackValidator::longStatesShortenedInMessage()
{
    CallbackParams p = okParams();
    p.state = QStringLiteral("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
    CallbackExpectations e = okExpect();
    e.state = QStringLiteral("abcdefghijklmnopqrstuvwxyz012345");
    const CallbackResult r = validateCallback(p, e);
    QCOMPARE(r.error.code, QStringLiteral("state_mismatch"));
    QVERIFY2(r.error.message.contains(QStringLiteral("(zzzzzzzzzzzz…)")), qPrintable(r.error.message));
    QVERIFY2(r.error.message.contains(QStringLiteral("(abcdefghijkl…)")), qPrintable(r.error.message));
    // The table keeps the full values.
    QCOMPARE(checkNamed(r, "state").at("expected").get<std::string>(), e.state.toStdString());
}

void TestCallbackValidator::noStateSentFails()
{
    CallbackExpectations e = okExpect();
    e.state.clear();
    CallbackParams p = okParams();
    p.state.clear(); // state= present but empty must not "match" an empty expectation
    const CallbackResult r = validateCallback(p, e);
    QCOMPARE(r.error.code, QStringLiteral("state_mismatch"));
    QVERIFY(r.code.isEmpty());
}

void TestCallbackValidator::wrongIssFails()
{
    CallbackParams p = okParams();
    p.iss = QStringLiteral("https://evil.example.net");
    const CallbackResult r = validateCallback(p, okExpect());
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Validation));
    QCOMPARE(r.error.code, QStringLiteral("iss_mismatch"));
    QVERIFY(r.error.message.contains("https://evil.example.net"));
    QVERIFY(r.error.message.contains(kIssuer));
    QVERIFY(!r.error.message.contains("trailing slash"));
    QVERIFY(r.code.isEmpty());
    QCOMPARE(result(r, "iss"), QStringLiteral("fail"));
    QCOMPARE(result(r, "state"), QStringLiteral("pass"));
}

void TestCallbackValidator::issDifferingByTrailingSlashFails()
{
    CallbackParams p = okParams();
    p.iss = kIssuer + QLatin1Char('/');
    const CallbackResult r = validateCallback(p, okExpect());
    QCOMPARE(r.error.code, QStringLiteral("iss_mismatch"));
    QVERIFY(r.error.message.contains("trailing slash"));
}

void TestCallbackValidator::issMissingWhenAdvertisedFails()
{
    CallbackParams p = okParams();
    p.hasIss = false;
    p.iss.clear();
    const CallbackResult r = validateCallback(p, okExpect());
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Validation));
    QCOMPARE(r.error.code, QStringLiteral("iss_missing"));
    QVERIFY(r.error.message.contains("authorization_response_iss_parameter_supported"));
    QVERIFY(r.code.isEmpty());
    QCOMPARE(result(r, "iss"), QStringLiteral("fail"));
}

void TestCallbackValidator::issAbsentNotAdvertisedPassesWithWarning()
{
    CallbackParams p = okParams();
    p.hasIss = false;
    p.iss.clear();
    CallbackExpectations e = okExpect();
    e.issAdvertised = false;
    const CallbackResult r = validateCallback(p, e);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(r.code, p.code);
    QCOMPARE(result(r, "iss"), QStringLiteral("pass"));
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains("RFC 9207"));
}

void TestCallbackValidator::issPresentButNoIssuerKnown()
{
    CallbackExpectations e = okExpect();
    e.issuer.clear();
    e.issAdvertised = false;
    const CallbackResult r = validateCallback(okParams(), e);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(result(r, "iss"), QStringLiteral("skipped"));
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains(kIssuer));
}

void TestCallbackValidator::errorCallbackKeepsProtocolFields()
{
    CallbackParams p;
    p.source = QStringLiteral("query");
    p.hasError = p.hasState = true;
    p.state = QStringLiteral("af0ifjsldkj");
    p.error = QStringLiteral("access_denied");
    p.errorDescription = QStringLiteral("The user denied the request");
    p.errorUri = QStringLiteral("https://idp.example.com/help/access_denied");
    p.all = {{"error", p.error},
             {"error_description", p.errorDescription},
             {"error_uri", p.errorUri},
             {"state", p.state},
             {"session_state", "abc.def"}};
    CallbackExpectations e = okExpect();
    e.issAdvertised = false;
    const CallbackResult r = validateCallback(p, e);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Protocol));
    QCOMPARE(r.error.code, QStringLiteral("access_denied"));
    QVERIFY(r.error.protocol.has_value());
    QCOMPARE(r.error.protocol->error, QStringLiteral("access_denied"));
    QCOMPARE(r.error.protocol->description, QStringLiteral("The user denied the request"));
    QCOMPARE(r.error.protocol->uri, QStringLiteral("https://idp.example.com/help/access_denied"));
    QCOMPARE(r.error.protocol->httpStatus, 0);
    QCOMPARE(r.error.protocol->extras, (nlohmann::json{{"session_state", "abc.def"}}));
    QVERIFY(r.error.message.contains("access_denied"));
    QVERIFY(r.error.message.contains("The user denied the request"));
    QVERIFY(r.code.isEmpty());
    QCOMPARE(result(r, "error"), QStringLiteral("fail"));
    QCOMPARE(result(r, "state"), QStringLiteral("pass"));
    QCOMPARE(result(r, "code"), QStringLiteral("absent"));
    for (const QString &w : r.warnings)
        QVERIFY2(!w.contains("does not match"), qPrintable(w));
}

void TestCallbackValidator::errorCallbackWithWrongStateStillProtocolError()
{
    CallbackParams p;
    p.hasError = p.hasState = true;
    p.state = QStringLiteral("forged");
    p.error = QStringLiteral("invalid_scope");
    p.all = {{"error", p.error}, {"state", p.state}};
    CallbackExpectations e = okExpect();
    e.issAdvertised = false;
    const CallbackResult r = validateCallback(p, e);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Protocol));
    QCOMPARE(r.error.code, QStringLiteral("invalid_scope"));
    QCOMPARE(result(r, "state"), QStringLiteral("fail"));
    bool noted = false;
    for (const QString &w : r.warnings)
        noted = noted || (w.contains("does not match") && w.contains("forged"));
    QVERIFY2(noted, qPrintable(r.warnings.join(" | ")));
}

void TestCallbackValidator::missingCodeFails()
{
    CallbackParams p = okParams();
    p.hasCode = false;
    p.code.clear();
    const CallbackResult r = validateCallback(p, okExpect());
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::Validation));
    QCOMPARE(r.error.code, QStringLiteral("missing_code"));
    QVERIFY(r.code.isEmpty());
    QCOMPARE(result(r, "code"), QStringLiteral("fail"));
    QCOMPARE(result(r, "state"), QStringLiteral("pass"));
}

void TestCallbackValidator::stateFailureWinsOverMissingCode()
{
    CallbackParams p = okParams();
    p.hasCode = false;
    p.code.clear();
    p.state = QStringLiteral("other");
    const CallbackResult r = validateCallback(p, okExpect());
    QCOMPARE(r.error.code, QStringLiteral("state_mismatch"));
    QCOMPARE(result(r, "code"), QStringLiteral("fail"));
}

void TestCallbackValidator::stateOptOutIsRecorded()
{
    CallbackParams p = okParams();
    p.state = QStringLiteral("anything");
    CallbackExpectations e = okExpect();
    e.checkState = false;
    const CallbackResult r = validateCallback(p, e);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(r.code, p.code);
    QCOMPARE(result(r, "state"), QStringLiteral("skipped"));
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains("checkState"));
}

void TestCallbackValidator::issOptOutIsRecorded()
{
    CallbackParams p = okParams();
    p.iss = QStringLiteral("https://other.example");
    CallbackExpectations e = okExpect();
    e.checkIss = false;
    const CallbackResult r = validateCallback(p, e);
    QCOMPARE(toString(r.error.kind), toString(ErrorKind::None));
    QCOMPARE(r.code, p.code);
    QCOMPARE(result(r, "iss"), QStringLiteral("skipped"));
    QCOMPARE(r.warnings.size(), 1);
    QVERIFY(r.warnings.first().contains("checkIss"));
}

QTEST_GUILESS_MAIN(TestCallbackValidator)
#include "tst_callbackvalidator.moc"
