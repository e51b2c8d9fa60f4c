// Session::exchange and Session::step by id go through an index (IdIndex) that nobody tells
// about changes: these check that it answers like a scan of the lists after every kind of edit
// callers make to a Session (append, replace in place, remove, reassign, copy).

#include "flow/Session.h"

#include <QtTest>

using namespace wb;

namespace {
Exchange exchangeWithId(const QString &id, const QString &url = {})
{
    Exchange x;
    x.id = id;
    x.url = url.isEmpty() ? QStringLiteral("https://idp.example/") + id : url;
    return x;
}

Step stepWithId(const QString &id)
{
    Step s;
    s.id = id;
    s.title = QStringLiteral("title of ") + id;
    return s;
}

// What a scan finds: the first exchange with that id.
const Exchange *scan(const Session &s, const QString &id)
{
    for (const Exchange &x : s.exchanges)
        if (x.id == id)
            return &x;
    return nullptr;
}
} // namespace

// Covers IdIndex through Session's lookups.
class TestSessionIndex : public QObject {
    Q_OBJECT
private slots:
    void emptyAndMissing();
    void appendedAfterALookupAreFound();
    void replacedInPlace();
    void removedAndReassigned();
    void copiesAnswerForTheirOwnLists();
    void duplicateIdsGiveTheFirstAsAScanDoes();
    void stepsByIdMutable();
};

void TestSessionIndex::emptyAndMissing()
{
    Session s;
    QVERIFY(!s.exchange(QStringLiteral("x1")));
    QVERIFY(!s.step(QStringLiteral("s1")));
    s.exchanges.append(exchangeWithId(QStringLiteral("x1")));
    QVERIFY(!s.exchange(QStringLiteral("x2")));
    QVERIFY(!s.exchange(QString()));
    QCOMPARE(s.exchange(QStringLiteral("x1")), &s.exchanges.at(0));
}

void TestSessionIndex::appendedAfterALookupAreFound()
{
    Session s;
    for (int i = 1; i <= 100; ++i) {
        s.exchanges.append(exchangeWithId(QStringLiteral("x%1").arg(i)));
        QVERIFY(!s.exchange(QStringLiteral("x%1").arg(i + 1))); // not yet recorded
        // Every earlier one is still found where it is (appends may move the list's storage).
        for (int j = 1; j <= i; j += 7)
            QCOMPARE(s.exchange(QStringLiteral("x%1").arg(j)), &s.exchanges.at(j - 1));
        QCOMPARE(s.exchange(QStringLiteral("x%1").arg(i)), &s.exchanges.at(i - 1));
    }
}

void TestSessionIndex::replacedInPlace()
{
    Session s;
    for (int i = 1; i <= 10; ++i)
        s.exchanges.append(exchangeWithId(QStringLiteral("x%1").arg(i)));
    QVERIFY(s.exchange(QStringLiteral("x4")));
    // The same id with new content (the redacted copy does this): the new content is found.
    s.exchanges[3] = exchangeWithId(QStringLiteral("x4"), QStringLiteral("https://other.example/"));
    QCOMPARE(s.exchange(QStringLiteral("x4"))->url, QStringLiteral("https://other.example/"));
    // Another id in the same place, the list as long as before.
    s.exchanges[3] = exchangeWithId(QStringLiteral("y4"));
    QVERIFY(!s.exchange(QStringLiteral("x4")));
    QCOMPARE(s.exchange(QStringLiteral("y4")), &s.exchanges.at(3));
    // Two swapped: each is found at its new place.
    std::swap(s.exchanges[0], s.exchanges[9]);
    QCOMPARE(s.exchange(QStringLiteral("x1")), &s.exchanges.at(9));
    QCOMPARE(s.exchange(QStringLiteral("x10")), &s.exchanges.at(0));
    for (const Exchange &x : std::as_const(s.exchanges))
        QCOMPARE(s.exchange(x.id), scan(s, x.id));
}

void TestSessionIndex::removedAndReassigned()
{
    Session s;
    for (int i = 1; i <= 10; ++i)
        s.exchanges.append(exchangeWithId(QStringLiteral("x%1").arg(i)));
    QVERIFY(s.exchange(QStringLiteral("x10")));
    s.exchanges.removeAt(2); // x3 gone, the rest moved up
    QVERIFY(!s.exchange(QStringLiteral("x3")));
    QCOMPARE(s.exchange(QStringLiteral("x10")), &s.exchanges.at(8));
    // Removed, then as many appended: the list is as long as when it was indexed.
    s.exchanges.removeAt(0);
    s.exchanges.append(exchangeWithId(QStringLiteral("x11")));
    QCOMPARE(s.exchange(QStringLiteral("x11")), &s.exchanges.at(8));
    QVERIFY(!s.exchange(QStringLiteral("x1")));
    QCOMPARE(s.exchange(QStringLiteral("x2")), &s.exchanges.at(0));
    // The whole list replaced (a session file read again), same length, other ids.
    QList<Exchange> other;
    for (int i = 0; i < s.exchanges.size(); ++i)
        other.append(exchangeWithId(QStringLiteral("z%1").arg(i)));
    s.exchanges = other;
    QVERIFY(!s.exchange(QStringLiteral("x2")));
    QCOMPARE(s.exchange(QStringLiteral("z5")), &s.exchanges.at(5));
    s.exchanges.clear();
    QVERIFY(!s.exchange(QStringLiteral("z5")));
}

void TestSessionIndex::copiesAnswerForTheirOwnLists()
{
    Session a;
    for (int i = 1; i <= 5; ++i)
        a.exchanges.append(exchangeWithId(QStringLiteral("x%1").arg(i)));
    QVERIFY(a.exchange(QStringLiteral("x5")));
    Session b = a;
    b.exchanges.removeFirst();
    b.exchanges.append(exchangeWithId(QStringLiteral("x6")));
    QCOMPARE(b.exchange(QStringLiteral("x6")), &b.exchanges.at(4));
    QCOMPARE(b.exchange(QStringLiteral("x5")), &b.exchanges.at(3));
    QVERIFY(!b.exchange(QStringLiteral("x1")));
    QCOMPARE(a.exchange(QStringLiteral("x5")), &a.exchanges.at(4));
    QVERIFY(!a.exchange(QStringLiteral("x6")));
    Session c;
    c = b;
    QCOMPARE(c.exchange(QStringLiteral("x2")), &c.exchanges.at(0));
}

void TestSessionIndex::duplicateIdsGiveTheFirstAsAScanDoes()
{
    Session s;
    s.exchanges.append(exchangeWithId(QStringLiteral("x1"), QStringLiteral("https://first.example/")));
    s.exchanges.append(exchangeWithId(QStringLiteral("x1"), QStringLiteral("https://second.example/")));
    QCOMPARE(s.exchange(QStringLiteral("x1"))->url, QStringLiteral("https://first.example/"));
    QCOMPARE(s.exchange(QStringLiteral("x1")), scan(s, QStringLiteral("x1")));
}

void TestSessionIndex::stepsByIdMutable()
{
    Session s;
    for (int i = 1; i <= 20; ++i)
        s.steps.append(stepWithId(QStringLiteral("s%1").arg(i)));
    Step *st = s.step(QStringLiteral("s7"));
    QVERIFY(st);
    st->exchangeIds.append(QStringLiteral("x1")); // written through the pointer, into the list
    QCOMPARE(s.steps.at(6).exchangeIds, QStringList{QStringLiteral("x1")});
    const Session &cs = s;
    QCOMPARE(cs.step(QStringLiteral("s20")), &s.steps.at(19));
    QVERIFY(!cs.step(QStringLiteral("s21")));
    s.steps.append(stepWithId(QStringLiteral("s21")));
    QCOMPARE(cs.step(QStringLiteral("s21"))->title, QStringLiteral("title of s21"));
}

QTEST_GUILESS_MAIN(TestSessionIndex)
#include "tst_sessionindex.moc"
