// Tests for jose/: base64url, JWK export and thumbprints, RS256/ES256 compact JWS signing checked
// against OpenSSL directly (with our own R||S -> DER conversion here), the JWK parser, and the JWS
// verifier for every algorithm (published RFC vectors under tests/data/idtoken/, generated keys).

#include "jose/Base64Url.h"
#include "jose/EcdsaSignature.h"
#include "jose/Jwk.h"
#include "jose/Jws.h"
#include "jose/JwsVerifier.h"
#include "jose/SigningKey.h"
#include "util/JsonQt.h"

#include <QFile>
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
    void rfcVectors();
    void everyAlgorithmRoundTrips_data();
    void everyAlgorithmRoundTrips();
    void keySelectionWithoutKid();
    void algConfusionRejected();
    void jwkParserRejects_data();
    void jwkParserRejects();
    void jwkSetParsing();

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
    QTest::newRow("alg none") << header({{"alg", "none"}}) + '.' + p[1] + '.' << "alg \"none\"";
    QTest::newRow("alg HS256") << header({{"alg", "HS256"}, {"kid", rsaKid}}) + '.' + p[1] + '.' + p[2]
                               << "unsupported alg";
    QTest::newRow("ES256 with RSA kid")
        << header({{"alg", "ES256"}, {"kid", rsaKid}}) + '.' + p[1] + '.' + p[2]
        << "has type RSA, ES256 needs EC";
    QTest::newRow("unknown kid") << header({{"alg", "RS256"}, {"kid", "nope"}}) + '.' + p[1] + '.' + p[2]
                                 << "no key in the JWK Set has kid";
    QTest::newRow("crit header") << header({{"alg", "RS256"}, {"kid", rsaKid}, {"crit", {"exp"}}}) + '.' +
                                        p[1] + '.' + p[2]
                                 << "crit";
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

void TestJose::rfcVectors()
{
    QFile file(QStringLiteral(WB_TEST_DATA_DIR "/idtoken/rfc-vectors.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const json doc = json::parse(file.readAll().toStdString());
    QCOMPARE(doc["vectors"].size(), size_t(3));
    for (const auto &v : doc["vectors"]) {
        const QString alg = str(v, "alg");
        const QList<QByteArray> parts = QByteArray::fromStdString(v["jws"].get<std::string>()).split('.');
        const QByteArray input = parts[0] + '.' + parts[1];
        const QByteArray sig = b64d(parts[2]);
        QString error;
        QVERIFY2(JwsVerifier::verifySignature(v["jwk"], alg, input, sig, &error),
                 qPrintable(alg + ": " + error));
        QVERIFY2(!JwsVerifier::verifySignature(v["jwk"], alg, input + 'x', sig), qPrintable(alg));
        QByteArray flipped = sig;
        flipped[flipped.size() - 1] = char(flipped.back() ^ 1);
        QVERIFY2(!JwsVerifier::verifySignature(v["jwk"], alg, input, flipped), qPrintable(alg));
    }
    // The RS256 and ES256 vectors are JWTs without kid: a one-key set is chosen by type.
    for (int i : {0, 1}) {
        const auto &v = doc["vectors"][i];
        const auto r = JwsVerifier::verify(QByteArray::fromStdString(v["jws"].get<std::string>()),
                                           json{{"keys", {v["jwk"]}}});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(str(r.payload, "iss"), QStringLiteral("joe"));
    }
}

void TestJose::everyAlgorithmRoundTrips_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("kty");
    QTest::addColumn<int>("signatureBytes");
    QTest::newRow("RS384") << "RS384"
                           << "RSA" << 256;
    QTest::newRow("RS512") << "RS512"
                           << "RSA" << 256;
    QTest::newRow("PS256") << "PS256"
                           << "RSA" << 256;
    QTest::newRow("PS384") << "PS384"
                           << "RSA" << 256;
    QTest::newRow("PS512") << "PS512"
                           << "RSA" << 256;
    QTest::newRow("ES384") << "ES384"
                           << "EC" << 96;
    QTest::newRow("ES512") << "ES512"
                           << "EC" << 132;
    QTest::newRow("EdDSA") << "EdDSA"
                           << "OKP" << 64;
}

void TestJose::everyAlgorithmRoundTrips()
{
    QFETCH(QString, alg);
    QFETCH(QString, kty);
    QFETCH(int, signatureBytes);
    const auto a = jwsAlgorithmFromString(alg);
    QVERIFY(a);
    QCOMPARE(toString(*a), alg);
    QString error;
    const auto key = SigningKey::generate(*a, &error);
    QVERIFY2(key, qPrintable(error));
    const json jwk = key->publicJwk();
    QCOMPARE(str(jwk, "kty"), kty);
    QCOMPARE(str(jwk, "alg"), alg);
    QVERIFY(!jwk.contains("d"));
    QCOMPARE(str(jwk, "kid"), QString::fromLatin1(jwkThumbprint(jwk)));
    const QByteArray token = Jws::sign(*key, {{"sub", "x"}});
    QCOMPARE(b64d(token.split('.')[2]).size(), signatureBytes);
    const json jwks = {{"keys", {m_rsa->publicJwk(), m_ec->publicJwk(), jwk}}};
    const auto r = JwsVerifier::verify(token, jwks);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(str(r.key, "kid"), key->kid());
    // Same kid, another key of the same kind: the signature must not verify.
    auto other = SigningKey::generate(*a);
    other->setKid(key->kid());
    const auto forged = JwsVerifier::verify(Jws::sign(*other, {{"sub", "x"}}), jwks);
    QVERIFY(!forged.ok);
    QVERIFY(forged.failure == JwsFailure::BadSignature);
}

void TestJose::keySelectionWithoutKid()
{
    const auto headerless = [](const SigningKey &key) {
        const QList<QByteArray> p = Jws::sign(key, {{"sub", "a"}}).split('.');
        const QByteArray header =
            base64UrlEncode(json{{"alg", toString(key.algorithm()).toStdString()}}.dump().c_str());
        const QByteArray input = header + '.' + p[1];
        return input + '.' + base64UrlEncode(key.sign(input));
    };
    // One RSA and one EC key: the alg picks the only key that fits.
    const json jwks = {{"keys", {m_rsa->publicJwk(), m_ec->publicJwk()}}};
    for (const SigningKey *key : {&*m_rsa, &*m_ec}) {
        const auto r = JwsVerifier::verify(headerless(*key), jwks);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(str(r.key, "kid"), key->kid());
    }
    // Two RSA keys and no kid: refuse to guess.
    const auto rsa2 = SigningKey::generate(JwsAlgorithm::RS256);
    const auto r =
        JwsVerifier::verify(headerless(*m_rsa), json{{"keys", {m_rsa->publicJwk(), rsa2->publicJwk()}}});
    QVERIFY(!r.ok);
    QVERIFY(r.failure == JwsFailure::AmbiguousKey);
    // No kid and nothing fits: the caller may refetch.
    const auto none = JwsVerifier::verify(headerless(*m_ec), json{{"keys", {m_rsa->publicJwk()}}});
    QVERIFY(none.failure == JwsFailure::NoMatchingKey);
    QVERIFY(none.keyNotFound());
}

void TestJose::algConfusionRejected()
{
    // HS256 "signed" with the RSA public key's bytes as the HMAC secret: the classic attack.
    const json jwk = m_rsa->publicJwk();
    const QByteArray header = base64UrlEncode(json{{"alg", "HS256"}, {"kid", jwk["kid"]}}.dump().c_str());
    const QByteArray input = header + '.' + base64UrlEncode(R"({"sub":"admin"})");
    const QByteArray macKey = QByteArray::fromStdString(jwk.dump());
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t macLen = 0;
    QVERIFY(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, macKey.constData(), size_t(macKey.size()),
                      reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()), mac,
                      sizeof mac, &macLen) != nullptr);
    const QByteArray token =
        input + '.' + base64UrlEncode(QByteArray(reinterpret_cast<char *>(mac), int(macLen)));
    const auto r = JwsVerifier::verify(token, json{{"keys", {jwk}}});
    QVERIFY(!r.ok);
    QVERIFY(r.failure == JwsFailure::UnsupportedAlg);
    QVERIFY2(r.error.contains(QStringLiteral("alg-confusion")), qPrintable(r.error));
    // An RS256 token against a JWK restricted to PS256 with the same kid: refused, not tried.
    json restricted = jwk;
    restricted["alg"] = "PS256";
    const auto m = JwsVerifier::verify(Jws::sign(*m_rsa, {{"sub", "a"}}), json{{"keys", {restricted}}});
    QVERIFY(m.failure == JwsFailure::KeyMismatch);
    // ES256 claimed, P-384 key under that kid: curve mismatch.
    const auto p384 = SigningKey::generate(JwsAlgorithm::ES384);
    json wrongCurve = p384->publicJwk();
    wrongCurve.erase("alg");
    wrongCurve["kid"] = m_ec->kid().toStdString();
    const auto c = JwsVerifier::verify(Jws::sign(*m_ec, {{"sub", "a"}}), json{{"keys", {wrongCurve}}});
    QVERIFY(c.failure == JwsFailure::KeyMismatch);
    QVERIFY2(c.error.contains(QStringLiteral("curve P-384")), qPrintable(c.error));
}

void TestJose::jwkParserRejects_data()
{
    QTest::addColumn<QByteArray>("jwk");
    QTest::addColumn<QString>("why");
    QTest::newRow("oct") << QByteArray(R"({"kty":"oct","k":"AAAA"})") << "symmetric";
    QTest::newRow("unknown kty") << QByteArray(R"({"kty":"XYZ"})") << "unsupported key type";
    QTest::newRow("RSA without e") << QByteArray(R"({"kty":"RSA","n":"AQAB"})") << "n and e";
    QTest::newRow("EC bad curve") << QByteArray(R"({"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"})")
                                  << "unsupported EC curve";
    QTest::newRow("EC short x") << QByteArray(R"({"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"})")
                                << "32 bytes";
    // 32 zero bytes for x and y: not a point on P-256.
    QTest::newRow("EC off curve")
        << QByteArray(
               R"({"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})")
        << "not on the curve";
    QTest::newRow("Ed448") << QByteArray(R"({"kty":"OKP","crv":"Ed448","x":"AA"})")
                           << "unsupported OKP curve";
    QTest::newRow("not base64url") << QByteArray(R"({"kty":"OKP","crv":"Ed25519","x":"a+b/"})") << "32 bytes";
}

void TestJose::jwkParserRejects()
{
    QFETCH(QByteArray, jwk);
    QFETCH(QString, why);
    QString error;
    QVERIFY(!publicKeyFromJwk(json::parse(jwk.toStdString()), &error));
    QVERIFY2(error.contains(why), qPrintable(error));
}

void TestJose::jwkSetParsing()
{
    QVERIFY(!parseJwkSet("not json").ok);
    QVERIFY(!parseJwkSet(R"({"keys":{}})").ok);
    QVERIFY(!parseJwkSet(R"([])").ok);
    const QByteArray body = QByteArray::fromStdString(json{
        {"keys", {m_rsa->publicJwk(), 7, json{{"kty", "RSA"}, {"use", "enc"}, {"n", "AQAB"}, {"e", "AQAB"}}}}}
                                                          .dump());
    const JwkSet set = parseJwkSet(body);
    QVERIFY2(set.ok, qPrintable(set.error));
    QCOMPARE(set.keys.size(), size_t(2)); // the number is left out
    QCOMPARE(set.notes.size(), 2);
    QVERIFY2(set.notes[0].contains(QStringLiteral("key #2")), qPrintable(set.notes[0]));
    QVERIFY2(set.notes[1].contains(QStringLiteral("use \"enc\"")), qPrintable(set.notes[1]));
}

QTEST_GUILESS_MAIN(TestJose)
#include "tst_jose.moc"
