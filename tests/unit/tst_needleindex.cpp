// NeedleIndex: the needles found in a text are exactly those a plain search finds, for needles
// of every length around the 4-, 8- and 15-byte boundaries, at every alignment in the text.
#include "report/NeedleIndex.h"

#include <QtTest>
#include <random>

using namespace wb;

class TestNeedleIndex : public QObject {
    Q_OBJECT
private slots:
    // A small alphabet gives many near misses; all 256 bytes leave the pair tables sparse, so
    // a needle is found only through the right bits.
    void findsWhatAPlainSearchFinds_data()
    {
        QTest::addColumn<int>("alphabet");
        QTest::newRow("4 letters") << 4;
        QTest::newRow("all bytes") << 256;
    }
    void findsWhatAPlainSearchFinds()
    {
        QFETCH(int, alphabet);
        std::mt19937 rng(11);
        const auto randomText = [&](int size) {
            QByteArray t;
            for (int i = 0; i < size; ++i)
                t += char(alphabet == 256 ? int(rng() % 256) : 'a' + int(rng() % unsigned(alphabet)));
            return t;
        };
        QList<QByteArray> needles;
        for (int len = 1; len <= 40; ++len)
            for (int k = 0; k < 6; ++k)
                needles.append(randomText(len));
        const NeedleIndex index(needles);
        int occurring = 0;
        for (int round = 0; round < 300; ++round) {
            QByteArray text = randomText(int(rng() % 200));
            // Plant a few needles at random places, so long ones occur too.
            for (int k = 0; k < 3; ++k) {
                const QByteArray &n = needles[int(rng() % needles.size())];
                text.insert(text.isEmpty() ? 0 : int(rng() % text.size()), n);
            }
            std::vector<int> expected;
            for (int i = 0; i < needles.size(); ++i)
                if (needles[i].size() >= 4 && text.contains(needles[i]))
                    expected.push_back(i);
            occurring += int(expected.size());
            QCOMPARE(index.find(text), expected);
        }
        QVERIFY(occurring > (alphabet == 4 ? 1000 : 600)); // with all bytes, mostly the planted ones
        QVERIFY(NeedleIndex().find("anything").empty());
    }
};

QTEST_GUILESS_MAIN(TestNeedleIndex)
#include "tst_needleindex.moc"
