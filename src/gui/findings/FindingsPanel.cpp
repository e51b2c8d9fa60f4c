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
    const int before = m_model->rowCount();
    m_model->refresh();
    if (before != m_model->rowCount())
        updateSummary();
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
    emit countChanged(n);
}

} // namespace wb::gui
