#pragma once
// TimelineModel: the steps of a Session as top-level rows and each step's exchanges (requests,
// redirect hops, callback and stray loopback hits) as child rows. It follows a live flow
// incrementally — only new rows are inserted — so sessions with thousands of exchanges stay fluid.
// A captured browser step (docs/captured-browser.md) gets two kinds of rows after its hops: a link
// to the callback exchange its last hop became, and, on request, the sub-resource requests the
// login pages made (kept in the step's details, not exchanges of the chain).
// An exchange row's display texts are formatted once and kept (scrolling a long session asks for
// them on every paint); sync() reformats the kept ones and repaints the rows whose text changed.

#include "flow/Session.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QSet>

namespace wb::gui {

class TimelineModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { TitleColumn, DurationColumn, SummaryColumn, ColumnCount };
    enum Role { StepIndexRole = Qt::UserRole + 1, ExchangeIndexRole, RowKindRole };
    enum class RowKind { Step, Exchange, CallbackLink, SubResource, OtherTraffic };

    using QAbstractItemModel::QAbstractItemModel;

    // The session is not owned and must outlive the model's use of it (or be replaced first).
    void setSession(const Session *session);
    const Session *session() const { return m_session; }
    // Picks up steps, exchanges and changes the session gained since the last call.
    void sync();
    void syncStep(int stepIndex);
    // Running steps show a live duration; call once a second while a flow runs.
    void refreshRunning();

    // Sub-resource rows of captured browser steps: hidden by default.
    void setShowSubResources(bool show);
    bool showSubResources() const { return m_showSubResources; }
    // In the whole session, shown or not; `failed` gets those with an error or an HTTP error status.
    int subResourceCount(int *failed = nullptr) const;
    RowKind rowKind(const QModelIndex &index) const;

    // -1 when the index is not a step row / not an exchange row. A callback link row gives the
    // callback exchange it stands for.
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
    // What a captured step's details list: its sub-resource requests, its callback exchange.
    static const nlohmann::json *subResourcesOf(const Step &step);
    static QString callbackIdOf(const Step &step);
    QVariant stepData(int step, int column, int role) const;
    QVariant exchangeData(int exchange, int column, int role) const;
    QVariant orphanData(int column, int role) const;
    QVariant callbackLinkData(int step, int column, int role) const;
    QVariant subResourceData(int step, int sub, int column, int role) const;
    QList<int> wantedExtras(int stepIndex); // also notes the step's frame hops
    void syncExtras(int stepIndex);
    int extraOf(const QModelIndex &index) const; // kNoExtra unless a row after the exchanges
    void indexNewExchanges();
    // The display texts of an exchange row, formatted on first use and kept until the row's step
    // is synced again (a live exchange updated in place) or the exchange becomes a frame hop.
    struct ExchangeTexts {
        QString title; // null: not formatted yet
        QString duration;
        QString summary;
    };
    ExchangeTexts formatExchange(int exchange) const;
    const ExchangeTexts &exchangeTexts(int exchange) const;
    void refreshExchangeTexts(const QList<int> &exchanges, const QModelIndex &parent);
    void forgetExchangeTexts(const QString &exchangeId);

    const Session *m_session = nullptr;
    QList<QList<int>> m_children; // per step: indices into session->exchanges, in step order
    QList<int> m_orphans;
    // Per step, rows after its exchanges: kCallbackLink, or an index into details["sub_resources"].
    static constexpr int kCallbackLink = -1;
    static constexpr int kNoExtra = -2;
    QList<QList<int>> m_extras;
    bool m_showSubResources = false;
    QSet<QString> m_frameHops; // ids of exchanges that are navigations inside an iframe
    QHash<QString, int> m_exchangeById;
    QHash<int, int> m_ownerOf; // exchange index -> top row that shows it
    int m_indexedExchanges = 0;
    int m_orphanChecked = 0;
    mutable QList<ExchangeTexts> m_texts; // by exchange index
};

} // namespace wb::gui
