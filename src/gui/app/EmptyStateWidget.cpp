#include "app/EmptyStateWidget.h"

#include "common/StatusIcons.h"
#include "ui_EmptyStateWidget.h"

namespace wb::gui {

EmptyStateWidget::EmptyStateWidget(QWidget *parent) : QWidget(parent), ui(new Ui::EmptyStateWidget)
{
    ui->setupUi(this);
    ui->iconLabel->setPixmap(appIcon().pixmap(96, 96));
    QFont title = ui->titleLabel->font();
    title.setPointSizeF(title.pointSizeF() * 1.6);
    title.setBold(true);
    ui->titleLabel->setFont(title);
    connect(ui->createProfileButton, &QPushButton::clicked, this, &EmptyStateWidget::createProfileRequested);
    connect(ui->sandboxButton, &QPushButton::clicked, this, &EmptyStateWidget::sandboxRequested);
    connect(ui->openSessionButton, &QPushButton::clicked, this, &EmptyStateWidget::openSessionRequested);
    setSandboxAvailable(false, tr("The built-in sandbox is not available in this build."));
}

EmptyStateWidget::~EmptyStateWidget()
{
    delete ui;
}

void EmptyStateWidget::setSandboxAvailable(bool available, const QString &why)
{
    ui->sandboxButton->setEnabled(available);
    ui->sandboxButton->setToolTip(available ? tr("Start a local OAuth/OIDC provider on 127.0.0.1 and a "
                                                 "profile for it: a full login with nothing to register.")
                                            : why);
    ui->sandboxNoteLabel->setText(
        available
            ? tr("The sandbox is a provider built into the workbench: it runs on this computer only and "
                 "can simulate common failures.")
            : why);
}

} // namespace wb::gui
