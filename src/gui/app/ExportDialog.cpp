#include "app/ExportDialog.h"

#include "report/ReportWriter.h"
#include "ui_ExportDialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

namespace wb::gui {

ExportDialog::ExportDialog(const Session &session, const QString &directory, QWidget *parent,
                           const QDateTime &now)
    : QDialog(parent), ui(new Ui::ExportDialog), m_session(session), m_now(now)
{
    ui->setupUi(this);
    for (ReportFormat f : {ReportFormat::Markdown, ReportFormat::Html, ReportFormat::Har, ReportFormat::Json,
                           ReportFormat::Curl})
        ui->formatCombo->addItem(displayName(f), int(f));
    const QString dir = directory.isEmpty() ? QDir::homePath() : directory;
    ui->pathEdit->setText(
        QDir(dir).filePath(suggestedReportFileName(session, ReportFormat::Markdown, m_now)));
    ui->hintLabel->setText(
        tr("Every report states its redaction mode. Markdown pastes into GitHub, GitLab and "
           "Jira; HAR opens in browser developer tools; JSON reopens here."));
    ui->buttonBox->button(QDialogButtonBox::Save)->setText(tr("&Export"));
    connect(ui->formatCombo, &QComboBox::currentIndexChanged, this, &ExportDialog::onFormatChanged);
    connect(ui->allowSecretsCheck, &QCheckBox::toggled, this, &ExportDialog::updateRedactionControls);
    connect(ui->noneRadio, &QRadioButton::toggled, this, &ExportDialog::updateRedactionControls);
    connect(ui->browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(ui->buttonBox, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(ui->buttonBox, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    updateRedactionControls();
}

ExportDialog::~ExportDialog()
{
    delete ui;
}

ReportFormat ExportDialog::format() const
{
    return ReportFormat(ui->formatCombo->currentData().toInt());
}

RedactionMode ExportDialog::redaction() const
{
    if (ui->noneRadio->isChecked() && ui->allowSecretsCheck->isChecked())
        return RedactionMode::None;
    return ui->fullRadio->isChecked() ? RedactionMode::Full : RedactionMode::Standard;
}

QString ExportDialog::path() const
{
    return ui->pathEdit->text().trimmed();
}

void ExportDialog::setFormat(ReportFormat f)
{
    ui->formatCombo->setCurrentIndex(ui->formatCombo->findData(int(f)));
}

void ExportDialog::setAllowSecrets(bool allow)
{
    ui->allowSecretsCheck->setChecked(allow);
}

void ExportDialog::setRedaction(RedactionMode m)
{
    switch (m) {
    case RedactionMode::Standard:
        ui->standardRadio->setChecked(true);
        break;
    case RedactionMode::Full:
        ui->fullRadio->setChecked(true);
        break;
    case RedactionMode::None:
        if (ui->noneRadio->isEnabled())
            ui->noneRadio->setChecked(true);
        break;
    }
}

void ExportDialog::setPath(const QString &path)
{
    ui->pathEdit->setText(path);
}

void ExportDialog::onFormatChanged()
{
    // Keep the typed name, swap the extension to the new format's.
    const QFileInfo info(path());
    ReportFormat old = ReportFormat::Markdown;
    if (path().isEmpty() || !reportFormatFromFileName(path(), old))
        return;
    ui->pathEdit->setText(
        info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + fileExtension(format())));
}

void ExportDialog::updateRedactionControls()
{
    const bool allow = ui->allowSecretsCheck->isChecked();
    ui->noneRadio->setEnabled(allow);
    if (!allow && ui->noneRadio->isChecked())
        ui->standardRadio->setChecked(true);
    ui->warningLabel->setVisible(allow);
    auto *save = ui->buttonBox->button(QDialogButtonBox::Save);
    save->setText(redaction() == RedactionMode::None ? tr("&Export with Secrets") : tr("&Export"));
}

void ExportDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export Report"), path(),
        tr("%1 (*.%2);;All files (*)").arg(displayName(format()), fileExtension(format())));
    if (!chosen.isEmpty())
        ui->pathEdit->setText(chosen);
}

bool ExportDialog::save(QString *error)
{
    if (path().isEmpty()) {
        if (error)
            *error = tr("Choose a file to write the report to.");
        return false;
    }
    ReportOptions options;
    options.redaction = redaction();
    return writeReportFile(path(), m_session, format(), options, error);
}

void ExportDialog::accept()
{
    QString error;
    if (!save(&error)) {
        QMessageBox::warning(this, tr("Export Report"), error);
        return;
    }
    QDialog::accept();
}

} // namespace wb::gui
