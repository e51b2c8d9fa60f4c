#include "timeline/TimelinePanel.h"

#include "common/Format.h"
#include "common/StatusIcons.h"
#include "flow/Session.h"
#include "timeline/OpaqueScrollBar.h"
#include "timeline/TimelineDelegate.h"
#include "timeline/TimelineModel.h"
#include "timeline/ViewportFill.h"
#include "ui_TimelinePanel.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QScrollBar>
#include <QTreeView>

namespace wb::gui {

TimelinePanel::TimelinePanel(QWidget *parent)
    : QWidget(parent), ui(new Ui::TimelinePanel), m_model(new TimelineModel(this))
{
    ui->setupUi(this);
    ui->treeView->setModel(m_model);
    ui->treeView->setItemDelegate(new TimelineDelegate(ui->treeView));
    QHeaderView *header = ui->treeView->header();
    header->setStretchLastSection(true);
    header->resizeSection(TimelineModel::TitleColumn, 380);
    header->resizeSection(TimelineModel::DurationColumn, 90);
    askPointerOnlyWhenOver(ui->treeView);
    OpaqueScrollBar::follow(ui->treeView->verticalScrollBar());
    ViewportFill::follow(ui->treeView);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TimelinePanel::onRowsInserted);
    ui->showSubResourcesCheck->hide();
    connect(ui->showSubResourcesCheck, &QCheckBox::toggled, m_model, &TimelineModel::setShowSubResources);
    connect(ui->treeView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_selecting)
                    m_followLatest = false; // the user picked a row: stop following
                emit selectionChanged(current.isValid() ? current.data(TimelineModel::StepIndexRole).toInt()
                                                        : -1,
                                      m_model->exchangeIndexOf(current));
            });
    updateHeader();
}

TimelinePanel::~TimelinePanel()
{
    delete ui;
}

void TimelinePanel::askPointerOnlyWhenOver(QTreeView *view)
{
    // After each scroll the item view asks the window system where the pointer is (a round trip
    // to the X server, on every page of a long scroll) to update the row under it. When the
    // pointer is not over the viewport (Qt tracks that from enter and leave events) there is no
    // such row: the view's own handler runs only when the pointer is over it, while a mouse
    // button is held (a drag, such as the scroll bar's slider, gets no enter events until it
    // ends), or when the model could fetch more rows, the handler's other task.
    QScrollBar *bar = view->verticalScrollBar();
    if (!QObject::disconnect(bar, SIGNAL(valueChanged(int)), view, SLOT(verticalScrollbarValueChanged(int))))
        return; // connected some other way: leave it as Qt made it
    connect(bar, &QScrollBar::valueChanged, view, [view](int value) {
        QAbstractItemModel *model = view->model();
        if (view->viewport()->underMouse() || QGuiApplication::mouseButtons() != Qt::NoButton ||
            (model && model->canFetchMore(view->rootIndex())))
            QMetaObject::invokeMethod(view, "verticalScrollbarValueChanged", Qt::DirectConnection,
                                      Q_ARG(int, value));
    });
}

QTreeView *TimelinePanel::view() const
{
    return ui->treeView;
}

void TimelinePanel::setSession(const Session *session, const QString &source)
{
    m_source = source;
    m_followLatest = source.isEmpty();
    m_model->setSession(session);
    ui->treeView->expandAll();
    updateHeader();
    updateSubResourceToggle();
    if (session && !source.isEmpty()) {
        // A saved session opens on the step that failed, if one did.
        for (int i = 0; i < session->steps.size(); ++i) {
            if (session->steps[i].status == StepStatus::Failed) {
                m_selecting = true;
                selectStep(i);
                m_selecting = false;
                break;
            }
        }
    }
    // A reset clears the current row without a signal; the inspector must still hear of it.
    emit selectionChanged(selectedStep(), selectedExchange());
}

void TimelinePanel::sync()
{
    m_model->sync();
    updateHeader();
    updateSubResourceToggle();
}

void TimelinePanel::updateSubResourceToggle()
{
    int failed = 0;
    const int count = m_model->subResourceCount(&failed);
    ui->showSubResourcesCheck->setVisible(count > 0);
    ui->showSubResourcesCheck->setText(failed > 0
                                           ? tr("Show &sub-resources (%1, %2 failed)").arg(count).arg(failed)
                                           : tr("Show &sub-resources (%1)").arg(count));
}

void TimelinePanel::tick()
{
    m_model->refreshRunning();
}

void TimelinePanel::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid()) {
        ui->treeView->expand(parent);
        return;
    }
    if (m_followLatest && m_model->stepIndexOf(m_model->index(last, 0)) >= 0) {
        m_selecting = true;
        ui->treeView->setCurrentIndex(m_model->index(last, 0));
        m_selecting = false;
    }
    Q_UNUSED(first)
}

void TimelinePanel::updateHeader()
{
    const Session *s = m_model->session();
    if (!s) {
        ui->outcomeIconLabel->clear();
        ui->headerLabel->setText(tr("No flow yet: pick a profile and press Start (Ctrl+R), or open a saved "
                                    "session (Ctrl+O)."));
        return;
    }
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    ui->outcomeIconLabel->setPixmap(toneIcon(toneFor(s->outcome)).pixmap(iconSize, iconSize));
    const QString profile = s->profile.name.isEmpty() ? s->profile.clientId : s->profile.name;
    QString text;
    if (m_source.isEmpty()) {
        text = tr("<b>%1</b> — %2, started %3")
                   .arg(profile.toHtmlEscaped(), outcomeLabel(s->outcome), formatLocalTime(s->startedAt));
    } else {
        text = tr("<b>%1</b> — %2, recorded %3 · opened from %4 (read-only)")
                   .arg(profile.toHtmlEscaped(), outcomeLabel(s->outcome), formatLocalTime(s->startedAt),
                        QFileInfo(m_source).fileName().toHtmlEscaped());
    }
    if (s->outcome != Outcome::Running && s->startedAt.isValid() && s->finishedAt.isValid())
        text += tr(" · took %1").arg(formatDuration(s->startedAt.msecsTo(s->finishedAt)));
    if (s->error.isError())
        text += QStringLiteral("<br>") + s->error.message.toHtmlEscaped();
    ui->headerLabel->setText(text);
}

void TimelinePanel::selectStep(int stepIndex)
{
    const QModelIndex index = m_model->indexOfStep(stepIndex);
    if (index.isValid()) {
        ui->treeView->setCurrentIndex(index);
        ui->treeView->scrollTo(index);
    }
}

void TimelinePanel::selectExchange(int exchangeIndex)
{
    const QModelIndex index = m_model->indexOfExchangeIndex(exchangeIndex);
    if (index.isValid()) {
        ui->treeView->setCurrentIndex(index);
        ui->treeView->scrollTo(index);
    }
}

int TimelinePanel::selectedStep() const
{
    const QModelIndex current = ui->treeView->currentIndex();
    return current.isValid() ? current.data(TimelineModel::StepIndexRole).toInt() : -1;
}

int TimelinePanel::selectedExchange() const
{
    return m_model->exchangeIndexOf(ui->treeView->currentIndex());
}

} // namespace wb::gui
