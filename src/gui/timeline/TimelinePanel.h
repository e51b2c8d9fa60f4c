#pragma once
// TimelinePanel: the flow's steps as they happen (status icon, title, duration, summary) with
// their exchanges as child rows, and a header saying what is shown (live run or saved file), with
// a "Show sub-resources" toggle when a captured browser step recorded some.

#include <QWidget>

class QTreeView;

namespace Ui {
class TimelinePanel;
}

namespace wb {
struct Session;
}

namespace wb::gui {

class TimelineModel;

class TimelinePanel : public QWidget {
    Q_OBJECT
public:
    explicit TimelinePanel(QWidget *parent = nullptr);
    ~TimelinePanel() override;

    // `source`: empty for a live run, else the file the session was opened from.
    void setSession(const Session *session, const QString &source = {});
    void sync();         // the live session changed
    void tick();         // once a second while running: live durations
    void updateHeader(); // outcome or running state changed

    TimelineModel *model() const { return m_model; }
    QTreeView *view() const;
    void selectStep(int stepIndex);
    void selectExchange(int exchangeIndex);
    int selectedStep() const;     // the step of the selected row (also for an exchange row)
    int selectedExchange() const; // -1 unless an exchange row is selected

signals:
    void selectionChanged(int stepIndex, int exchangeIndex); // -1 for "none"

private:
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void updateSubResourceToggle(); // shown only when a captured step recorded sub-resources
    static void askPointerOnlyWhenOver(QTreeView *view); // no pointer query per scroll otherwise

    Ui::TimelinePanel *ui;
    TimelineModel *m_model;
    QString m_source;
    bool m_followLatest = true; // select new steps until the user picks a row
    bool m_selecting = false;
};

} // namespace wb::gui
