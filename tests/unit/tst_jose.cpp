// Tests for jose/: base64url, JWK export and thumbprints, RS256/ES256 compact JWS signing checked
// against OpenSSL directly (with our own R||S -> DER conversion here), and the JWS verifier.

#include "jose/Base64Url.h"
#include "jose/EcdsaSignature.h"
#include "jose/Jws.h"
#include "jose/JwsVerifier.h"
#include "jose/SigningKey.h"
#include "util/JsonQt.h"

#include <QTest>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

using namespace wb::jose;
using nlohmann::json;

#define COMPARE_JSON(actual, expected)                                                                       \
    QVERIFY2((actual) == (expected),                                                                         \
             qPrintable(QString::fromStdString((actual).dump() + " != " + (expected).dump())))

namespace {

QString str(const json &j, const char *key)
{
    return wb::jsonString(j, key);
}

QByteArray b64d(const QByteArray &s)
{
    auto d = base64UrlDecode(s);
    return d ? *d : QByteArray("<invalid>");
}

json partJson(const QByteArray &part)
{
    return json::parse(b64d(part).toStdString());
}

// Independent of jose/EcdsaSignature: builds the DER form OpenSSL verifies from R||S.
QByteArray rawToDerHere(const QByteArray &raw)
{
    const auto *p = reinterpret_cast<const unsigned char *>(raw.constData());
    ECDSA_SIG *sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(p, 32, nullptr), BN_bin2bn(p + 32, 32, nullptr));
    unsigned char *der = nullptr;
    const int len = i2d_ECDSA_SIG(sig, &der);
    QByteArray out(reinterpret_cast<const char *>(der), len);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    return out;
}

bool opensslVerify(EVP_PKEY *pkey, const QByteArray &input, const QByteArray &sig)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, pkey) == 1 &&
                    EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(sig.constData()),
                                     static_cast<size_t>(sig.size()),
                                     reinterpret_cast<const unsigned char *>(input.constData()),
                                     static_cast<size_t>(input.size())) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

QByteArray bnParam(EVP_PKEY *pkey, const char *name)
{
    BIGNUM *bn = nullptr;
    EVP_PKEY_get_bn_param(pkey, name, &bn);
    QByteArray out(BN_num_bytes(bn), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(out.data()));
    BN_free(bn);
    return out;
}

} // namespace

class TestJose : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void base64Url();
    void thumbprintRfc7638();
    void rsaJwk();
    void ecJwk();
    void signRs256();
    void signEs256();
    void ecdsaConversion();
    void verifierAcceptsOwnTokens();
    void verifierRejects_data();
    void verifierRejects();
    void invalidUtf8DoesNotThrow();

private:
    std::optional<SigningKey> m_rsa;
    std::optional<SigningKey> m_ec;
};

void TestJose::initTestCase()
{
    QString error;
    m_rsa = SigningKey::generate(JwsAlgorithm::RS256, &error);
    QVERIFY2(m_rsa, qPrintable(error));
    m_ec = SigningKey::generate(JwsAlgorithm::ES256, &error);
    QVERIFY2(m_ec, qPrintable(error));
}

void TestJose::base64Url()
{
    // RFC 7515 Appendix C example.
    const QByteArray bytes("\x03\xec\xff\xe0\xc1", 5);
    QCOMPARE(base64UrlEncode(bytes), QByteArray("A-z_4ME"));
    QCOMPARE(b64d("A-z_4ME"), bytes);
    QCOMPARE(base64UrlDecode("").value(), QByteArray());
    QVERIFY(!base64UrlDecode("A-z_4ME=")); // padding
    QVERIFY(!base64UrlDecode("A+z/4ME"));  // standard alphabet
    QVERIFY(!base64UrlDecode("A-z_4 ME")); // whitespace
    QVERIFY(!base64UrlDecode("AAAAA"));    // 1 mod 4 can't be whole bytes
}

void TestJose::thumbprintRfc7638()
{
    const json jwk = {{"kty", "RSA"},
                      {"e", "AQAB"},
                      {"alg", "RS256"},
                      {"kid", "2011-04-29"},
                      {"n", "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1"
                            "L6tSoc_BJECPebWKRXjBZCiF"
                            "V4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
                            "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9"
                            "c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-"
                            "bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1"
                            "jF44-csFCur-kEgU8awapJzKnqDKgw"}};
    QCOMPARE(jwkThumbprint(jwk), QByteArray("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
    QVERIFY(jwkThumbprint(json{{"kty", "oct"}, {"k", "x"}}).isEmpty());
    QVERIFY(jwkThumbprint(json{{"kty", "RSA"}, {"e", "AQAB"}}).isEmpty());
}

void TestJose::rsaJwk()
{
    const json jwk = m_rsa->publicJwk();
    QCOMPARE(str(jwk, "kty"), QString("RSA"));
    QCOMPARE(str(jwk, "alg"), QString("RS256"));
    QCOMPARE(str(jwk, "use"), QString("sig"));
    QCOMPARE(str(jwk, "e"), QString("AQAB"));
    QCOMPARE(str(jwk, "kid"), m_rsa->kid());
    QCOMPARE(m_rsa->kid().toLatin1(), jwkThumbprint(jwk));
    const QByteArray n = b64d(QByteArray::fromStdString(jwk.value("n", "")));
    QCOMPARE(n.size(), 256);
    QCOMPARE(n, bnParam(m_rsa->pkey(), OSSL_PKEY_PARAM_RSA_N));
    for (const char *priv : {"d", "p", "q", "dp", "dq", "qi"})
        QVERIFY2(!jwk.contains(priv), priv);
}

void TestJose::ecJwk()
{
    const json jwk = m_ec->publicJwk();
    QCOMPARE(str(jwk, "kty"), QString("EC"));
    QCOMPARE(str(jwk, "crv"), QString("P-256"));
    QCOMPARE(str(jwk, "alg"), QString("ES256"));
    QCOMPARE(str(jwk, "use"), QString("sig"));
    QCOMPARE(m_ec->kid().toLatin1(), jwkThumbprint(jwk));
    QVERIFY(!jwk.contains("d"));
    const QByteArray x = b64d(QByteArray::fromStdString(jwk.value("x", "")));
    const QByteArray y = b64d(QByteArray::fromStdString(jwk.value("y", "")));
    QCOMPARE(x.size(), 32);
    QCOMPARE(y.size(), 32);
    unsigned char point[100];
    size_t len = 0;
    QVERIFY(EVP_PKEY_get_octet_string_param(m_ec->pkey(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point,
                                            sizeof point, &len) == 1);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(point), static_cast<int>(len)),
             QByteArray("\x04") + x + y);
    QVERIFY(m_ec->kid() != m_rsa->kid());
}

void TestJose::signRs256()
{
    const json payload = {{"sub", "alice"}, {"n", 1}};
    const QByteArray jws = Jws::sign(*m_rsa, payload, {{"typ", "JWT"}});
    const QList<QByteArray> parts = jws.split('.');
    QCOMPARE(parts.size(), 3);
    COMPARE_JSON(partJson(parts[0]),
                 (json{{"alg", "RS256"}, {"kid", m_rsa->kid().toStdString()}, {"typ", "JWT"}}));
    COMPARE_JSON(partJson(parts[1]), payload);
    const QByteArray sig = b64d(parts[2]);
    QCOMPARE(sig.size(), 256);
    const QByteArray input = parts[0] + '.' + parts[1];
    QVERIFY(opensslVerify(m_rsa->pkey(), input, sig));
    QVERIFY(!opensslVerify(m_rsa->pkey(), input + 'x', sig));
    // PKCS#1 v1.5 is deterministic; PSS (which RS256 is not) would differ each time.
    QCOMPARE(Jws::sign(*m_rsa, payload, {{"typ", "JWT"}}), jws);
}

void TestJose::signEs256()
{
    const json payload = {{"sub", "bob"}};
    const QByteArray jws = Jws::sign(*m_ec, payload);
    const QList<QByteArray> parts = jws.split('.');
    QCOMPARE(parts.size(), 3);
    COMPARE_JSON(partJson(parts[0]), (json{{"alg", "ES256"}, {"kid", m_ec->kid().toStdString()}}));
    COMPARE_JSON(partJson(parts[1]), payload);
    const QByteArray raw = b64d(parts[2]);
    QCOMPARE(raw.size(), 64);
    const QByteArray input = parts[0] + '.' + parts[1];
    QVERIFY(opensslVerify(m_ec->pkey(), input, rawToDerHere(raw)));
    QVERIFY(!opensslVerify(m_ec->pkey(), input, raw)); // R||S is not DER
    QVERIFY(!opensslVerify(m_ec->pkey(), "x" + input, rawToDerHere(raw)));
}

void TestJose::ecdsaConversion()
{
    // Small components must be left-padded to 32 bytes each.
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_new();
    BIGNUM *s = BN_new();
    BN_set_word(r, 1);
    BN_set_word(s, 0x0203);
    ECDSA_SIG_set0(sig, r, s);
    unsigned char *der = nullptr;
    const int len = i2d_ECDSA_SIG(sig, &der);
    const QByteArray derBytes(reinterpret_cast<const char *>(der), len);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);

    QByteArray expected(64, '\0');
    expected[31] = '\x01';
    expected[62] = '\x02';
    expected[63] = '\x03';
    QCOMPARE(ecdsaDerToRaw(derBytes, 32), expected);
    QCOMPARE(ecdsaRawToDer(expected), derBytes);
    QVERIFY(ecdsaDerToRaw("garbage", 32).isEmpty());
    QVERIFY(ecdsaRawToDer(QByteArray(63, 'a')).isEmpty());
}

void TestJose::verifierAcceptsOwnTokens()
{
    const json jwks = {{"keys", {m_rsa->publicJwk(), m_ec->publicJwk()}}};
    for (const SigningKey *key : {&*m_rsa, &*m_ec}) {
        const auto result = JwsVerifier::verify(Jws::sign(*key, {{"iss", "x"}}), jwks);
        QVERIFY2(result.ok, qPrintable(result.error));
        COMPARE_JSON(result.payload, (json{{"iss", "x"}}));
        QCOMPARE(str(result.key, "kid"), key->kid());
    }
}

void TestJose::verifierRejects_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("why");
    const QByteArray good = Jws::sign(*m_rsa, {{"sub", "a"}});
    const QList<QByteArray> p = good.split('.');
    const QByteArray otherPayload = base64UrlEncode(R"({"sub":"b"})");
    const auto header = [](const json &h) { return base64UrlEncode(QByteArray::fromStdString(h.dump())); };
    const std::string rsaKid = m_rsa->kid().toStdString();

    QTest::newRow("tampered payload")
        << p[0] + '.' + otherPayload + '.' + p[2] << "signature does not verify";
    QTest::newRow("alg none") << header({{"alg", "none"}}) + '.' + p[1] + '.' << "unsupported alg";
    QTest::newRow("alg HS256") << header({{"alg", "HS256"}, {"kid", rsaKid}}) + '.' + p[1] + '.' + p[2]
                               << "unsupported alg";
    QTest::newRow("ES256 with RSA kid")
        << header({{"alg", "ES256"}, {"kid", rsaKid}}) + '.' + p[1] + '.' + p[2] << "no key in the JWK Set";
    QTest::newRow("unknown kid") << header({{"alg", "RS256"}, {"kid", "nope"}}) + '.' + p[1] + '.' + p[2]
                                 << "no key in the JWK Set";
    QTest::newRow("two parts") << p[0] + '.' + p[1] << "expected 3 parts";
    QTest::newRow("bad base64") << p[0] + ".%%%." + p[2] << "not valid base64url";
    QTest::newRow("signature from other key")
        << p[0] + '.' + p[1] + '.' +
               Jws::sign(*SigningKey::generate(JwsAlgorithm::RS256), {{"sub", "a"}}).split('.')[2]
        << "signature does not verify";
}

void TestJose::verifierRejects()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, why);
    const json jwks = {{"keys", {m_rsa->publicJwk(), m_ec->publicJwk()}}};
    const auto result = JwsVerifier::verify(token, jwks);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(why), qPrintable(result.error));
}

void TestJose::invalidUtf8DoesNotThrow()
{
    const json payload = {{"nonce", std::string("\xff\xfe bad", 6)}};
    const QByteArray jws = Jws::sign(*m_ec, payload);
    QCOMPARE(jws.count('.'), 2);
    const auto result = JwsVerifier::verify(jws, json{{"keys", {m_ec->publicJwk()}}});
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.payload.value("nonce", "").find("bad") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestJose)
#include "tst_jose.moc"
