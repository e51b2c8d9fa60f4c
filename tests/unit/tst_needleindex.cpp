// NeedleIndex: the needles found in a text, and every place each occurs, are exactly those a
// plain search finds, for needles of every length around the 4-, 8- and 15-byte boundaries, the
// long needles' strides (8, 16, 32: from 23 and 39 bytes) and the short needles' (the shortest
// one's length - 1, up to 8), at every alignment in the text.
#include "report/NeedleIndex.h"

#include <QtTest>
#include <random>

using namespace wb;

namespace {
// Every start of `needle` in `text`, overlapping ones included.
std::vector<qsizetype> plainStarts(const QByteArray &text, const QByteArray &needle)
{
    std::vector<qsizetype> starts;
    for (qsizetype at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1))
        starts.push_back(at);
    return starts;
}
} // namespace

class TestNeedleIndex : public QObject {
    Q_OBJECT
private slots:
    // A small alphabet gives many near misses; all 256 bytes leave the pair tables sparse, so
    // a needle is found only through the right bits. The shortest needles set the strides.
    void findsWhatAPlainSearchFinds_data()
    {
        QTest::addColumn<int>("alphabet");
        QTest::addColumn<int>("shortestShort");
        QTest::addColumn<int>("shortestLong");
        QTest::addColumn<int>("longStride");
        QTest::addColumn<int>("shortStride");
        QTest::newRow("4 letters") << 4 << 4 << 15 << 8 << 3;
        QTest::newRow("all bytes") << 256 << 4 << 15 << 8 << 3;
        QTest::newRow("4 letters, long from 22") << 4 << 4 << 22 << 8 << 3;
        QTest::newRow("4 letters, long from 23") << 4 << 4 << 23 << 16 << 3;
        QTest::newRow("all bytes, long from 38") << 256 << 4 << 38 << 16 << 3;
        QTest::newRow("4 letters, long from 39") << 4 << 4 << 39 << 32 << 3;
        QTest::newRow("all bytes, long from 39") << 256 << 4 << 39 << 32 << 3;
        QTest::newRow("2 letters, long from 39") << 2 << 4 << 39 << 32 << 3;
        QTest::newRow("4 letters, short from 5") << 4 << 5 << 15 << 8 << 4;
        QTest::newRow("2 letters, short from 7") << 2 << 7 << 15 << 8 << 6;
        QTest::newRow("4 letters, short from 9") << 4 << 9 << 23 << 16 << 8;
        QTest::newRow("all bytes, short from 12") << 256 << 12 << 15 << 8 << 8;
    }
    void findsWhatAPlainSearchFinds()
    {
        QFETCH(int, alphabet);
        QFETCH(int, shortestShort);
        QFETCH(int, shortestLong);
        QFETCH(int, longStride);
        QFETCH(int, shortStride);
        std::mt19937 rng(11);
        const auto randomText = [&](int size) {
            QByteArray t;
            for (int i = 0; i < size; ++i)
                t += char(alphabet == 256 ? int(rng() % 256) : 'a' + int(rng() % unsigned(alphabet)));
            return t;
        };
        QList<QByteArray> needles;
        for (int len = 1; len <= shortestLong + 30; ++len)
            for (int k = 0; k < 6; ++k)
                if (len < 4 || (len >= shortestShort && len < 15) || len >= shortestLong)
                    needles.append(randomText(len));
        // A periodic needle: the same window at several of its offsets.
        needles.append(QByteArray(shortestLong + 5, char(alphabet == 256 ? '\x07' : 'a')));
        const NeedleIndex index(needles);
        QCOMPARE(index.longStride(), qsizetype(longStride));
        QCOMPARE(index.shortStride(), qsizetype(shortStride));
        int occurring = 0;
        for (int round = 0; round < 300; ++round) {
            QByteArray text = randomText(int(rng() % 300));
            // Plant a few needles at random places (twice now and then), so long ones occur too.
            for (int k = 0; k < 3; ++k) {
                const QByteArray &n = needles[int(rng() % needles.size())];
                for (int again = 0; again < (k == 0 ? 2 : 1); ++again)
                    text.insert(text.isEmpty() ? 0 : int(rng() % text.size()), n);
            }
            std::vector<int> expected;
            std::vector<NeedleIndex::Occurrence> expectedAt;
            for (int i = 0; i < needles.size(); ++i) {
                if (needles[i].size() < 4)
                    continue;
                const auto starts = plainStarts(text, needles[i]);
                if (!starts.empty())
                    expected.push_back(i);
                for (qsizetype s : starts)
                    expectedAt.push_back({i, s});
            }
            occurring += int(expected.size());
            QCOMPARE(index.find(text), expected);
            QVERIFY(index.occurrences(text) == expectedAt);
        }
        // Mostly the planted ones with all bytes or without 4-byte needles; many more by chance.
        QVERIFY2(occurring > (alphabet == 256 || shortestShort > 4 ? 600 : 1000),
                 QByteArray::number(occurring));
        QVERIFY(NeedleIndex().find("anything").empty());
        QVERIFY(NeedleIndex().occurrences("anything").empty());
    }

    // A long needle at the very start and the very end of a text, for each stride, and a text
    // made only of one periodic needle's repeats.
    void longNeedlesAtTheEdges()
    {
        for (int length : {15, 22, 23, 38, 39, 40, 64}) {
            QByteArray needle;
            for (int i = 0; i < length; ++i)
                needle += char('A' + (i * 7) % 26);
            const NeedleIndex index({needle});
            for (int before = 0; before < 40; ++before)
                for (int after : {0, 1, 7, 8, 31}) {
                    const QByteArray text = QByteArray(before, '.') + needle + QByteArray(after, '.');
                    const std::vector<NeedleIndex::Occurrence> once{{0, before}};
                    QVERIFY(index.occurrences(text) == once);
                }
            QVERIFY(index.occurrences(needle.left(length - 1)).empty());
        }
        const QByteArray periodic(40, 'z');
        const NeedleIndex index({periodic});
        QCOMPARE(index.longStride(), qsizetype(32));
        const QByteArray text(100, 'z');
        std::vector<NeedleIndex::Occurrence> all;
        for (qsizetype s = 0; s + 40 <= 100; ++s)
            all.push_back({0, s});
        QVERIFY(index.occurrences(text) == all);
    }
};

QTEST_GUILESS_MAIN(TestNeedleIndex)
#include "tst_needleindex.moc"
