#pragma once
// FindingsPanel: the findings of the shown session, most severe first, with the selected one's
// explanation, fix steps and evidence below; clicking one selects its step and exchange.

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
struct FindingRow;

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
    void exchangeActivated(int exchangeIndex); // after stepActivated, when the finding names one
    void countChanged(int count);              // e.g. for the tab title

private:
    void updateSummary();
    void showDetail(const QModelIndex &current);
    static QString detailHtml(const FindingRow &row, const Session *session);

    Ui::FindingsPanel *ui;
    FindingsModel *m_model;
    const Session *m_session = nullptr;
};

} // namespace wb::gui
