// wb-bench-scale-gui: opens a (large) session file in the real MainWindow and times what a person
// does with it: open until the timeline is populated and painted, scroll the timeline top to
// bottom page by page (each page painted), select exchanges spread over it (the inspector shows
// each one). A 5 ms QTimer probe measures the longest event-loop stall. Prints "key value" lines.
//
// Usage: wb-bench-scale-gui SESSION.json     (needs a display: Xvfb or QT_QPA_PLATFORM=offscreen)

#include "app/MainWindow.h"
#include "store/MemorySecretStore.h"
#include "timeline/TimelineModel.h"
#include "timeline/TimelinePanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QWindow>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace wb;
using namespace wb::gui;

namespace {

// The longest gap between two ticks of a 5 ms timer, minus the interval: how long the event
// loop could not react to input.
class StallProbe : public QObject {
public:
    StallProbe()
    {
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 gap = m_clock.restart();
            m_maxStall = std::max(m_maxStall, gap - 5);
        });
    }
    void start()
    {
        m_maxStall = 0;
        m_clock.start();
        m_timer.start();
    }
    qint64 stop()
    {
        m_timer.stop();
        m_maxStall = std::max(m_maxStall, m_clock.elapsed() - 5);
        return std::max<qint64>(m_maxStall, 0);
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_maxStall = 0;
};

void settle(int rounds = 3)
{
    for (int i = 0; i < rounds; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents);
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fputs("usage: wb-bench-scale-gui SESSION.json\n", stderr);
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    QTemporaryDir home;
    MemorySecretStore secrets;
    MainWindowOptions options;
    options.profilesDirectory = home.filePath(QStringLiteral("profiles"));
    options.historyDirectory = home.filePath(QStringLiteral("history"));
    options.settingsFile = home.filePath(QStringLiteral("gui.ini"));
    options.interactive = false;
    options.secretStore = &secrets;
    options.probeSecrets = false;
    MainWindow window(options);
    window.resize(1280, 900);
    window.show();
    QElapsedTimer wait;
    wait.start();
    while (!(window.windowHandle() && window.windowHandle()->isExposed()) && wait.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    settle();

    TimelinePanel *timeline = window.timelinePanel(); // built on first use, as without profiles
    QTreeView *view = timeline->view();
    StallProbe probe;

    // Open: the file is read, parsed and shown; the first frame of the timeline is painted.
    QElapsedTimer clock;
    clock.start();
    if (!window.openSessionFile(path)) {
        std::fprintf(stderr, "wb-bench-scale-gui: cannot open %s: %s\n", qPrintable(path),
                     qPrintable(window.lastError()));
        return 1;
    }
    view->viewport()->repaint();
    settle(1);
    const qint64 openNs = clock.nsecsElapsed();
    const Session *session = window.shownSession();
    const int steps = session ? int(session->steps.size()) : 0;
    const int exchanges = session ? int(session->exchanges.size()) : 0;
    if (timeline->model()->rowCount() < steps || exchanges == 0) {
        std::fprintf(stderr, "wb-bench-scale-gui: the timeline shows %d rows for %d steps\n",
                     timeline->model()->rowCount(), steps);
        return 1;
    }
    settle();

    // Scroll: page by page from the top to the bottom, each page painted before the next.
    QScrollBar *bar = view->verticalScrollBar();
    probe.start();
    clock.restart();
    qint64 worstPageNs = 0;
    int pages = 0;
    bar->setValue(0);
    for (int value = 0;; value += std::max(1, bar->pageStep())) {
        QElapsedTimer page;
        page.start();
        bar->setValue(std::min(value, bar->maximum()));
        view->viewport()->repaint();
        QCoreApplication::processEvents();
        worstPageNs = std::max(worstPageNs, page.nsecsElapsed());
        ++pages;
        if (value >= bar->maximum())
            break;
    }
    const qint64 scrollNs = clock.nsecsElapsed();
    const qint64 scrollStall = probe.stop();

    // Select: 100 exchange rows spread over the session, each shown in the inspector.
    probe.start();
    qint64 worstSelectNs = 0;
    const int picks = std::min(100, exchanges);
    for (int i = 0; i < picks; ++i) {
        QElapsedTimer pick;
        pick.start();
        timeline->selectExchange(int(qint64(i) * (exchanges - 1) / std::max(1, picks - 1)));
        settle(2);
        window.repaint();
        worstSelectNs = std::max(worstSelectNs, pick.nsecsElapsed());
    }
    const qint64 selectStall = probe.stop();

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf(
        "exchanges %d\nsteps %d\nopen-ms %.1f\nscroll-ms %.1f\nscroll-pages %d\nscroll-worst-page-ms %.1f\n"
        "scroll-stall-ms %lld\nselect-worst-ms %.1f\nselect-stall-ms %lld\npeak-rss-kib %ld\n",
        exchanges, steps, ms(openNs), ms(scrollNs), pages, ms(worstPageNs),
        static_cast<long long>(scrollStall), ms(worstSelectNs), static_cast<long long>(selectStall),
        usage.ru_maxrss);
    std::fflush(stdout);
    return 0;
}
