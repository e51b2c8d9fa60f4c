// Tests for oauth/JwksCache: the first verify fetches the JWK Set; a token whose kid is unknown
// triggers exactly one refetch (key rotation) and verifies against the rotated set; a kid that is
// still unknown after the refetch fails without a second one; fetch failures are reported.

#include "jose/Jws.h"
#include "jose/SigningKey.h"
#include "oauth/JwksCache.h"

#include <QTest>

using namespace wb;
using namespace wb::jose;
using nlohmann::json;

namespace {
// A fetch function answering from a queue of bodies ("" = a failed fetch), recording each call.
struct FakeJwksEndpoint {
    QList<QByteArray> bodies;
    int calls = 0;
    JwksCache::Fetch fetch()
    {
        return [this](const JwksCache::FetchDone &done) {
            ++calls;
            JwksCache::Fetched f;
            const QByteArray body = bodies.isEmpty() ? QByteArray() : bodies.takeFirst();
            if (body.isEmpty()) {
                f.error = QStringLiteral("connection refused");
            } else {
                f.set = parseJwkSet(body);
                f.ok = f.set.ok;
                f.error = f.set.error;
            }
            done(f);
        };
    }
};

QByteArray setOf(std::initializer_list<const SigningKey *> keys)
{
    json arr = json::array();
    for (const SigningKey *k : keys)
        arr.push_back(k->publicJwk());
    return QByteArray::fromStdString(json{{"keys", arr}}.dump());
}
} // namespace

class TestJwksCache : public QObject {
    Q_OBJECT
    std::optional<SigningKey> m_old, m_new;

    static JwksCache::Result verifyNow(JwksCache &cache, const QByteArray &token)
    {
        JwksCache::Result out;
        bool called = false;
        cache.verify(token, [&](const JwksCache::Result &r) {
            out = r;
            called = true;
        });
        if (!called)
            qFatal("the fake fetch is synchronous: done must have run");
        return out;
    }

private slots:
    void initTestCase()
    {
        m_old = SigningKey::generate(JwsAlgorithm::RS256);
        m_new = SigningKey::generate(JwsAlgorithm::ES256);
        QVERIFY(m_old && m_new);
    }

    void fetchesOnceThenUsesTheCache()
    {
        FakeJwksEndpoint idp{{setOf({&*m_old})}};
        JwksCache cache(idp.fetch());
        QVERIFY(!cache.isLoaded());
        const auto r1 = verifyNow(cache, Jws::sign(*m_old, {{"sub", "a"}}));
        QVERIFY2(r1.verification.ok, qPrintable(r1.verification.error));
        QCOMPARE(r1.fetchesThisCall, 1);
        QVERIFY(!r1.refetched);
        const auto r2 = verifyNow(cache, Jws::sign(*m_old, {{"sub", "b"}}));
        QVERIFY(r2.verification.ok);
        QCOMPARE(r2.fetchesThisCall, 0);
        QCOMPARE(idp.calls, 1);
    }

    void unknownKidRefetchesTheRotatedSet()
    {
        FakeJwksEndpoint idp{{setOf({&*m_old}), setOf({&*m_old, &*m_new})}};
        JwksCache cache(idp.fetch());
        QVERIFY(verifyNow(cache, Jws::sign(*m_old, {{"sub", "a"}})).verification.ok);
        // The provider rotated: tokens now carry the new key's kid.
        const auto r = verifyNow(cache, Jws::sign(*m_new, {{"sub", "a"}}));
        QVERIFY2(r.verification.ok, qPrintable(r.verification.error));
        QVERIFY(r.refetched);
        QCOMPARE(r.fetchesThisCall, 1);
        QCOMPARE(idp.calls, 2);
        QCOMPARE(cache.keySet().keys.size(), size_t(2));
    }

    void stillUnknownAfterRefetchFailsWithoutLooping()
    {
        FakeJwksEndpoint idp{{setOf({&*m_old}), setOf({&*m_old}), setOf({&*m_old})}};
        JwksCache cache(idp.fetch());
        const auto r = verifyNow(cache, Jws::sign(*m_new, {{"sub", "a"}}));
        QVERIFY(!r.verification.ok);
        QVERIFY(r.verification.failure == JwsFailure::UnknownKid);
        QVERIFY(r.refetched);
        QCOMPARE(idp.calls, 2); // first fetch + exactly one refetch
        // The refetch is spent: another unknown kid does not hit jwks_uri again.
        const auto again = verifyNow(cache, Jws::sign(*m_new, {{"sub", "b"}}));
        QVERIFY(!again.verification.ok);
        QVERIFY(!again.refetched);
        QCOMPARE(idp.calls, 2);
    }

    void badSignatureDoesNotRefetch()
    {
        FakeJwksEndpoint idp{{setOf({&*m_old}), setOf({&*m_old})}};
        JwksCache cache(idp.fetch());
        auto impostor = SigningKey::generate(JwsAlgorithm::RS256);
        impostor->setKid(m_old->kid());
        const auto r = verifyNow(cache, Jws::sign(*impostor, {{"sub", "a"}}));
        QVERIFY(r.verification.failure == JwsFailure::BadSignature);
        QVERIFY(!r.refetched);
        QCOMPARE(idp.calls, 1);
    }

    void fetchFailures()
    {
        FakeJwksEndpoint down{{QByteArray()}};
        JwksCache cache(down.fetch());
        const auto r = verifyNow(cache, Jws::sign(*m_old, {{"sub", "a"}}));
        QVERIFY(r.fetchFailed);
        QVERIFY(!r.verification.ok);
        QCOMPARE(r.fetchError, QStringLiteral("connection refused"));

        FakeJwksEndpoint garbage{{QByteArray("<html>oops</html>")}};
        JwksCache cache2(garbage.fetch());
        const auto g = verifyNow(cache2, Jws::sign(*m_old, {{"sub", "a"}}));
        QVERIFY(g.fetchFailed);
        QVERIFY2(g.fetchError.contains(QStringLiteral("not JSON")), qPrintable(g.fetchError));

        // A failed refetch keeps the verdict against the set in hand.
        FakeJwksEndpoint flaky{{setOf({&*m_old}), QByteArray()}};
        JwksCache cache3(flaky.fetch());
        const auto f = verifyNow(cache3, Jws::sign(*m_new, {{"sub", "a"}}));
        QVERIFY(!f.fetchFailed);
        QVERIFY(f.refetched);
        QVERIFY(f.verification.failure == JwsFailure::UnknownKid);
        QCOMPARE(f.fetchError, QStringLiteral("connection refused"));
    }
};

QTEST_GUILESS_MAIN(TestJwksCache)
#include "tst_jwkscache.moc"
