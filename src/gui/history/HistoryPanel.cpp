#include "history/HistoryPanel.h"

#include "common/Format.h"
#include "common/StatusIcons.h"
#include "history/HistoryStore.h"
#include "ui_HistoryPanel.h"

#include <QHeaderView>
#include <QStandardItemModel>

namespace wb::gui {

namespace {
constexpr int kPathRole = Qt::UserRole + 1;
}

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent), ui(new Ui::HistoryPanel), m_model(new QStandardItemModel(this))
{
    ui->setupUi(this);
    m_model->setHorizontalHeaderLabels({tr("When"), tr("Profile")});
    ui->historyView->setModel(m_model);
    // The time is short and must stay whole; the profile name takes the rest.
    ui->historyView->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    ui->historyView->header()->setStretchLastSection(true);
    connect(ui->historyView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QString path = m_model->index(index.row(), 0).data(kPathRole).toString();
        if (!path.isEmpty())
            emit openRequested(path);
    });
}

HistoryPanel::~HistoryPanel()
{
    delete ui;
}

QTreeView *HistoryPanel::view() const
{
    return ui->historyView;
}

int HistoryPanel::count() const
{
    return m_model->rowCount();
}

void HistoryPanel::setStore(const HistoryStore *store)
{
    m_store = store;
    reload();
}

void HistoryPanel::reload()
{
    m_model->removeRows(0, m_model->rowCount());
    if (!m_store)
        return;
    const QDateTime today = QDateTime::currentDateTime();
    for (const HistoryEntry &e : m_store->list()) {
        const QDateTime local = e.startedAt.toLocalTime();
        auto *when = new QStandardItem(toneIcon(toneFor(e.outcome)),
                                       local.date() == today.date()
                                           ? local.toString(QStringLiteral("HH:mm:ss"))
                                           : local.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        when->setData(e.path, kPathRole);
        QString tip = QStringLiteral("%1 — %2\n%3\n%4")
                          .arg(formatLocalTime(e.startedAt), outcomeLabel(e.outcome), e.issuer, e.path);
        if (!e.error.isEmpty())
            tip += QStringLiteral("\n") + e.error;
        when->setToolTip(tip);
        auto *profile = new QStandardItem(e.profileName);
        profile->setToolTip(tip);
        m_model->appendRow({when, profile});
    }
    ui->noteLabel->setText(
        m_model->rowCount()
            ? tr("Double-click a run to open it. Saved redacted in %1.").arg(m_store->directory())
            : tr("Each run is saved here, redacted, when it ends."));
}

} // namespace wb::gui
