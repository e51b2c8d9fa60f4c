#pragma once
// FindingsPanel: the list of findings of the shown session; clicking one selects its step.

#include <QWidget>

class QTreeView;

namespace Ui {
class FindingsPanel;
}

namespace wb {
struct Session;
}

namespace wb::gui {

class FindingsModel;

class FindingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget *parent = nullptr);
    ~FindingsPanel() override;

    void setSession(const Session *session);
    void refresh();
    FindingsModel *model() const { return m_model; }
    QTreeView *view() const;

signals:
    void stepActivated(int stepIndex);
    void countChanged(int count); // e.g. for the tab title

private:
    void updateSummary();
    void showDetail(const QModelIndex &current);

    Ui::FindingsPanel *ui;
    FindingsModel *m_model;
    const Session *m_session = nullptr;
};

} // namespace wb::gui
