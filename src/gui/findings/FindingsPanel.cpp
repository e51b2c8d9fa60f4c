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
        if (!index.isValid())
            return;
        const int step = index.data(FindingsModel::StepIndexRole).toInt();
        const int exchange = index.data(FindingsModel::ExchangeIndexRole).toInt();
        if (step >= 0)
            emit stepActivated(step);
        if (exchange >= 0)
            emit exchangeActivated(exchange); // the exchange that proves it, within that step
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
    // The list shows one line per finding; the whole finding is shown below it.
    const QList<FindingRow> &rows = m_model->rows();
    if (!current.isValid() || current.row() >= rows.size()) {
        ui->detailView->clear();
        return;
    }
    ui->detailView->setHtml(detailHtml(rows[current.row()], m_session));
}

QString FindingsPanel::detailHtml(const FindingRow &r, const Session *session)
{
    QString html = QStringLiteral("<p><b>%1</b>").arg(r.title.toHtmlEscaped());
    if (!r.code.isEmpty())
        html += QStringLiteral(" <code>%1</code> &middot; %2")
                    .arg(r.code.toHtmlEscaped(), r.triage.toHtmlEscaped());
    html += QStringLiteral("</p><p>%1</p>").arg(r.message.toHtmlEscaped());
    if (!r.fixSteps.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b></p><ol>").arg(tr("What to do"));
        for (const QString &step : r.fixSteps)
            html += QStringLiteral("<li>%1</li>").arg(step.toHtmlEscaped());
        html += QStringLiteral("</ol>");
    }
    if (session && r.stepIndex >= 0 && r.stepIndex < session->steps.size()) {
        const Step &st = session->steps[r.stepIndex];
        html += QStringLiteral("<p>%1</p>")
                    .arg(r.exchangeId.isEmpty()
                             ? tr("Evidence: step %1 (%2).").arg(st.id, st.title.toHtmlEscaped())
                             : tr("Evidence: step %1 (%2), exchange %3.")
                                   .arg(st.id, st.title.toHtmlEscaped(), r.exchangeId.toHtmlEscaped()));
    }
    if (!r.evidence.isEmpty())
        html += QStringLiteral("<pre>%1</pre>").arg(r.evidence.toHtmlEscaped());
    return html;
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
