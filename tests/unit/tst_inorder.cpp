// inOrder and InOrderQueue: results reach the caller in order whatever the threads do, stopping
// early stops, and an exception thrown on a worker reaches the caller.
#include "util/InOrder.h"

#include <QTest>
#include <QThread>
#include <atomic>
#include <future>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

using namespace wb;

class TestInOrder : public QObject {
    Q_OBJECT
private slots:
    void resultsInOrderFromSeveralThreads()
    {
        // Uneven work, so that later items are often done before earlier ones.
        std::mutex mutex;
        std::set<std::thread::id> threads;
        const auto make = [&](qsizetype i) {
            {
                const std::lock_guard lock(mutex);
                threads.insert(std::this_thread::get_id());
            }
            if (i % 7 == 0)
                QThread::usleep(200);
            return i * i;
        };
        qsizetype next = 0;
        const bool done = inOrder(1000, make, [&](qsizetype i, qsizetype square) {
            if (i != next || square != i * i)
                return false;
            ++next;
            return true;
        });
        QVERIFY(done);
        QCOMPARE(next, qsizetype(1000));
        if (inOrderThreads() > 1)
            QVERIFY(!threads.count(std::this_thread::get_id())); // the work was on workers
    }

    void stopsWhenUseSaysSo()
    {
        std::atomic<int> made{0};
        qsizetype used = 0;
        const bool done = inOrder(
            100000,
            [&](qsizetype i) {
                ++made;
                return i;
            },
            [&](qsizetype i, qsizetype) {
                ++used;
                return i < 9;
            });
        QVERIFY(!done);
        QCOMPARE(used, qsizetype(10));
        QVERIFY(made.load() < 100000); // only a bounded window was made ahead
    }

    void anExceptionOnAWorkerReachesTheCaller()
    {
        bool thrown = false;
        try {
            inOrder(
                500,
                [](qsizetype i) {
                    if (i == 321)
                        throw std::runtime_error("item 321");
                    return i;
                },
                [](qsizetype, qsizetype) { return true; });
        } catch (const std::runtime_error &e) {
            thrown = QByteArray(e.what()) == "item 321";
        }
        QVERIFY(thrown);
    }

    void emptyAndSingle()
    {
        int calls = 0;
        QVERIFY(inOrder(
            0, [](qsizetype i) { return i; },
            [&](qsizetype, qsizetype) {
                ++calls;
                return true;
            }));
        QCOMPARE(calls, 0);
        QVERIFY(inOrder(
            1, [](qsizetype i) { return i + 41; },
            [&](qsizetype, qsizetype v) {
                ++calls;
                return v == 41;
            }));
        QCOMPARE(calls, 1);
        // Below parallelFrom, everything runs on the calling thread.
        const auto self = std::this_thread::get_id();
        QVERIFY(inOrder(
            10, [&](qsizetype) { return std::this_thread::get_id() == self; },
            [](qsizetype, bool here) { return here; }, 11));
    }

    void queueKeepsArrivalOrder()
    {
        std::mt19937 rng(5);
        std::vector<int> got;
        InOrderQueue<int, int> queue(
            [](int &v) {
                if (v % 5 == 0)
                    QThread::usleep(100);
                return -v;
            },
            [&](int &&v) {
                got.push_back(v);
                return true;
            },
            7);
        std::vector<int> sent;
        for (int i = 0; i < 2000; ++i) {
            sent.push_back(int(rng() % 100000));
            QVERIFY(queue.push(sent.back()));
        }
        QVERIFY(queue.finish());
        QCOMPARE(got.size(), sent.size());
        for (std::size_t i = 0; i < sent.size(); ++i)
            QCOMPARE(got[i], -sent[i]);
    }

    // inBackground: the task runs, on a worker when there are several threads.
    void backgroundTaskRuns()
    {
        std::promise<std::thread::id> ran;
        auto where = ran.get_future();
        inBackground([&ran] { ran.set_value(std::this_thread::get_id()); });
        QVERIFY(where.wait_for(std::chrono::minutes(2)) == std::future_status::ready);
        QVERIFY((where.get() != std::this_thread::get_id()) == (inOrderThreads() > 1));
    }

    void aQueueShorterThanOneBatchStaysOnTheCallingThread()
    {
        const auto self = std::this_thread::get_id();
        int here = 0;
        InOrderQueue<int, bool> queue([&](int &) { return std::this_thread::get_id() == self; },
                                      [&](bool &&onCaller) {
                                          here += onCaller ? 1 : 0;
                                          return true;
                                      },
                                      32);
        for (int i = 0; i < 31; ++i)
            QVERIFY(queue.push(i));
        QVERIFY(queue.finish());
        QCOMPARE(here, 31);
    }

    void queueStopsWhenUseSaysSo()
    {
        int used = 0;
        InOrderQueue<int, int> queue([](int &v) { return v; },
                                     [&](int &&v) {
                                         ++used;
                                         return v != 50;
                                     },
                                     4);
        bool accepted = true;
        for (int i = 0; i < 1000 && accepted; ++i)
            accepted = queue.push(i);
        QVERIFY(!queue.finish());
        QCOMPARE(used, 51); // nothing after the refusal reached use
        QVERIFY(!queue.push(1));
    }
};

QTEST_GUILESS_MAIN(TestInOrder)
#include "tst_inorder.moc"
