#pragma once
// ProfilesSidebar: the list of profiles with New / Duplicate / Delete; it only reports what the
// user asked for, the controller does it.

#include <QWidget>

class QAbstractItemModel;

namespace Ui {
class ProfilesSidebar;
}

namespace wb::gui {

class ProfilesSidebar : public QWidget {
    Q_OBJECT
public:
    explicit ProfilesSidebar(QWidget *parent = nullptr);
    ~ProfilesSidebar() override;

    void setModel(QAbstractItemModel *model); // a ProfileListModel
    QString currentProfileId() const;
    void selectProfile(const QString &id);

signals:
    void currentProfileChanged(const QString &id); // empty when nothing is selected
    void newRequested();
    void duplicateRequested(const QString &id);
    void deleteRequested(const QString &id);
    void activated(const QString &id); // double-click / Enter: start a flow

private:
    void updateButtons();
    Ui::ProfilesSidebar *ui;
};

} // namespace wb::gui
