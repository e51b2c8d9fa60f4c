#pragma once
// HistoryPanel: recent runs, newest first (when, profile, outcome); double-click opens one.

#include <QWidget>

class QStandardItemModel;
class QTreeView;

namespace Ui {
class HistoryPanel;
}

namespace wb::gui {

class HistoryStore;

class HistoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPanel(QWidget *parent = nullptr);
    ~HistoryPanel() override;

    void setStore(const HistoryStore *store); // not owned
    void reload();
    QTreeView *view() const;
    int count() const;

signals:
    void openRequested(const QString &path);

private:
    Ui::HistoryPanel *ui;
    QStandardItemModel *m_model;
    const HistoryStore *m_store = nullptr;
};

} // namespace wb::gui
