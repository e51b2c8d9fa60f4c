#pragma once
// FindingsModel: what went wrong or looks suspicious in a session, most severe first — the
// diagnosis findings (Session::findings) when the session has them, otherwise (a run still going,
// a file from an older version) each step's error and warnings. Each row remembers its step and
// exchange so a click can show the evidence.

#include "flow/Session.h"

#include <QAbstractTableModel>

namespace wb::gui {

struct FindingRow {
    enum class Severity { Error, Warning, Info };
    Severity severity = Severity::Info;
    QString title;   // "invalid_grant at the token endpoint" / the finding's title
    QString message; // plain sentence(s): the explanation
    int stepIndex = -1;
    // From a diagnosis finding (empty for rows made from step errors and warnings).
    QString code;
    QString triage;
    QStringList fixSteps;
    QString exchangeId;
    int exchangeIndex = -1;
    QString evidence; // indented JSON
    bool operator==(const FindingRow &) const = default;
};

// Pure, for tests: the rows for a session, sorted by severity (stable within one severity).
QList<FindingRow> collectFindings(const Session &session);

class FindingsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityColumn, FindingColumn, StepColumn, ColumnCount };
    enum Role { StepIndexRole = Qt::UserRole + 1, ExchangeIndexRole, CodeRole };
    using QAbstractTableModel::QAbstractTableModel;

    void setSession(const Session *session);
    // Recomputes (a handful of rows); resets the model only when they changed. True if they did.
    bool refresh();
    const QList<FindingRow> &rows() const { return m_rows; }
    int errorCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const Session *m_session = nullptr;
    QList<FindingRow> m_rows;
};

} // namespace wb::gui
