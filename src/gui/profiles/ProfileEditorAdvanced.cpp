// The profile editor's "Advanced" disclosure (ProfileEditor.h): a flat arrow button that opens the
// rarely changed settings (ProfileAdvancedSection), built when first opened so a start on a profile
// that sets none of them neither builds nor lays out nor paints them. It opens by itself for a
// profile that sets one of them; closed, its text names what is set. The user's choice is kept
// in the window's settings.
#include "profiles/ProfileAdvancedSection.h"
#include "profiles/ProfileEditor.h"
#include "ui_ProfileEditor.h"

#include <QSettings>

namespace wb::gui {

namespace {
const QString kShownKey = QStringLiteral("profileEditor/advancedShown");
}

void ProfileEditor::setSettings(QSettings *settings)
{
    m_settings = settings;
    m_advancedChosen = settings && settings->value(kShownKey, false).toBool();
    showAdvanced(m_advancedChosen || !ProfileAdvancedSection::describeSet(profile()).isEmpty());
}

void ProfileEditor::setAdvancedShown(bool shown)
{
    m_advancedChosen = shown;
    if (m_settings && m_settings->value(kShownKey, false).toBool() != shown)
        m_settings->setValue(kShownKey, shown);
    showAdvanced(shown);
}

bool ProfileEditor::isAdvancedShown() const
{
    return ui->advancedButton->isChecked();
}

void ProfileEditor::showAdvanced(bool shown)
{
    if (shown && !m_advanced) {
        m_advanced = new ProfileAdvancedSection(ui->advancedContainer);
        m_advanced->setObjectName(QStringLiteral("advancedSection"));
        m_advanced->load(m_loaded);
        ui->advancedContainerLayout->addWidget(m_advanced);
        connect(m_advanced, &ProfileAdvancedSection::edited, this, &ProfileEditor::onEdited);
        // Built last, its fields would come last in the tab chain: put them after the button.
        QWidget *previous = ui->advancedButton;
        for (const char *name :
             {"extraParamsTable", "addParamButton", "removeParamButton", "registeredRedirectEdit",
              "timeoutSpin", "httpTimeoutSpin", "pinnedCertEdit"}) {
            QWidget *next = m_advanced->findChild<QWidget *>(QLatin1String(name));
            setTabOrder(previous, next);
            previous = next;
        }
    }
    ui->advancedButton->setChecked(shown);
    ui->advancedButton->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    ui->advancedContainer->setVisible(shown);
    updateAdvancedButton();
}

void ProfileEditor::updateAdvancedButton()
{
    QString text = tr("A&dvanced");
    if (!ui->advancedButton->isChecked()) {
        const QStringList set = ProfileAdvancedSection::describeSet(profile());
        text = set.isEmpty()
                   ? tr("A&dvanced: extra parameters, registered URI, trusted certificate, timeouts")
                   : tr("A&dvanced — %1")
                         .arg(set.join(QStringLiteral(", ")).replace(QLatin1Char('&'), QStringLiteral("&&")));
    }
    ui->advancedButton->setText(text);
}

} // namespace wb::gui
