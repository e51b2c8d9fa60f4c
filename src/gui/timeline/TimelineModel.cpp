#include "timeline/TimelineModel.h"

#include "util/JsonQt.h"

namespace wb::gui {

const nlohmann::json *TimelineModel::subResourcesOf(const Step &s)
{
    const auto it = s.details.find("sub_resources");
    return it != s.details.end() && it->is_array() ? &*it : nullptr;
}

QString TimelineModel::callbackIdOf(const Step &s)
{
    return jsonString(s.details, "callback_exchange");
}

void TimelineModel::setSession(const Session *session)
{
    beginResetModel();
    m_session = session;
    m_children.clear();
    m_extras.clear();
    m_frameHops.clear();
    m_orphans.clear();
    m_exchangeById.clear();
    m_ownerOf.clear();
    m_indexedExchanges = 0;
    m_orphanChecked = 0;
    m_texts.clear();
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
        m_extras.resize(steps);
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
    if (!m_orphans.isEmpty())
        refreshExchangeTexts(m_orphans, index(steps, 0));
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
    syncExtras(stepIndex);
    refreshExchangeTexts(children, index(stepIndex, 0));
    emit dataChanged(index(stepIndex, 0), index(stepIndex, ColumnCount - 1));
}

void TimelineModel::refreshExchangeTexts(const QList<int> &exchanges, const QModelIndex &parent)
{
    // Only texts already formatted (rows that were shown) can be out of date on screen.
    for (int row = 0; row < exchanges.size(); ++row) {
        const int xi = exchanges[row];
        if (xi >= m_texts.size() || m_texts[xi].title.isNull())
            continue;
        ExchangeTexts fresh = formatExchange(xi);
        ExchangeTexts &kept = m_texts[xi];
        if (fresh.title == kept.title && fresh.duration == kept.duration && fresh.summary == kept.summary)
            continue;
        kept = std::move(fresh);
        emit dataChanged(index(row, 0, parent), index(row, ColumnCount - 1, parent));
    }
}

void TimelineModel::forgetExchangeTexts(const QString &exchangeId)
{
    const int xi = m_exchangeById.value(exchangeId, -1);
    if (xi < 0 || xi >= m_texts.size() || m_texts[xi].title.isNull())
        return;
    m_texts[xi] = {};
    const QModelIndex row = indexOfExchangeIndex(xi);
    if (row.isValid())
        emit dataChanged(row, row.siblingAtColumn(ColumnCount - 1));
}

QList<int> TimelineModel::wantedExtras(int stepIndex)
{
    QList<int> out;
    const Step &step = m_session->steps[stepIndex];
    if (!step.details.is_object() || step.details.empty())
        return out;
    // Navigations inside iframes (captured mode) are titled as such.
    if (const auto frames = step.details.find("frame_hops");
        frames != step.details.end() && frames->is_array())
        for (const nlohmann::json &h : *frames)
            if (h.is_object() && !h.contains("callback")) {
                const QString id = jsonString(h, "exchange");
                if (m_frameHops.contains(id))
                    continue;
                m_frameHops.insert(id);
                forgetExchangeTexts(id); // titled as a frame's from now on
            }
    if (const QString cb = callbackIdOf(step); !cb.isEmpty() && m_exchangeById.contains(cb))
        out.append(kCallbackLink);
    if (m_showSubResources) {
        if (const nlohmann::json *subs = subResourcesOf(step))
            for (int i = 0; i < int(subs->size()); ++i)
                out.append(i);
    }
    return out;
}

void TimelineModel::syncExtras(int stepIndex)
{
    const QList<int> wanted = wantedExtras(stepIndex);
    QList<int> &extras = m_extras[stepIndex];
    if (wanted == extras)
        return;
    const QModelIndex parent = index(stepIndex, 0);
    const int base = int(m_children[stepIndex].size());
    if (!extras.isEmpty()) {
        beginRemoveRows(parent, base, base + int(extras.size()) - 1);
        extras.clear();
        endRemoveRows();
    }
    if (!wanted.isEmpty()) {
        beginInsertRows(parent, base, base + int(wanted.size()) - 1);
        extras = wanted;
        endInsertRows();
    }
}

void TimelineModel::setShowSubResources(bool show)
{
    if (show == m_showSubResources)
        return;
    m_showSubResources = show;
    if (!m_session)
        return;
    for (int i = 0; i < m_extras.size(); ++i)
        syncExtras(i);
}

int TimelineModel::subResourceCount(int *failed) const
{
    int n = 0;
    if (failed)
        *failed = 0;
    for (int i = 0; m_session && i < m_children.size(); ++i) {
        const nlohmann::json *subs = subResourcesOf(m_session->steps[i]);
        if (!subs)
            continue;
        n += int(subs->size());
        for (const nlohmann::json &r : *subs) {
            if (!failed || !r.is_object())
                continue;
            const auto status = r.find("status");
            if (!jsonString(r, "error").isEmpty() ||
                (status != r.end() && status->is_number() && *status >= 400))
                ++*failed;
        }
    }
    return n;
}

int TimelineModel::extraOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == 0)
        return kNoExtra;
    const int top = int(index.internalId()) - 1;
    if (isOrphanRow(top))
        return kNoExtra;
    const int row = index.row() - int(m_children[top].size());
    return row >= 0 ? m_extras[top].value(row, kNoExtra) : kNoExtra;
}

TimelineModel::RowKind TimelineModel::rowKind(const QModelIndex &index) const
{
    if (!index.isValid())
        return RowKind::Step;
    if (index.internalId() == 0)
        return isOrphanRow(index.row()) ? RowKind::OtherTraffic : RowKind::Step;
    switch (extraOf(index)) {
    case kNoExtra:
        return RowKind::Exchange;
    case kCallbackLink:
        return RowKind::CallbackLink;
    default:
        return RowKind::SubResource;
    }
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
    const int top = int(index.internalId()) - 1;
    const QList<int> &children = childrenOf(top);
    if (index.row() < children.size())
        return children[index.row()];
    if (extraOf(index) == kCallbackLink) // the link row stands for the callback exchange
        return m_exchangeById.value(callbackIdOf(m_session->steps[top]), -1);
    return -1;
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
    if (row >= rowCount(parent))
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
    if (isOrphanRow(parent.row()))
        return int(m_orphans.size());
    return int(m_children[parent.row()].size() + m_extras[parent.row()].size());
}

int TimelineModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

} // namespace wb::gui
