// Tests for oauth/IdTokenValidator: one valid ID token per algorithm family, then one negative
// test per check (bad signature, wrong iss/aud/azp, expired, future iat, nbf, nonce, at_hash,
// c_hash, alg none, unknown kid, no JWK Set), each asserting the row and the typed error code.

#include "flow/FlowDetails.h"
#include "jose/Base64Url.h"
#include "jose/Jws.h"
#include "jose/JwsVerifier.h"
#include "jose/SigningKey.h"
#include "oauth/IdTokenAccessToken.h"
#include "oauth/IdTokenValidator.h"
#include "util/JsonQt.h"

#include <QFile>
#include <QTest>

using namespace wb;
using namespace wb::jose;
using nlohmann::json;

namespace {

const QString kIssuer = QStringLiteral("https://idp.example");
const QString kClient = QStringLiteral("client-1");
const QString kNonce = QStringLiteral("n-0S6_WzA2Mj");
const QString kAccessToken = QStringLiteral("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y");
const QString kCode = QStringLiteral("Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk");
const QDateTime kNow = QDateTime(QDate(2026, 11, 22), QTime(10, 0, 0), Qt::UTC);

const TokenCheck *findRow(const IdTokenValidation &v, const char *name)
{
    for (const TokenCheck &c : v.checks)
        if (c.name == QLatin1String(name))
            return &c;
    return nullptr;
}

} // namespace

class TestIdToken : public QObject {
    Q_OBJECT
    std::optional<SigningKey> m_rsa;
    json m_jwks;

    json goodClaims(const QString &alg = QStringLiteral("RS256")) const
    {
        const qint64 now = kNow.toSecsSinceEpoch();
        return {{"iss", toStd(kIssuer)},
                {"sub", "alice"},
                {"aud", toStd(kClient)},
                {"iat", now - 5},
                {"exp", now + 300},
                {"nonce", toStd(kNonce)},
                {"at_hash", toStd(tokenHash(alg, kAccessToken))}};
    }
    IdTokenExpectations expectations(const QByteArray &token, const json &jwks) const
    {
        IdTokenExpectations e;
        e.issuer = kIssuer;
        e.clientId = kClient;
        e.nonce = kNonce;
        e.accessToken = kAccessToken;
        e.code = kCode;
        e.now = kNow;
        e.signature = JwsVerifier::verify(token, jwks);
        return e;
    }
    IdTokenValidation validate(const json &claims, const IdTokenExpectations *override = nullptr) const
    {
        const QByteArray token = Jws::sign(*m_rsa, claims);
        const IdTokenExpectations e = override ? *override : expectations(token, m_jwks);
        return validateIdToken(QString::fromLatin1(token), e);
    }
    // The named row failed, the error carries `code`, and every other row did not fail.
    void expectOnlyFailure(const IdTokenValidation &v, const char *row, const char *code)
    {
        const TokenCheck *c = findRow(v, row);
        QVERIFY2(c, row);
        QVERIFY2(c->result == CheckResult::Fail,
                 qPrintable(QStringLiteral("%1 is %2").arg(QLatin1String(row), toString(c->result))));
        QCOMPARE(c->code, QString::fromLatin1(code));
        QVERIFY(v.error.kind == ErrorKind::Validation);
        QCOMPARE(v.error.code, QString::fromLatin1(code));
        QVERIFY(!v.error.message.isEmpty());
        for (const TokenCheck &other : v.checks)
            if (other.name != QLatin1String(row))
                QVERIFY2(other.result != CheckResult::Fail,
                         qPrintable(other.name + QStringLiteral(": ") + other.message));
    }

private slots:
    void initTestCase()
    {
        m_rsa = SigningKey::generate(JwsAlgorithm::RS256);
        QVERIFY(m_rsa);
        m_jwks = {{"keys", {m_rsa->publicJwk()}}};
    }

    void validEveryFamily_data()
    {
        QTest::addColumn<QString>("alg");
        for (const char *alg : {"RS256", "PS256", "ES256", "ES384", "EdDSA", "RS512", "PS384"})
            QTest::newRow(alg) << QString::fromLatin1(alg);
    }
    void validEveryFamily()
    {
        QFETCH(QString, alg);
        const auto key = SigningKey::generate(*jwsAlgorithmFromString(alg));
        QVERIFY(key);
        json claims = goodClaims(alg);
        claims["c_hash"] = toStd(tokenHash(alg, kCode));
        const QByteArray token = Jws::sign(*key, claims);
        const json jwks = {{"keys", {m_rsa->publicJwk(), key->publicJwk()}}};
        const IdTokenValidation v = validateIdToken(QString::fromLatin1(token), expectations(token, jwks));
        QVERIFY2(!v.error.isError(), qPrintable(v.error.message));
        QCOMPARE(v.alg, alg);
        QCOMPARE(v.kid, key->kid());
        for (const char *name :
             {"signature", "iss", "aud", "exp", "iat", "sub", "nonce", "at_hash", "c_hash"}) {
            const TokenCheck *c = findRow(v, name);
            QVERIFY2(c && c->result == CheckResult::Pass, name);
        }
        QVERIFY(findRow(v, "signature")->actual.contains(key->kid()));
        QVERIFY(findRow(v, "nbf")->result == CheckResult::Skipped);
        QVERIFY(findRow(v, "azp")->result == CheckResult::Skipped);
        QCOMPARE(*v.iatOffsetSeconds, qint64(-5));
        QVERIFY(v.warnings.isEmpty());
        // The table as shown in the step's details: every row has the values compared.
        const json rows = checksToJson(v.checks);
        QVERIFY(rows[1]["name"] == "iss");
        QVERIFY(rows[1]["expected"] == toStd(kIssuer));
        QVERIFY(rows[1]["actual"] == toStd(kIssuer));
        QVERIFY(rows[1]["result"] == "pass");
    }

    void badSignature()
    {
        auto impostor = SigningKey::generate(JwsAlgorithm::RS256);
        impostor->setKid(m_rsa->kid()); // same kid, other key: what bad_id_token_signature does
        const QByteArray token = Jws::sign(*impostor, goodClaims());
        const IdTokenValidation v = validateIdToken(QString::fromLatin1(token), expectations(token, m_jwks));
        expectOnlyFailure(v, "signature", "id_token_signature");
        QVERIFY(v.error.message.contains(QStringLiteral("does not verify")));
    }

    void tamperedPayload()
    {
        const QList<QByteArray> good = Jws::sign(*m_rsa, goodClaims()).split('.');
        json claims = goodClaims();
        claims["sub"] = "mallory";
        const QByteArray token = good[0] + '.' + Jws::sign(*m_rsa, claims).split('.')[1] + '.' + good[2];
        expectOnlyFailure(validateIdToken(QString::fromLatin1(token), expectations(token, m_jwks)),
                          "signature", "id_token_signature");
    }

    void algNoneRejected()
    {
        const QByteArray header = base64UrlEncode(R"({"alg":"none","typ":"JWT"})");
        const QByteArray token = header + '.' + base64UrlEncode(Jws::serialize(goodClaims())) + '.';
        // With a JWK Set and without one: "none" never passes, and is never merely skipped.
        expectOnlyFailure(validateIdToken(QString::fromLatin1(token), expectations(token, m_jwks)),
                          "signature", "id_token_signature");
        IdTokenExpectations e = expectations(token, m_jwks);
        e.signature.reset();
        expectOnlyFailure(validateIdToken(QString::fromLatin1(token), e), "signature", "id_token_signature");
    }

    void unknownKid()
    {
        auto other = SigningKey::generate(JwsAlgorithm::RS256);
        const QByteArray token = Jws::sign(*other, goodClaims());
        const IdTokenValidation v = validateIdToken(QString::fromLatin1(token), expectations(token, m_jwks));
        expectOnlyFailure(v, "signature", "jwks_unknown_kid");
        QVERIFY(findRow(v, "signature")->actual.contains(other->kid()));
    }

    void noJwksIsSkippedWithWarning()
    {
        const QByteArray token = Jws::sign(*m_rsa, goodClaims());
        IdTokenExpectations e = expectations(token, m_jwks);
        e.signature.reset();
        e.signatureSkippedReason = QStringLiteral("no jwks_uri in the provider metadata");
        const IdTokenValidation v = validateIdToken(QString::fromLatin1(token), e);
        QVERIFY(!v.error.isError());
        QVERIFY(findRow(v, "signature")->result == CheckResult::Skipped);
        QCOMPARE(v.warnings.size(), 1);
        QVERIFY(v.warnings[0].contains(QStringLiteral("NOT checked: no jwks_uri")));
    }

    void wrongIss()
    {
        json c = goodClaims();
        c["iss"] = "http://localhost:1234";
        const IdTokenValidation v = validate(c);
        expectOnlyFailure(v, "iss", "id_token_iss");
        QCOMPARE(findRow(v, "iss")->expected, kIssuer);
        QCOMPARE(findRow(v, "iss")->actual, QStringLiteral("http://localhost:1234"));
    }

    void wrongAud()
    {
        json c = goodClaims();
        c["aud"] = "someone-else";
        const IdTokenValidation v = validate(c);
        expectOnlyFailure(v, "aud", "id_token_aud");
        QCOMPARE(findRow(v, "aud")->actual, QStringLiteral("someone-else"));
    }

    void audienceArray()
    {
        json c = goodClaims();
        c["aud"] = {"api", toStd(kClient)};
        c["azp"] = toStd(kClient);
        QVERIFY(!validate(c).error.isError());
        c.erase("azp"); // several audiences and no azp
        expectOnlyFailure(validate(c), "azp", "id_token_azp");
    }

    void azpMismatch()
    {
        json c = goodClaims();
        c["azp"] = "other-client";
        expectOnlyFailure(validate(c), "azp", "id_token_azp");
    }

    void expired()
    {
        json c = goodClaims();
        c["iat"] = kNow.toSecsSinceEpoch() - 4000;
        c["exp"] = kNow.toSecsSinceEpoch() - 400;
        const IdTokenValidation v = validate(c);
        expectOnlyFailure(v, "exp", "id_token_expired");
        QVERIFY2(v.error.message.contains(QStringLiteral("400 s ago")), qPrintable(v.error.message));
    }

    void leewayDecides()
    {
        json c = goodClaims();
        c["exp"] = kNow.toSecsSinceEpoch() - 30; // expired 30 s ago
        const QByteArray token = Jws::sign(*m_rsa, c);
        IdTokenExpectations e = expectations(token, m_jwks);
        QVERIFY(!validateIdToken(QString::fromLatin1(token), e).error.isError()); // default 60 s leeway
        e.leewaySeconds = 10;
        expectOnlyFailure(validateIdToken(QString::fromLatin1(token), e), "exp", "id_token_expired");
    }

    void futureIat()
    {
        json c = goodClaims();
        c["iat"] = kNow.toSecsSinceEpoch() + 600; // the server clock runs 10 minutes ahead
        c["exp"] = kNow.toSecsSinceEpoch() + 900;
        const IdTokenValidation v = validate(c);
        expectOnlyFailure(v, "iat", "id_token_iat_future");
        QCOMPARE(*v.iatOffsetSeconds, qint64(600));
        QCOMPARE(v.warnings.size(), 1);
        QVERIFY2(v.warnings[0].contains(QStringLiteral("600 s ahead of")), qPrintable(v.warnings[0]));
    }

    void pastIatWarnsOnly()
    {
        json c = goodClaims();
        c["iat"] = kNow.toSecsSinceEpoch() - 200; // the server clock is behind
        const IdTokenValidation v = validate(c);
        QVERIFY(!v.error.isError());
        QCOMPARE(v.warnings.size(), 1);
        QVERIFY2(v.warnings[0].contains(QStringLiteral("200 s behind")), qPrintable(v.warnings[0]));
    }

    void nbfInFuture()
    {
        json c = goodClaims();
        c["nbf"] = kNow.toSecsSinceEpoch() + 120;
        expectOnlyFailure(validate(c), "nbf", "id_token_nbf");
        c["nbf"] = kNow.toSecsSinceEpoch() + 30; // within the leeway
        QVERIFY(findRow(validate(c), "nbf")->result == CheckResult::Pass);
    }

    void nonceMismatch()
    {
        json c = goodClaims();
        c["nonce"] = "replayed";
        const IdTokenValidation v = validate(c);
        expectOnlyFailure(v, "nonce", "nonce_mismatch");
        QCOMPARE(findRow(v, "nonce")->expected, kNonce);
        c.erase("nonce");
        expectOnlyFailure(validate(c), "nonce", "nonce_mismatch");
    }

    void atHashMismatch()
    {
        json c = goodClaims();
        c["at_hash"] = toStd(tokenHash(QStringLiteral("RS256"), QStringLiteral("another-access-token")));
        expectOnlyFailure(validate(c), "at_hash", "at_hash_mismatch");
        c.erase("at_hash"); // optional in the code flow
        QVERIFY(findRow(validate(c), "at_hash")->result == CheckResult::Skipped);
    }

    void cHashMismatch()
    {
        json c = goodClaims();
        c["c_hash"] = "AAAAAAAAAAAAAAAAAAAAAA";
        expectOnlyFailure(validate(c), "c_hash", "c_hash_mismatch");
    }

    void missingSub()
    {
        json c = goodClaims();
        c.erase("sub");
        expectOnlyFailure(validate(c), "sub", "id_token_sub");
    }

    void atHashKnownValue()
    {
        // OpenID Connect Core A.3: at_hash of this access token with RS256.
        QCOMPARE(tokenHash(QStringLiteral("RS256"), kAccessToken), QStringLiteral("77QmUPtjPfzWtF2AnpK9RQ"));
        // ... and c_hash of this code (Core A.4).
        QCOMPARE(tokenHash(QStringLiteral("RS256"), kCode), QStringLiteral("LDktKdoQak3Pk0cnXxCltA"));
        QVERIFY(tokenHash(QStringLiteral("HS256"), kCode).isEmpty());
    }

    void undecodable()
    {
        IdTokenExpectations e;
        e.now = kNow;
        const IdTokenValidation v = validateIdToken(QStringLiteral("not.a.jwt!"), e);
        QVERIFY(!v.decoded);
        QVERIFY(v.error.kind == ErrorKind::Parse);
        QCOMPARE(v.error.code, QStringLiteral("invalid_id_token"));
    }

    void stepDetails()
    {
        // What the validation and JWKS steps put in their details, and the one-line summaries.
        json c = goodClaims();
        c["iat"] = kNow.toSecsSinceEpoch() + 600;
        c["exp"] = kNow.toSecsSinceEpoch() + 900;
        const IdTokenValidation bad = validate(c);
        const json d = flowdetails::idTokenValidation(bad, 60);
        QVERIFY(d["clock"]["iat_offset_seconds"] == 600);
        QVERIFY(d["clock"]["skew_beyond_leeway"] == true);
        QVERIFY(d["kid"] == toStd(m_rsa->kid()));
        QVERIFY(d["checks"].size() == size_t(bad.checks.size()));
        QVERIFY(d["checks"][5]["name"] == "iat" && d["checks"][5]["code"] == "id_token_iat_future");
        QCOMPARE(flowdetails::validationSummary(bad),
                 QStringLiteral("11 checks: 7 pass, 1 fail, 3 skipped (iat failed)"));
        const IdTokenValidation good = validate(goodClaims());
        QVERIFY2(
            flowdetails::validationSummary(good).endsWith(QStringLiteral("; signed by kid ") + m_rsa->kid()),
            qPrintable(flowdetails::validationSummary(good)));

        int fetches = 0;
        JwksCache cache([&](const JwksCache::FetchDone &done) {
            ++fetches;
            JwksCache::Fetched f;
            f.set = parseJwkSet(QByteArray::fromStdString(
                json{{"keys", {m_rsa->publicJwk(), json{{"kty", "oct"}, {"k", "AAAA"}}}}}.dump()));
            f.ok = true;
            done(f);
        });
        cache.verify(Jws::sign(*m_rsa, goodClaims()), [](const JwksCache::Result &) {});
        const json j = flowdetails::jwks(QStringLiteral("https://idp.example/jwks"), cache, false);
        QVERIFY(j["fetches"] == 1 && fetches == 1);
        QVERIFY(j["keys"].size() == 2);
        QVERIFY(j["notes"].size() == 1); // the oct key can never verify a public signature
        QVERIFY(j["keys"][0].get<std::string>().find(toStd(m_rsa->kid())) != std::string::npos);

        // The Date-header skew warning follows the leeway.
        Exchange x;
        x.responseHeaders = {{"Date", "Sun, 22 Nov 2026 10:02:00 GMT"}};
        QStringList warnings;
        QVERIFY(flowdetails::clockCheck(x, kNow, &warnings, 60)["offset_seconds"] == 120);
        QCOMPARE(warnings.size(), 1);
        warnings.clear();
        QVERIFY(flowdetails::clockCheck(x, kNow, &warnings, 300)["leeway_seconds"] == 300);
        QVERIFY(warnings.isEmpty());
    }

    void accessTokenJwt()
    {
        const qint64 now = kNow.toSecsSinceEpoch();
        const json claims = {
            {"iss", toStd(kIssuer)}, {"aud", "https://api.example"}, {"exp", now + 60}, {"sub", "a"}};
        const QByteArray token = Jws::sign(*m_rsa, claims, {{"typ", "at+jwt"}});
        AccessTokenExpectations e;
        e.issuer = kIssuer;
        e.audience = QStringLiteral("https://api.example");
        e.now = kNow;
        e.signature = JwsVerifier::verify(token, m_jwks);
        AccessTokenInspection a = inspectAccessToken(QString::fromLatin1(token), e);
        QVERIFY(a.jwt && a.rfc9068);
        QVERIFY2(a.warnings.isEmpty(), qPrintable(a.warnings.join('\n')));
        // A wrong audience and a bad signature are warnings, never errors.
        e.audience = QStringLiteral("https://other.example");
        e.signature = JwsVerifier::verify(token, json{{"keys", json::array()}});
        a = inspectAccessToken(QString::fromLatin1(token), e);
        QCOMPARE(a.warnings.size(), 2);
        QVERIFY(accessTokenDetails(a)["format"] == "jwt");
        // Opaque: marked for introspection.
        const AccessTokenInspection opaque = inspectAccessToken(kAccessToken, e);
        QVERIFY(!opaque.jwt);
        QVERIFY(accessTokenDetails(opaque)["note"].get<std::string>().find("introspection") !=
                std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestIdToken)
#include "tst_idtoken.moc"
