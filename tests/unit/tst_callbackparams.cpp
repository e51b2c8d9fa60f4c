// Tests for form encoding and callback parameter extraction (query, form_post, fragment).
#include "oauth/CallbackParams.h"

#include <QtTest>

using namespace wb;

namespace {

ParamList pl(std::initializer_list<QPair<QString, QString>> pairs)
{
    return ParamList(pairs);
}

const HttpHeaders kFormHeaders = {{"Host", "127.0.0.1:1"},
                                  {"Content-Type", "application/x-www-form-urlencoded"}};

} // namespace

class TestCallbackParams : public QObject {
    Q_OBJECT
private slots:
    void parseForm_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<ParamList>("expected");
        QTest::newRow("empty") << QByteArray() << ParamList();
        QTest::newRow("simple") << QByteArray("a=b&c=d") << pl({{"a", "b"}, {"c", "d"}});
        QTest::newRow("plus is space") << QByteArray("a=x+y") << pl({{"a", "x y"}});
        QTest::newRow("escaped plus") << QByteArray("a=x%2By") << pl({{"a", "x+y"}});
        QTest::newRow("percent space") << QByteArray("a%20b=c%20d") << pl({{"a b", "c d"}});
        QTest::newRow("lowercase hex") << QByteArray("a=%2f%3a") << pl({{"a", "/:"}});
        QTest::newRow("bad escape kept") << QByteArray("a=%zz") << pl({{"a", "%zz"}});
        QTest::newRow("short escape kept") << QByteArray("a=%4") << pl({{"a", "%4"}});
        QTest::newRow("lone percent") << QByteArray("a=%") << pl({{"a", "%"}});
        QTest::newRow("half-bad escape") << QByteArray("a=%4g1") << pl({{"a", "%4g1"}});
        QTest::newRow("empty segments") << QByteArray("&&a=1&&b=2&") << pl({{"a", "1"}, {"b", "2"}});
        QTest::newRow("no equals") << QByteArray("flag&a=1") << pl({{"flag", ""}, {"a", "1"}});
        QTest::newRow("empty value") << QByteArray("a=") << pl({{"a", ""}});
        QTest::newRow("empty name") << QByteArray("=v") << pl({{"", "v"}});
        QTest::newRow("equals in value") << QByteArray("a=b=c") << pl({{"a", "b=c"}});
        QTest::newRow("duplicates kept in order")
            << QByteArray("s=1&a=2&s=3") << pl({{"s", "1"}, {"a", "2"}, {"s", "3"}});
        QTest::newRow("utf8") << QByteArray("n=%C3%A9t%C3%A9")
                              << pl({{"n", QString::fromUtf8("\xc3\xa9t\xc3\xa9")}});
        QTest::newRow("invalid utf8")
            << QByteArray("n=%FF%FEx") << pl({{"n", QString(QChar(0xFFFD)) + QChar(0xFFFD) + u'x'}});
    }
    void parseForm()
    {
        QFETCH(QByteArray, input);
        QFETCH(ParamList, expected);
        QCOMPARE(parseFormUrlEncoded(input), expected);
    }

    void encodeForm()
    {
        QCOMPARE(encodeFormUrlEncoded({}), QByteArray());
        QCOMPARE(encodeFormUrlEncoded(pl({{"a", "b"}, {"c", "d"}})), QByteArray("a=b&c=d"));
        QCOMPARE(encodeFormUrlEncoded(pl({{"redirect_uri", "http://127.0.0.1:5/cb?x=1"}})),
                 QByteArray("redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fcb%3Fx%3D1"));
        QCOMPARE(encodeFormUrlEncoded(pl({{"scope", "openid profile"}})), QByteArray("scope=openid+profile"));
        QCOMPARE(encodeFormUrlEncoded(pl({{"p", "a+b&c=d%"}})), QByteArray("p=a%2Bb%26c%3Dd%25"));
        QCOMPARE(encodeFormUrlEncoded(pl({{"k", "-._~"}})), QByteArray("k=-._~"));
        QCOMPARE(encodeFormUrlEncoded(pl({{"k", QString::fromUtf8("\xc3\xa9")}})), QByteArray("k=%C3%A9"));
        QCOMPARE(encodeFormUrlEncoded(pl({{"k", ""}})), QByteArray("k="));
        QCOMPARE(encodeFormUrlEncoded(pl({{"", "v w"}})), QByteArray("=v+w")); // the Redactor relies on this
    }

    void roundTrip()
    {
        const ParamList params = pl({{"client secret", "p@ss:w+rd/%20&=?"},
                                     {"unicode", QString::fromUtf8("\xe2\x9c\x93 \xf0\x9f\x94\x91")},
                                     {"empty", ""},
                                     {"dup", "1"},
                                     {"dup", "2"}});
        QCOMPARE(parseFormUrlEncoded(encodeFormUrlEncoded(params)), params);
    }

    void queryCallback()
    {
        const CallbackParams p = parseCallbackRequest(
            QStringLiteral("GET"), "/callback?code=abc%2F1&state=s+1&iss=https%3A%2F%2Fidp", {}, {});
        QCOMPARE(p.source, QStringLiteral("query"));
        QVERIFY(p.hasCode && p.hasState && p.hasIss && !p.hasError);
        QCOMPARE(p.code, QStringLiteral("abc/1"));
        QCOMPARE(p.state, QStringLiteral("s 1"));
        QCOMPARE(p.iss, QStringLiteral("https://idp"));
        QCOMPARE(p.all.size(), 3);
    }

    void errorCallback()
    {
        const CallbackParams p = parseCallbackRequest(
            QStringLiteral("GET"),
            "/cb?error=access_denied&error_description=User+said+%22no%22&error_uri=https%3A%2F%2Fe&state=x",
            {}, {});
        QVERIFY(p.hasError && p.hasState && !p.hasCode && !p.hasIss);
        QCOMPARE(p.error, QStringLiteral("access_denied"));
        QCOMPARE(p.errorDescription, QStringLiteral("User said \"no\""));
        QCOMPARE(p.errorUri, QStringLiteral("https://e"));
    }

    void presenceVersusValue()
    {
        // An empty code is still "present": the validator, not the parser, decides it is unusable.
        const CallbackParams p = parseCallbackRequest(QStringLiteral("GET"), "/cb?code=&state", {}, {});
        QVERIFY(p.hasCode);
        QVERIFY(p.hasState);
        QVERIFY(p.code.isEmpty());
        const CallbackParams none = parseCallbackRequest(QStringLiteral("GET"), "/cb", {}, {});
        QVERIFY(none.all.isEmpty());
        QVERIFY(!none.hasCode && !none.hasState && !none.hasError && !none.hasIss);
        QCOMPARE(none.source, QStringLiteral("query"));
        QVERIFY(parseCallbackRequest(QStringLiteral("GET"), "/cb?", {}, {}).all.isEmpty());
    }

    void firstDuplicateWins()
    {
        const CallbackParams p =
            parseCallbackRequest(QStringLiteral("GET"), "/cb?state=one&code=c&state=two", {}, {});
        QCOMPARE(p.state, QStringLiteral("one"));
        QCOMPARE(p.all.size(), 3); // the duplicate stays visible to the validator
    }

    void hashInTargetIgnored()
    {
        const CallbackParams p = parseCallbackRequest(QStringLiteral("GET"), "/cb?code=a#code=b", {}, {});
        QCOMPARE(p.code, QStringLiteral("a"));
        QCOMPARE(p.all.size(), 1);
    }

    void formPost()
    {
        const CallbackParams p = parseCallbackRequest(QStringLiteral("POST"), "/cb?code=fromquery",
                                                      kFormHeaders, "code=fromform&state=st");
        QCOMPARE(p.source, QStringLiteral("form_post"));
        QCOMPARE(p.code, QStringLiteral("fromform"));
        QCOMPARE(p.state, QStringLiteral("st"));
        QCOMPARE(p.all.size(), 2);
    }

    void formContentTypeVariants_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<bool>("isForm");
        QTest::newRow("plain") << QByteArray("application/x-www-form-urlencoded") << true;
        QTest::newRow("charset") << QByteArray("application/x-www-form-urlencoded; charset=UTF-8") << true;
        QTest::newRow("case") << QByteArray("Application/X-WWW-Form-URLEncoded") << true;
        QTest::newRow("json") << QByteArray("application/json") << false;
        QTest::newRow("multipart") << QByteArray("multipart/form-data; boundary=x") << false;
        QTest::newRow("missing") << QByteArray() << false;
    }
    void formContentTypeVariants()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(bool, isForm);
        HttpHeaders headers;
        if (!contentType.isEmpty())
            headers.append({"content-type", contentType});
        const CallbackParams p =
            parseCallbackRequest(QStringLiteral("POST"), "/cb?code=q", headers, "code=f");
        QCOMPARE(p.source, isForm ? QStringLiteral("form_post") : QStringLiteral("query"));
        QCOMPARE(p.code, isForm ? QStringLiteral("f") : QStringLiteral("q"));
    }

    void getBodyIgnored()
    {
        const CallbackParams p =
            parseCallbackRequest(QStringLiteral("GET"), "/cb", kFormHeaders, "code=body");
        QVERIFY(p.all.isEmpty());
    }

    void fragment()
    {
        // What the recovery page posts for location.hash "#code=a%2Bb&state=s+t".
        const QByteArray body = encodeFormUrlEncoded(pl({{"wb_fragment", "code=a%2Bb&state=s+t"}}));
        const CallbackParams p = parseCallbackRequest(QStringLiteral("POST"), "/cb", kFormHeaders, body);
        QCOMPARE(p.source, QStringLiteral("fragment"));
        QCOMPARE(p.code, QStringLiteral("a+b"));
        QCOMPARE(p.state, QStringLiteral("s t"));
        QCOMPARE(p.all, pl({{"code", "a+b"}, {"state", "s t"}}));
    }

    void fragmentWithError()
    {
        const QByteArray body = "wb_fragment=" + QUrl::toPercentEncoding("error=login_required&state=z");
        const CallbackParams p = parseCallbackRequest(QStringLiteral("POST"), "/cb", kFormHeaders, body);
        QCOMPARE(p.source, QStringLiteral("fragment"));
        QVERIFY(p.hasError && !p.hasCode);
        QCOMPARE(p.error, QStringLiteral("login_required"));
    }
};

QTEST_GUILESS_MAIN(TestCallbackParams)
#include "tst_callbackparams.moc"
