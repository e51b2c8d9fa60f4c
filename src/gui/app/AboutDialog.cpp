#include "app/AboutDialog.h"

#include "Version.h"
#include "common/StatusIcons.h"
#include "ui_AboutDialog.h"
#include "util/LibraryVersions.h"

#include <QFontDatabase>

namespace wb::gui {

AboutDialog::AboutDialog(const QString &profilesDir, const QString &historyDir, QWidget *parent)
    : QDialog(parent), ui(new Ui::AboutDialog)
{
    ui->setupUi(this);
    ui->iconLabel->setPixmap(appIcon().pixmap(64, 64));
    ui->titleLabel->setText(QStringLiteral("<b style=\"font-size:large\">%1 %2</b>")
                                .arg(QLatin1String(kAppName), QLatin1String(kAppVersion)));
    ui->librariesText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    ui->librariesText->setPlainText(libraryVersions());
    ui->pathsLabel->setText(
        tr("Profiles (no secrets): %1\nSession history (redacted): %2\nApplication id: %3")
            .arg(profilesDir, historyDir, QLatin1String(kAppId)));
}

AboutDialog::~AboutDialog()
{
    delete ui;
}

} // namespace wb::gui
