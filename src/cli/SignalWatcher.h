#pragma once
// SignalWatcher: turns SIGINT/SIGTERM into a callback on the Qt event loop, so Ctrl+C cancels a
// flow cleanly (listener closed, session recorded) instead of killing the process mid-step.

#include <QObject>
#include <functional>

class QTimer;

namespace wb::cli {

class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(std::function<void()> onSignal, QObject *parent = nullptr);
    ~SignalWatcher() override;

private:
    std::function<void()> m_onSignal;
    QTimer *m_poll;
};

} // namespace wb::cli
