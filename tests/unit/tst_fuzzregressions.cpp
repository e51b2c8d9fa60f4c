// Regressions for what the fuzz targets (tests/fuzz) found in the parsers, one test per bug, so a
// fix stays fixed in the ordinary unit run too. See docs/fuzzing.md for the list.
#include "oauth/Discovery.h"
#include "oauth/TokenResponse.h"
#include "util/JsonDepth.h"
#include "util/JsonNumber.h"
#include "util/JsonQt.h"

#include <QtTest>
#include <limits>

using namespace wb;

namespace {
QByteArray nested(int depth, const QByteArray &inner = "1")
{
    return QByteArray(depth, '[') + inner + QByteArray(depth, ']');
}
} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT
private slots:
    // A token endpoint (or discovery document, session or HAR file) answering "[[[[..." 100,000
    // levels deep parsed fine, then overflowed the stack when the value was copied or shown.
    void deeplyNestedJsonIsRefused()
    {
        QString error;
        QVERIFY(!parseJson(nested(100000), &error));
        QVERIFY2(error.contains(QStringLiteral("nested deeper than 512")), qPrintable(error));
        QVERIFY(parseJson(nested(kMaxJsonDepth)).has_value()); // the limit itself is fine
        QVERIFY(!parseJson(nested(kMaxJsonDepth + 1)).has_value());
        // Brackets inside strings (and escaped quotes) are not nesting.
        const QByteArray inString = "{\"a\":\"\\\"" + QByteArray(5000, '[') + "\"}";
        QVERIFY(parseJson(inString).has_value());

        const QByteArray body = "{\"access_token\":\"a\",\"x\":" + nested(100000) + "}";
        const TokenResponse r = parseTokenResponse(200, {{"Content-Type", "application/json"}}, body, {});
        QVERIFY(r.error.isError());
        QCOMPARE(r.error.code, QStringLiteral("invalid_json"));
        QVERIFY2(r.error.message.contains(QStringLiteral("deeper than 512")), qPrintable(r.error.message));

        const DiscoveryResult d = parseDiscoveryDocument("{\"issuer\":" + nested(100000) + "}",
                                                         QStringLiteral("https://idp.example.com"));
        QVERIFY(d.error.isError());
    }

    // expires_in 1e300 (or exp / offset_seconds of that size in an ID token, introspection answer,
    // session or HAR file) was converted to an integer: undefined behaviour (UBSan:
    // float-cast-overflow); integers near 2^63 overflowed when a leeway was added.
    void hugeNumbersSaturate()
    {
        using json = nlohmann::json;
        QCOMPARE(saturatedInt64(json(1e300)), kMaxJsonInteger);
        QCOMPARE(saturatedInt64(json(-1e300)), -kMaxJsonInteger);
        QCOMPARE(saturatedInt64(json(std::numeric_limits<qint64>::min())), -kMaxJsonInteger);
        QCOMPARE(saturatedInt64(json(std::numeric_limits<quint64>::max())), kMaxJsonInteger);
        QCOMPARE(saturatedInt64(json(3600.9)), qint64(3600));
        QCOMPARE(saturatedInt64(json(-42)), qint64(-42));
        QCOMPARE(saturatedInt64(json("3600"), -1), qint64(-1));

        const TokenResponse r =
            parseTokenResponse(200, {{"Content-Type", "application/json"}},
                               R"({"access_token":"a","token_type":"Bearer","expires_in":1e300})",
                               QDateTime::currentDateTimeUtc());
        QVERIFY(!r.error.isError());
        QVERIFY(r.tokens.expiresIn.has_value());
        QCOMPARE(*r.tokens.expiresIn, kMaxJsonInteger);
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
