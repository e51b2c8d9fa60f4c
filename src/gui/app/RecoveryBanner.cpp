#include "app/RecoveryBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>

namespace wb::gui {

RecoveryBanner::RecoveryBanner(QWidget *parent)
    : QFrame(parent), m_heading(new QLabel(this)), m_rows(new QVBoxLayout)
{
    setObjectName(QStringLiteral("recoveryBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase); // stands out in light and dark palettes
    setForegroundRole(QPalette::ToolTipText);
    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(32, 32));
    icon->setAlignment(Qt::AlignTop);
    m_heading->setObjectName(QStringLiteral("recoveryBannerText"));
    m_heading->setWordWrap(true);
    m_heading->setForegroundRole(QPalette::ToolTipText);
    auto *text = new QVBoxLayout;
    text->addWidget(m_heading);
    text->addLayout(m_rows);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addLayout(text, 1);
    hide();
}

QString RecoveryBanner::message() const
{
    return m_heading->text();
}

void RecoveryBanner::setJournals(const QList<JournalInfo> &journals)
{
    m_journals = journals;
    // Rows go later: this may run inside a click on one of their buttons.
    while (QLayoutItem *item = m_rows->takeAt(0)) {
        if (QWidget *row = item->widget()) {
            row->hide();
            row->setParent(nullptr);
            row->deleteLater();
        }
        delete item;
    }
    if (journals.isEmpty()) {
        hide();
        return;
    }
    m_heading->setText(journals.size() == 1
                           ? tr("A flow was interrupted when the workbench stopped unexpectedly. Recover it "
                                "to see every step and exchange recorded up to then (redacted).")
                           : tr("%n flows were interrupted when the workbench stopped unexpectedly. Recover "
                                "them to see every step and exchange recorded up to then (redacted).",
                                nullptr, int(journals.size())));
    for (int i = 0; i < journals.size(); ++i)
        m_rows->addWidget(makeRow(i, journals.at(i)));
    show();
}

QWidget *RecoveryBanner::makeRow(int index, const JournalInfo &j)
{
    auto *row = new QWidget(this);
    row->setObjectName(QStringLiteral("recoveryRow%1").arg(index));
    auto *label = new QLabel(row);
    label->setForegroundRole(QPalette::ToolTipText);
    const QString who = !j.profileName.isEmpty() ? j.profileName
                        : !j.clientId.isEmpty()  ? j.clientId
                                                 : tr("unknown profile");
    const QString when = j.startedAt.isValid()
                             ? QLocale().toString(j.startedAt.toLocalTime(), QLocale::ShortFormat)
                             : tr("unknown time");
    if (j.problem.isEmpty())
        label->setText(tr("%1 — started %2, %3 step(s), %4 exchange(s)")
                           .arg(who.toHtmlEscaped(), when)
                           .arg(j.steps)
                           .arg(j.exchanges));
    else
        label->setText(tr("%1 — cannot be read: %2").arg(j.sessionId, j.problem));
    label->setToolTip(j.path);
    auto *recover = new QPushButton(tr("Recover"), row);
    recover->setObjectName(QStringLiteral("recoverButton%1").arg(index));
    recover->setEnabled(j.problem.isEmpty());
    auto *discard = new QPushButton(tr("Discard"), row);
    discard->setObjectName(QStringLiteral("discardButton%1").arg(index));
    const QString path = j.path;
    connect(recover, &QPushButton::clicked, this, [this, path] { emit recoverRequested(path); });
    connect(discard, &QPushButton::clicked, this, [this, path] { emit discardRequested(path); });
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label, 1);
    layout->addWidget(recover);
    layout->addWidget(discard);
    return row;
}

} // namespace wb::gui
