#pragma once
// TimelineModel: the steps of a Session as top-level rows and each step's exchanges (requests,
// redirect hops, callback and stray loopback hits) as child rows. It follows a live flow
// incrementally — only new rows are inserted — so sessions with thousands of exchanges stay fluid.

#include "flow/Session.h"

#include <QAbstractItemModel>
#include <QHash>

namespace wb::gui {

class TimelineModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { TitleColumn, DurationColumn, SummaryColumn, ColumnCount };
    enum Role { StepIndexRole = Qt::UserRole + 1, ExchangeIndexRole };

    using QAbstractItemModel::QAbstractItemModel;

    // The session is not owned and must outlive the model's use of it (or be replaced first).
    void setSession(const Session *session);
    const Session *session() const { return m_session; }
    // Picks up steps, exchanges and changes the session gained since the last call.
    void sync();
    void syncStep(int stepIndex);
    // Running steps show a live duration; call once a second while a flow runs.
    void refreshRunning();

    // -1 when the index is not a step row / not an exchange row.
    int stepIndexOf(const QModelIndex &index) const;
    int exchangeIndexOf(const QModelIndex &index) const;
    QModelIndex indexOfStep(int stepIndex, int column = 0) const;
    QModelIndex indexOfExchange(const QString &exchangeId) const;
    QModelIndex indexOfExchangeIndex(int exchangeIndex) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    // Top-level rows: the steps, then one "Other traffic" row when exchanges belong to no step.
    int topRowCount() const { return int(m_children.size()) + (m_orphans.isEmpty() ? 0 : 1); }
    bool isOrphanRow(int topRow) const { return topRow == m_children.size(); }
    const QList<int> &childrenOf(int topRow) const;
    QVariant stepData(int step, int column, int role) const;
    QVariant exchangeData(int exchange, int column, int role) const;
    QVariant orphanData(int column, int role) const;
    void indexNewExchanges();

    const Session *m_session = nullptr;
    QList<QList<int>> m_children; // per step: indices into session->exchanges, in step order
    QList<int> m_orphans;
    QHash<QString, int> m_exchangeById;
    QHash<int, int> m_ownerOf; // exchange index -> top row that shows it
    int m_indexedExchanges = 0;
    int m_orphanChecked = 0;
};

} // namespace wb::gui
