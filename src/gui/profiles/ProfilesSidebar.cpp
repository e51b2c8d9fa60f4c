#include "profiles/ProfilesSidebar.h"

#include "common/PrefetchedIcons.h"
#include "profiles/ProfileListModel.h"
#include "ui_ProfilesSidebar.h"

#include <QMenu>
#include <QStyle>

namespace wb::gui {

ProfilesSidebar::ProfilesSidebar(QWidget *parent) : QWidget(parent), ui(new Ui::ProfilesSidebar)
{
    ui->setupUi(this);
    ui->newButton->setIcon(PrefetchedIcons::take(this, QStyle::SP_FileIcon));
    ui->duplicateButton->setIcon(PrefetchedIcons::take(this, QStyle::SP_FileDialogNewFolder));
    ui->deleteButton->setIcon(PrefetchedIcons::take(this, QStyle::SP_TrashIcon));
    connect(ui->newButton, &QPushButton::clicked, this, &ProfilesSidebar::newRequested);
    connect(ui->duplicateButton, &QPushButton::clicked, this, [this] {
        if (!currentProfileId().isEmpty())
            emit duplicateRequested(currentProfileId());
    });
    connect(ui->deleteButton, &QPushButton::clicked, this, [this] {
        if (!currentProfileId().isEmpty())
            emit deleteRequested(currentProfileId());
    });
    ui->profileList->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(ui->profileList, &QWidget::customContextMenuRequested, this, &ProfilesSidebar::showContextMenu);
    connect(ui->profileList, &QListView::activated, this, [this](const QModelIndex &index) {
        emit activated(index.data(ProfileListModel::IdRole).toString());
    });
    updateButtons();
}

ProfilesSidebar::~ProfilesSidebar()
{
    delete ui;
}

void ProfilesSidebar::setModel(QAbstractItemModel *model)
{
    ui->profileList->setModel(model);
    connect(ui->profileList->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        updateButtons();
        emit currentProfileChanged(currentProfileId());
    });
    // A removed current row leaves no current index: report it so the editor clears.
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        updateButtons();
        emit currentProfileChanged(currentProfileId());
    });
    updateButtons();
}

QString ProfilesSidebar::currentProfileId() const
{
    const QModelIndex index = ui->profileList->currentIndex();
    return index.isValid() ? index.data(ProfileListModel::IdRole).toString() : QString();
}

QIcon ProfilesSidebar::newProfileIcon() const
{
    return ui->newButton->icon();
}

void ProfilesSidebar::selectProfile(const QString &id)
{
    auto *model = ui->profileList->model();
    if (!model)
        return;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(ProfileListModel::IdRole).toString() == id) {
            ui->profileList->setCurrentIndex(index);
            ui->profileList->scrollTo(index);
            return;
        }
    }
}

void ProfilesSidebar::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = ui->profileList->indexAt(pos);
    if (!index.isValid())
        return;
    ui->profileList->setCurrentIndex(index);
    const QString id = index.data(ProfileListModel::IdRole).toString();
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("profileContextMenu"));
    const auto add = [&](const QString &text, void (ProfilesSidebar::*signal)(const QString &)) {
        connect(menu.addAction(text), &QAction::triggered, this,
                [this, id, signal] { emit(this->*signal)(id); });
    };
    add(tr("&Duplicate"), &ProfilesSidebar::duplicateRequested);
    menu.addSeparator();
    add(tr("Forget &tokens…"), &ProfilesSidebar::forgetTokensRequested);
    add(tr("Forget &secret…"), &ProfilesSidebar::forgetSecretRequested);
    menu.addSeparator();
    add(tr("D&elete…"), &ProfilesSidebar::deleteRequested);
    menu.exec(ui->profileList->viewport()->mapToGlobal(pos));
}

void ProfilesSidebar::updateButtons()
{
    const bool has = !currentProfileId().isEmpty();
    ui->duplicateButton->setEnabled(has);
    ui->deleteButton->setEnabled(has);
}

} // namespace wb::gui
