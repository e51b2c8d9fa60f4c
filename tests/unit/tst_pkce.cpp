// Tests for PKCE (RFC 7636) and the random values behind state, nonce and verifiers.
#include "oauth/Pkce.h"
#include "oauth/Random.h"

#include <QSet>
#include <QtTest>

using namespace wb;

class TestPkce : public QObject {
    Q_OBJECT
private slots:
    void rfc7636AppendixB();
    void plainChallengeIsVerifier();
    void offIsTreatedAsS256();
    void generateLengths_data();
    void generateLengths();
    void generatedVerifiersDiffer();
    void isValidVerifier_data();
    void isValidVerifier();
    void randomUrlSafe();
};

// RFC 7636 Appendix B: the verifier is base64url of the octets 116, 24, 223, 180, ...
static const QByteArray kRfcVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
static const QByteArray kRfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

void TestPkce::rfc7636AppendixB()
{
    const PkcePair p = Pkce::fromVerifier(kRfcVerifier, PkceMethod::S256);
    QCOMPARE(toString(p.method), toString(PkceMethod::S256));
    QCOMPARE(p.verifier, kRfcVerifier);
    QCOMPARE(p.challenge, kRfcChallenge);
    // The RFC lists the hash octets as 19, 211, 30, 150, 26, 26, ...
    QCOMPARE(p.verifierSha256Hex,
             QByteArray("13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3"));
    QCOMPARE(p.challengeMethod(), QStringLiteral("S256"));
    QCOMPARE(Pkce::s256Challenge(kRfcVerifier), kRfcChallenge);
    QVERIFY(Pkce::isValidVerifier(kRfcVerifier));
}

void TestPkce::plainChallengeIsVerifier()
{
    const PkcePair p = Pkce::fromVerifier(kRfcVerifier, PkceMethod::Plain);
    QCOMPARE(toString(p.method), toString(PkceMethod::Plain));
    QCOMPARE(p.challenge, kRfcVerifier);
    QVERIFY(p.verifierSha256Hex.isEmpty());
    QCOMPARE(p.challengeMethod(), QStringLiteral("plain"));

    const PkcePair g = Pkce::generate(PkceMethod::Plain);
    QCOMPARE(g.challenge, g.verifier);
    QCOMPARE(g.challengeMethod(), QStringLiteral("plain"));
}

void TestPkce::offIsTreatedAsS256()
{
    const PkcePair p = Pkce::fromVerifier(kRfcVerifier, PkceMethod::Off);
    QCOMPARE(toString(p.method), toString(PkceMethod::S256));
    QCOMPARE(p.challenge, kRfcChallenge);
}

void TestPkce::generateLengths_data()
{
    QTest::addColumn<int>("requested");
    QTest::addColumn<int>("expected");
    QTest::newRow("default-ish") << 64 << 64;
    QTest::newRow("minimum") << 43 << 43;
    QTest::newRow("maximum") << 128 << 128;
    QTest::newRow("too short is clamped") << 10 << 43;
    QTest::newRow("negative is clamped") << -5 << 43;
    QTest::newRow("too long is clamped") << 500 << 128;
}

void TestPkce::generateLengths()
{
    QFETCH(int, requested);
    QFETCH(int, expected);
    const PkcePair p = Pkce::generate(PkceMethod::S256, requested);
    QCOMPARE(p.verifier.size(), expected);
    QVERIFY2(Pkce::isValidVerifier(p.verifier), p.verifier.constData());
    QCOMPARE(p.challenge, Pkce::s256Challenge(p.verifier));
    QCOMPARE(p.challenge.size(), 43); // 32 bytes of SHA-256, base64url, no padding
    QVERIFY(!p.challenge.contains('='));
    QCOMPARE(p.verifierSha256Hex.size(), 64);
}

void TestPkce::generatedVerifiersDiffer()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 50; ++i)
        seen.insert(Pkce::generate(PkceMethod::S256).verifier);
    QCOMPARE(seen.size(), 50);
}

void TestPkce::isValidVerifier_data()
{
    QTest::addColumn<QByteArray>("verifier");
    QTest::addColumn<bool>("valid");
    QTest::newRow("43 unreserved") << QByteArray(43, 'a') << true;
    QTest::newRow("42 too short") << QByteArray(42, 'a') << false;
    QTest::newRow("128") << QByteArray(128, 'Z') << true;
    QTest::newRow("129 too long") << QByteArray(129, 'Z') << false;
    QTest::newRow("all unreserved kinds") << QByteArray("abcXYZ0189-._~").repeated(4) << true;
    QTest::newRow("plus") << QByteArray(42, 'a') + '+' << false;
    QTest::newRow("slash") << QByteArray(42, 'a') + '/' << false;
    QTest::newRow("padding") << QByteArray(42, 'a') + '=' << false;
    QTest::newRow("space") << QByteArray(42, 'a') + ' ' << false;
    QTest::newRow("non-ascii") << QByteArray(42, 'a') + "\xc3\xa9" << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestPkce::isValidVerifier()
{
    QFETCH(QByteArray, verifier);
    QFETCH(bool, valid);
    QCOMPARE(Pkce::isValidVerifier(verifier), valid);
}

void TestPkce::randomUrlSafe()
{
    const QByteArray a = wb::randomUrlSafe(32);
    const QByteArray b = wb::randomUrlSafe(32);
    QCOMPARE(a.size(), 43);
    QVERIFY(a != b);
    for (char c : a)
        QVERIFY2(QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_").contains(c),
                 a.constData());
    const auto decoded = QByteArray::fromBase64Encoding(a, QByteArray::Base64UrlEncoding);
    QVERIFY(decoded);
    QCOMPARE(decoded.decoded.size(), 32);
    QCOMPARE(wb::randomUrlSafe(1).size(), 2);
    QVERIFY(wb::randomUrlSafe(0).isEmpty());
    QVERIFY(wb::randomUrlSafe(-3).isEmpty());
}

QTEST_GUILESS_MAIN(TestPkce)
#include "tst_pkce.moc"
