#include "profiles/ProfileAdvancedSection.h"

#include "http/CertificatePin.h"
#include "ui_ProfileAdvancedSection.h"

#include <QRegularExpression>

namespace wb::gui {

namespace {
QStringList splitPins(const QString &text)
{
    return text.split(QRegularExpression(QStringLiteral("[,;\\n]")));
}
} // namespace

ProfileAdvancedSection::ProfileAdvancedSection(QWidget *parent)
    : QWidget(parent), ui(new Ui::ProfileAdvancedSection)
{
    ui->setupUi(this);
    ui->extraParamsTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    ui->extraParamsTable->setColumnWidth(0, 140);
    connect(ui->addParamButton, &QPushButton::clicked, this, [this] {
        addParamRow();
        ui->extraParamsTable->editItem(ui->extraParamsTable->item(ui->extraParamsTable->rowCount() - 1, 0));
    });
    connect(ui->removeParamButton, &QPushButton::clicked, this, [this] {
        const int row = ui->extraParamsTable->currentRow();
        if (row >= 0) {
            ui->extraParamsTable->removeRow(row);
            emit edited();
        }
    });
    // A fingerprint that does not parse is shown at once; it is left out of the saved profile.
    connect(ui->pinnedCertEdit, &QLineEdit::textChanged, this, &ProfileAdvancedSection::checkPins);
    const auto report = [this] {
        if (!m_loading)
            emit edited();
    };
    connect(ui->extraParamsTable, &QTableWidget::itemChanged, this, report);
    connect(ui->registeredRedirectEdit, &QLineEdit::textChanged, this, report);
    connect(ui->pinnedCertEdit, &QLineEdit::textChanged, this, report);
    connect(ui->timeoutSpin, &QSpinBox::valueChanged, this, report);
    connect(ui->httpTimeoutSpin, &QSpinBox::valueChanged, this, report);
}

ProfileAdvancedSection::~ProfileAdvancedSection()
{
    delete ui;
}

void ProfileAdvancedSection::checkPins(const QString &text)
{
    QString problem;
    for (const QString &part : splitPins(text)) {
        if (!part.trimmed().isEmpty() && certpin::normalize(part, &problem).isEmpty())
            break;
        problem.clear();
    }
    ui->pinnedCertEdit->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color: #b00020"));
    ui->pinnedCertEdit->setToolTip(problem.isEmpty()
                                       ? tr("Trust exactly this server certificate despite TLS errors, for "
                                            "this profile only (several: separate with commas). A TLS "
                                            "failure shows the SHA-256 to paste here. See docs/tls.md.")
                                       : problem);
}

void ProfileAdvancedSection::addParamRow(const QString &name, const QString &value)
{
    const int row = ui->extraParamsTable->rowCount();
    ui->extraParamsTable->insertRow(row);
    ui->extraParamsTable->setItem(row, 0, new QTableWidgetItem(name));
    ui->extraParamsTable->setItem(row, 1, new QTableWidgetItem(value));
}

void ProfileAdvancedSection::load(const Profile &p)
{
    m_loading = true;
    ui->extraParamsTable->setRowCount(0);
    for (const auto &[k, v] : p.extraParams)
        addParamRow(k, v);
    ui->registeredRedirectEdit->setText(p.registeredRedirectUri);
    QStringList pins;
    for (const QString &pin : p.pinnedCertSha256)
        pins << certpin::display(certpin::normalize(pin));
    ui->pinnedCertEdit->setText(pins.join(QStringLiteral(", ")));
    ui->timeoutSpin->setValue(p.timeoutSeconds);
    ui->httpTimeoutSpin->setValue(p.httpTimeoutSeconds);
    m_loading = false;
}

void ProfileAdvancedSection::store(Profile &p) const
{
    p.extraParams.clear();
    for (int row = 0; row < ui->extraParamsTable->rowCount(); ++row) {
        const auto *name = ui->extraParamsTable->item(row, 0);
        const auto *value = ui->extraParamsTable->item(row, 1);
        if (name && !name->text().trimmed().isEmpty())
            p.extraParams.append({name->text().trimmed(), value ? value->text() : QString()});
    }
    p.registeredRedirectUri = ui->registeredRedirectEdit->text().trimmed();
    p.timeoutSeconds = ui->timeoutSpin->value();
    p.httpTimeoutSeconds = ui->httpTimeoutSpin->value();
    p.pinnedCertSha256.clear();
    for (const QString &part : splitPins(ui->pinnedCertEdit->text())) {
        const QString pin = certpin::normalize(part); // an invalid entry is flagged on the field, not saved
        if (!pin.isEmpty() && !p.pinnedCertSha256.contains(pin))
            p.pinnedCertSha256 << pin;
    }
}

int ProfileAdvancedSection::httpTimeoutSeconds() const
{
    return ui->httpTimeoutSpin->value();
}

QStringList ProfileAdvancedSection::describeSet(const Profile &p)
{
    const Profile defaults;
    QStringList set;
    const auto params = p.extraParams.size();
    if (params == 1)
        set << tr("1 extra parameter (%1)").arg(p.extraParams.front().first);
    else if (params > 1)
        set << tr("%1 extra parameters").arg(params);
    if (!p.registeredRedirectUri.isEmpty())
        set << tr("registered URI");
    if (p.pinnedCertSha256.size() == 1)
        set << tr("trusted certificate");
    else if (p.pinnedCertSha256.size() > 1)
        set << tr("%1 trusted certificates").arg(p.pinnedCertSha256.size());
    if (p.timeoutSeconds != defaults.timeoutSeconds)
        set << tr("callback timeout %1 s").arg(p.timeoutSeconds);
    if (p.httpTimeoutSeconds != defaults.httpTimeoutSeconds)
        set << tr("HTTP timeout %1 s").arg(p.httpTimeoutSeconds);
    return set;
}

} // namespace wb::gui
