#pragma once
// inOrder: the per-item work of a long export (redacting and formatting each exchange) done on
// a few worker threads, a bounded number of items ahead, while the calling thread writes the
// results strictly in order. Output is the same as a plain loop; only the wall time changes.

#include <QtGlobal>

#include <algorithm>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <type_traits>
#include <vector>

namespace wb {

// Worker threads for inOrder: the machine's cores, at most 8; OAUTH_WORKBENCH_THREADS=N
// overrides (1 = everything on the calling thread).
int inOrderThreads();

// Runs `task` on inOrder's worker threads without waiting for it: for freeing what a long export
// is done with while the caller goes on. Inline with one thread. Pending tasks finish at exit.
void inBackground(std::function<void()> task);

namespace detail {
// Runs `task` on inOrder's own pool of threads (kept between calls, so each keeps its warm
// allocator arena and parser); true on those threads, where inOrder runs on the calling thread
// (a worker waiting for the pool would wait for itself).
void startOnPool(std::function<void()> task);
bool onPoolThread();

template <typename F> auto onPool(F work) -> std::future<std::invoke_result_t<F &>>
{
    auto task = std::make_shared<std::packaged_task<std::invoke_result_t<F &>()>>(std::move(work));
    auto future = task->get_future();
    startOnPool([task] { (*task)(); });
    return future;
}

// Waits for every future still in `futures` when it goes out of scope: their tasks refer to
// the caller's state, so an early return or an exception must not leave them running.
template <typename T> struct WaitForAll {
    std::deque<std::future<T>> &futures;
    ~WaitForAll()
    {
        for (auto &f : futures)
            if (f.valid())
                f.wait();
    }
};
} // namespace detail

// Calls make(i) for every i in [0, count), possibly on other threads and several at once (so
// `make` must only read shared state), and use(i, result) on the calling thread in order of
// i. Stops early, and returns false, when use returns false. An exception thrown by make
// reaches the caller from here. Below `parallelFrom` items all runs on the calling thread
// (starting threads costs more than a few small items).
template <typename Make, typename Use>
bool inOrder(qsizetype count, const Make &make, const Use &use, qsizetype parallelFrom = 16)
{
    using Result = std::invoke_result_t<const Make &, qsizetype>;
    const int threads = inOrderThreads();
    if (threads < 2 || count < std::max<qsizetype>(2, parallelFrom) || detail::onPoolThread()) {
        for (qsizetype i = 0; i < count; ++i)
            if (!use(i, make(i)))
                return false;
        return true;
    }
    // Batches amortise starting a task; the window bounds memory to a few batches of results.
    const qsizetype batch = std::clamp<qsizetype>(count / (qsizetype(threads) * 16), 1, 64);
    const std::size_t window = std::size_t(threads) * 2;
    std::deque<std::future<std::vector<Result>>> ahead;
    const detail::WaitForAll<std::vector<Result>> waitForAll{ahead};
    qsizetype submitted = 0;
    const auto submit = [&] {
        const qsizetype from = submitted, to = std::min(count, submitted + batch);
        submitted = to;
        const auto work = [&make, from, to] {
            std::vector<Result> out;
            out.reserve(std::size_t(to - from));
            for (qsizetype i = from; i < to; ++i)
                out.push_back(make(i));
            return out;
        };
        ahead.push_back(detail::onPool(work));
    };
    while (submitted < count && ahead.size() < window)
        submit();
    qsizetype next = 0;
    while (!ahead.empty()) {
        std::vector<Result> results = ahead.front().get();
        ahead.pop_front();
        if (submitted < count)
            submit();
        for (auto &&r : results) // auto&&: vector<bool> hands out proxies
            if (!use(next++, std::move(r)))
                return false; // the tasks still running are waited for (waitForAll)
    }
    return true;
}

// inOrder for items that arrive one by one (exchange texts cut from a file as it is read):
// push() hands each to make() on a worker thread, in batches; use() gets the results on the
// pushing thread in order of arrival. finish() waits for the rest. Both return false once use
// returned false (the remaining results are then dropped).
template <typename In, typename Out> class InOrderQueue {
public:
    using Make = std::function<Out(In &)>;
    using Use = std::function<bool(Out &&)>;
    InOrderQueue(Make make, Use use, std::size_t batch = 32)
        : m_make(std::move(make)), m_use(std::move(use)), m_batch(batch),
          m_window(std::size_t(inOrderThreads()) * 2),
          m_inline(inOrderThreads() < 2 || detail::onPoolThread())
    {
    }
    InOrderQueue(const InOrderQueue &) = delete;
    InOrderQueue &operator=(const InOrderQueue &) = delete;
    ~InOrderQueue()
    {
        for (auto &f : m_ahead)
            f.wait(); // their tasks use m_make
    }

    bool push(In item)
    {
        if (m_stopped)
            return false;
        if (m_inline) {
            Out out = m_make(item);
            return !(m_stopped = !m_use(std::move(out)));
        }
        m_pending.push_back(std::move(item));
        if (m_pending.size() >= m_batch)
            submit();
        while (!m_stopped && m_ahead.size() > m_window)
            takeFront();
        return !m_stopped;
    }
    bool finish()
    {
        if (m_ahead.empty()) {
            // Fewer items than one batch in all (a short session): no thread is worth starting.
            for (In &item : m_pending)
                if (!m_stopped && !m_use(m_make(item)))
                    m_stopped = true;
            m_pending.clear();
            return !m_stopped;
        }
        if (!m_pending.empty() && !m_stopped)
            submit();
        while (!m_stopped && !m_ahead.empty())
            takeFront();
        return !m_stopped;
    }

private:
    void submit()
    {
        const auto work = [make = &m_make, items = std::make_shared<std::vector<In>>(std::move(m_pending))] {
            std::vector<Out> out;
            out.reserve(items->size());
            for (In &item : *items)
                out.push_back((*make)(item));
            return out;
        };
        m_pending.clear();
        m_ahead.push_back(detail::onPool(work));
    }
    void takeFront()
    {
        std::vector<Out> results = m_ahead.front().get();
        m_ahead.pop_front();
        for (auto &&r : results)
            if (!m_use(std::move(r))) {
                m_stopped = true;
                return;
            }
    }

    Make m_make;
    Use m_use;
    std::size_t m_batch;
    std::size_t m_window;
    bool m_inline;
    std::vector<In> m_pending;
    std::deque<std::future<std::vector<Out>>> m_ahead;
    bool m_stopped = false;
};

} // namespace wb
