#pragma once
// ProfilesSidebar: the list of profiles with New / Duplicate / Delete, and a context menu that adds
// Forget tokens / Forget secret; it only reports what the user asked for, the controller does it.

#include <QIcon>
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
    QIcon newProfileIcon() const; // the New button's (the style's file icon), for the toolbar's New

signals:
    void currentProfileChanged(const QString &id); // empty when nothing is selected
    void newRequested();
    void duplicateRequested(const QString &id);
    void deleteRequested(const QString &id);
    void forgetTokensRequested(const QString &id);
    void forgetSecretRequested(const QString &id);
    void activated(const QString &id); // double-click / Enter: start a flow

private:
    void updateButtons();
    void showContextMenu(const QPoint &pos);
    Ui::ProfilesSidebar *ui;
};

} // namespace wb::gui
