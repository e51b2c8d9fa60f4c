// Tests display-only JWT decoding: well-formed tokens, padding tolerance and every malformation.
#include "oauth/Jwt.h"

#include <QtTest>

using namespace wb;

class TestJwt : public QObject {
    Q_OBJECT
private slots:
    void decodesKnownToken();
    void toleratesPaddingAndWhitespace();
    void unsignedTokenHasEmptySignature();
    void wrongPartCount_data();
    void wrongPartCount();
    void badBase64();
    void payloadNotJson();
    void headerNotObject();
    void looksLikeJwt_data();
    void looksLikeJwt();
};

// The widely published HS256 example token (header {"alg":"HS256","typ":"JWT"}).
static const QString kToken =
    QStringLiteral("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                   "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIy"
                   "fQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");

static QByteArray b64url(const QByteArray &raw)
{
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

void TestJwt::decodesKnownToken()
{
    const DecodedJwt d = decodeJwt(kToken);
    QVERIFY2(d.ok, qPrintable(d.error));
    QVERIFY(d.error.isEmpty());
    QCOMPARE(d.header, (nlohmann::json{{"alg", "HS256"}, {"typ", "JWT"}}));
    QCOMPARE(d.payload, (nlohmann::json{{"sub", "1234567890"}, {"name", "John Doe"}, {"iat", 1516239022}}));
    QCOMPARE(d.signature.size(), 32);
    QCOMPARE(d.signature.toHex().left(8), QByteArray("49f94ac7"));
    QCOMPARE(d.signingInput, kToken.section('.', 0, 1).toLatin1());
}

void TestJwt::toleratesPaddingAndWhitespace()
{
    // {"a":1} encodes to 10 chars, needing "==" when padded.
    const QByteArray header = QByteArray(R"({"alg":"none"})").toBase64(QByteArray::Base64UrlEncoding);
    const QByteArray payload = QByteArray(R"({"a":1})").toBase64(QByteArray::Base64UrlEncoding);
    QVERIFY(payload.endsWith("=="));
    const DecodedJwt d = decodeJwt(QString::fromLatin1("  " + header + '.' + payload + ".c2ln\n"));
    QVERIFY2(d.ok, qPrintable(d.error));
    QCOMPARE(d.payload.at("a").get<int>(), 1);
    QCOMPARE(d.signature, QByteArray("sig"));
}

void TestJwt::unsignedTokenHasEmptySignature()
{
    const QByteArray t = b64url(R"({"alg":"none"})") + '.' + b64url(R"({"sub":"x"})") + '.';
    const DecodedJwt d = decodeJwt(QString::fromLatin1(t));
    QVERIFY2(d.ok, qPrintable(d.error));
    QVERIFY(d.signature.isEmpty());
    QCOMPARE(d.header.at("alg").get<std::string>(), std::string("none"));
}

void TestJwt::wrongPartCount_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("needle");
    QTest::newRow("one part") << "eyJhbGciOiJIUzI1NiJ9"
                              << "has 1";
    QTest::newRow("two parts") << "eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ"
                               << "has 2";
    QTest::newRow("four parts") << "a.b.c.d"
                                << "has 4";
    QTest::newRow("JWE") << "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d"
                         << "encrypted";
    QTest::newRow("empty") << ""
                           << "has 1";
}

void TestJwt::wrongPartCount()
{
    QFETCH(QString, token);
    QFETCH(QString, needle);
    const DecodedJwt d = decodeJwt(token);
    QVERIFY(!d.ok);
    QVERIFY2(d.error.contains(needle), qPrintable(d.error));
}

void TestJwt::badBase64()
{
    const DecodedJwt d = decodeJwt(QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJ+YSI6MX0.c2ln"));
    QVERIFY(!d.ok);
    QVERIFY2(d.error.contains("payload is not valid base64url"), qPrintable(d.error));
    QCOMPARE(d.header.at("alg").get<std::string>(), std::string("HS256")); // what could be read is kept

    const DecodedJwt sig = decodeJwt(kToken.section('.', 0, 1) + QStringLiteral(".a/b"));
    QVERIFY(!sig.ok);
    QVERIFY(sig.error.contains("signature"));

    const DecodedJwt len = decodeJwt(QStringLiteral("eyJhbGciOiJIUzI1NiJ9x.eyJhIjoxfQ.c2ln"));
    QVERIFY(!len.ok);
    QVERIFY2(len.error.contains("header is not valid base64url"), qPrintable(len.error));
}

void TestJwt::payloadNotJson()
{
    const QByteArray t = b64url(R"({"alg":"HS256"})") + '.' + b64url("not json") + ".c2ln";
    const DecodedJwt d = decodeJwt(QString::fromLatin1(t));
    QVERIFY(!d.ok);
    QVERIFY2(d.error.contains("payload is not JSON"), qPrintable(d.error));
}

void TestJwt::headerNotObject()
{
    const QByteArray t = b64url("[1,2]") + '.' + b64url(R"({"a":1})") + ".c2ln";
    const DecodedJwt d = decodeJwt(QString::fromLatin1(t));
    QVERIFY(!d.ok);
    QVERIFY2(d.error.contains("header is JSON but not an object"), qPrintable(d.error));
    QCOMPARE(d.payload.at("a").get<int>(), 1);
}

void TestJwt::looksLikeJwt_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("expected");
    QTest::newRow("example") << kToken << true;
    QTest::newRow("unsigned") << QString::fromLatin1(b64url(R"({"alg":"none"})") + ".e30.") << true;
    QTest::newRow("opaque access token") << "ya29.a0AfH6SMBx" << false;
    QTest::newRow("github token") << "gho_16C7e42F292c6912E7710c838347Ae178B4a" << false;
    QTest::newRow("three parts, header not JSON") << "abc.def.ghi" << false;
    QTest::newRow("bad character") << kToken + "+" << false;
    QTest::newRow("empty payload") << "eyJhbGciOiJIUzI1NiJ9..c2ln" << false;
    QTest::newRow("empty") << "" << false;
}

void TestJwt::looksLikeJwt()
{
    QFETCH(QString, token);
    QFETCH(bool, expected);
    QCOMPARE(wb::looksLikeJwt(token), expected);
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
