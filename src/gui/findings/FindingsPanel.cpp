#include "findings/FindingsPanel.h"

#include "findings/FindingsModel.h"
#include "ui_FindingsPanel.h"

namespace wb::gui {

FindingsPanel::FindingsPanel(QWidget *parent)
    : QWidget(parent), ui(new Ui::FindingsPanel), m_model(new FindingsModel(this))
{
    ui->setupUi(this);
    ui->findingsView->setModel(m_model);
    ui->findingsView->header()->resizeSection(FindingsModel::SeverityColumn, 100);
    ui->findingsView->header()->resizeSection(FindingsModel::FindingColumn, 560);
    auto activate = [this](const QModelIndex &index) {
        const int step = index.data(FindingsModel::StepIndexRole).toInt();
        if (index.isValid() && step >= 0)
            emit stepActivated(step);
    };
    connect(ui->findingsView, &QTreeView::clicked, this, activate);
    connect(ui->findingsView, &QTreeView::activated, this, activate);
    connect(ui->findingsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FindingsPanel::showDetail);
    updateSummary();
}

FindingsPanel::~FindingsPanel()
{
    delete ui;
}

QTreeView *FindingsPanel::view() const
{
    return ui->findingsView;
}

void FindingsPanel::setSession(const Session *session)
{
    m_session = session;
    m_model->setSession(session);
    updateSummary();
}

void FindingsPanel::refresh()
{
    if (m_model->refresh()) // a reset: the current row is gone, updateSummary picks the first again
        updateSummary();
}

void FindingsPanel::showDetail(const QModelIndex &current)
{
    // The list elides long messages; the whole text of the current finding is shown below it.
    const QList<FindingRow> &rows = m_model->rows();
    if (!current.isValid() || current.row() >= rows.size()) {
        ui->detailLabel->clear();
        return;
    }
    const FindingRow &r = rows[current.row()];
    ui->detailLabel->setText(
        QStringLiteral("<b>%1</b><br>%2").arg(r.title.toHtmlEscaped(), r.message.toHtmlEscaped()));
}

void FindingsPanel::updateSummary()
{
    const int n = m_model->rowCount();
    if (!m_session)
        ui->summaryLabel->setText(tr("Findings about a run appear here."));
    else if (n == 0)
        ui->summaryLabel->setText(tr("No problems found in this run."));
    else
        ui->summaryLabel->setText(
            tr("%n finding(s), most severe first. Click one to see its step.", nullptr, n));
    // The most severe finding is shown in full without a click.
    if (n > 0 && !ui->findingsView->currentIndex().isValid())
        ui->findingsView->setCurrentIndex(m_model->index(0, 0));
    showDetail(ui->findingsView->currentIndex());
    emit countChanged(n);
}

} // namespace wb::gui
