#include "timeline/TimelineModel.h"

#include "common/Format.h"
#include "common/StatusIcons.h"

#include <QFont>
#include <QUrl>

namespace wb::gui {

namespace {
QString roleTitle(const Exchange &x)
{
    switch (x.role) {
    case ExchangeRole::Discovery:
        return QObject::tr("Metadata");
    case ExchangeRole::FrontChannel:
        return QObject::tr("Redirect hop");
    case ExchangeRole::Callback:
        return QObject::tr("Callback");
    case ExchangeRole::Stray:
        return QObject::tr("Stray loopback hit");
    case ExchangeRole::BackChannel:
        break;
    }
    return QObject::tr("Request");
}

QString exchangeSummary(const Exchange &x)
{
    if (x.transportError != TransportError::None)
        return QStringLiteral("%1: %2").arg(toString(x.transportError), x.errorMessage);
    if (!x.hasResponse())
        return QObject::tr("waiting for the response…");
    QString s = QStringLiteral("%1 %2").arg(x.status).arg(x.reason);
    const QByteArray location = headerValue(x.responseHeaders, "Location");
    if (x.status >= 300 && x.status < 400 && !location.isEmpty())
        return s + QStringLiteral(" → ") + QString::fromUtf8(location);
    const QByteArray type = headerValue(x.responseHeaders, "Content-Type");
    if (!type.isEmpty())
        s += QStringLiteral(" · ") + QString::fromUtf8(type.split(';').first());
    s += QStringLiteral(" · ") + formatBytes(x.responseSize ? x.responseSize : x.responseBody.size());
    return s;
}
} // namespace

void TimelineModel::setSession(const Session *session)
{
    beginResetModel();
    m_session = session;
    m_children.clear();
    m_orphans.clear();
    m_exchangeById.clear();
    m_ownerOf.clear();
    m_indexedExchanges = 0;
    m_orphanChecked = 0;
    endResetModel();
    sync();
}

void TimelineModel::indexNewExchanges()
{
    for (; m_indexedExchanges < m_session->exchanges.size(); ++m_indexedExchanges)
        m_exchangeById.insert(m_session->exchanges[m_indexedExchanges].id, m_indexedExchanges);
}

void TimelineModel::sync()
{
    if (!m_session)
        return;
    indexNewExchanges();
    const int steps = int(m_session->steps.size());
    if (steps > m_children.size()) {
        const int first = int(m_children.size());
        beginInsertRows({}, first, steps - 1);
        m_children.resize(steps);
        endInsertRows();
    }
    for (int i = 0; i < steps; ++i)
        syncStep(i);
    // Exchanges no step claims (none are expected, but a record must never hide one).
    // Only exchanges new since the last sync are checked: every claim has been resolved above.
    QList<int> newOrphans;
    for (; m_orphanChecked < m_session->exchanges.size(); ++m_orphanChecked)
        if (!m_ownerOf.contains(m_orphanChecked))
            newOrphans.append(m_orphanChecked);
    if (newOrphans.isEmpty())
        return;
    if (m_orphans.isEmpty()) {
        beginInsertRows({}, steps, steps);
        m_orphans = newOrphans;
        endInsertRows();
    } else {
        const QModelIndex parent = index(steps, 0);
        beginInsertRows(parent, int(m_orphans.size()), int(m_orphans.size() + newOrphans.size()) - 1);
        m_orphans.append(newOrphans);
        endInsertRows();
    }
    for (int x : newOrphans)
        m_ownerOf.insert(x, steps);
}

void TimelineModel::syncStep(int stepIndex)
{
    if (!m_session || stepIndex < 0 || stepIndex >= m_children.size() || stepIndex >= m_session->steps.size())
        return;
    indexNewExchanges();
    const Step &step = m_session->steps[stepIndex];
    QList<int> &children = m_children[stepIndex];
    QList<int> added;
    for (qsizetype i = children.size(); i < step.exchangeIds.size(); ++i) {
        const int x = m_exchangeById.value(step.exchangeIds[i], -1);
        if (x < 0)
            break; // not recorded yet; the next sync picks it up
        added.append(x);
    }
    if (!added.isEmpty()) {
        const QModelIndex parent = index(stepIndex, 0);
        beginInsertRows(parent, int(children.size()), int(children.size() + added.size()) - 1);
        children.append(added);
        endInsertRows();
        for (int x : added)
            m_ownerOf.insert(x, stepIndex);
    }
    emit dataChanged(index(stepIndex, 0), index(stepIndex, ColumnCount - 1));
}

void TimelineModel::refreshRunning()
{
    if (!m_session)
        return;
    for (int i = 0; i < m_children.size(); ++i)
        if (m_session->steps[i].status == StepStatus::Running)
            emit dataChanged(index(i, DurationColumn), index(i, DurationColumn));
}

const QList<int> &TimelineModel::childrenOf(int topRow) const
{
    return isOrphanRow(topRow) ? m_orphans : m_children[topRow];
}

int TimelineModel::stepIndexOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() != 0 || isOrphanRow(index.row()))
        return -1;
    return index.row();
}

int TimelineModel::exchangeIndexOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == 0)
        return -1;
    return childrenOf(int(index.internalId()) - 1).value(index.row(), -1);
}

QModelIndex TimelineModel::indexOfStep(int stepIndex, int column) const
{
    if (stepIndex < 0 || stepIndex >= m_children.size())
        return {};
    return index(stepIndex, column);
}

QModelIndex TimelineModel::indexOfExchangeIndex(int x) const
{
    const auto owner = m_ownerOf.find(x);
    if (owner == m_ownerOf.end())
        return {};
    const int row = int(childrenOf(*owner).indexOf(x));
    return row < 0 ? QModelIndex() : index(row, 0, index(*owner, 0));
}

QModelIndex TimelineModel::indexOfExchange(const QString &exchangeId) const
{
    return indexOfExchangeIndex(m_exchangeById.value(exchangeId, -1));
}

QModelIndex TimelineModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < topRowCount() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= topRowCount())
        return {};
    if (row >= childrenOf(parent.row()).size())
        return {};
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex TimelineModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId()) - 1, 0, quintptr(0));
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    if (!m_session)
        return 0;
    if (!parent.isValid())
        return topRowCount();
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(childrenOf(parent.row()).size());
}

int TimelineModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn:
        return tr("Step");
    case DurationColumn:
        return tr("Duration");
    case SummaryColumn:
        return tr("Summary");
    default:
        return {};
    }
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!m_session || !index.isValid())
        return {};
    if (index.internalId() != 0) {
        const int x = exchangeIndexOf(index);
        if (x < 0 || x >= m_session->exchanges.size())
            return {};
        if (role == ExchangeIndexRole)
            return x;
        if (role == StepIndexRole)
            return isOrphanRow(int(index.internalId()) - 1) ? -1 : int(index.internalId()) - 1;
        return exchangeData(x, index.column(), role);
    }
    if (isOrphanRow(index.row()))
        return orphanData(index.column(), role);
    if (role == StepIndexRole)
        return index.row();
    return stepData(index.row(), index.column(), role);
}

QVariant TimelineModel::stepData(int stepIndex, int column, int role) const
{
    const Step &s = m_session->steps[stepIndex];
    switch (role) {
    case Qt::DisplayRole:
        if (column == TitleColumn)
            return s.title;
        if (column == DurationColumn) {
            if (s.status == StepStatus::Running && s.startedAt.isValid())
                return formatDuration(s.startedAt.msecsTo(QDateTime::currentDateTimeUtc())) +
                       QStringLiteral(" …");
            return formatDuration(s.durationMs);
        }
        if (column == SummaryColumn) {
            if (s.summary.isEmpty() && s.error.isError())
                return s.error.message;
            return s.summary;
        }
        return {};
    case Qt::DecorationRole:
        return column == TitleColumn ? QVariant(toneIcon(toneFor(s.status))) : QVariant();
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("%1 — %2").arg(s.title, statusLabel(s.status));
        if (s.error.isError())
            tip += QLatin1Char('\n') + s.error.message;
        for (const QString &w : s.warnings)
            tip += QStringLiteral("\nWarning: ") + w;
        return tip;
    }
    case Qt::AccessibleDescriptionRole:
        return statusLabel(s.status);
    case Qt::TextAlignmentRole:
        return column == DurationColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant TimelineModel::exchangeData(int xi, int column, int role) const
{
    const Exchange &x = m_session->exchanges[xi];
    switch (role) {
    case Qt::DisplayRole:
        if (column == TitleColumn) {
            const QUrl url(x.url);
            return QStringLiteral("%1: %2 %3%4")
                .arg(roleTitle(x), x.method, url.host().isEmpty() ? QString() : url.host(), url.path());
        }
        if (column == DurationColumn)
            return formatDuration(x.durationMs);
        if (column == SummaryColumn)
            return exchangeSummary(x);
        return {};
    case Qt::DecorationRole:
        return column == TitleColumn ? QVariant(toneIcon(toneFor(x))) : QVariant();
    case Qt::ToolTipRole:
        return QStringLiteral("%1 %2").arg(x.method, x.url);
    case Qt::FontRole:
        if (x.role == ExchangeRole::Stray) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case Qt::TextAlignmentRole:
        return column == DurationColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant TimelineModel::orphanData(int column, int role) const
{
    if (role == Qt::DisplayRole) {
        if (column == TitleColumn)
            return tr("Other traffic");
        if (column == SummaryColumn)
            return tr("%n exchange(s) not tied to a step", nullptr, int(m_orphans.size()));
    }
    if (role == Qt::DecorationRole && column == TitleColumn)
        return toneIcon(Tone::Neutral);
    return {};
}

} // namespace wb::gui
