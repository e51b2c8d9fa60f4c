#include "findings/FindingsModel.h"

#include "common/StatusIcons.h"

#include <algorithm>

namespace wb::gui {

namespace {
FindingRow makeRow(FindingRow::Severity severity, const QString &title, const QString &message, int stepIndex)
{
    FindingRow r;
    r.severity = severity;
    r.title = title;
    r.message = message;
    r.stepIndex = stepIndex;
    return r;
}

FindingRow fromError(const Error &e, const QString &where, int stepIndex)
{
    FindingRow r;
    r.severity = e.kind == ErrorKind::Cancelled ? FindingRow::Severity::Info : FindingRow::Severity::Error;
    r.stepIndex = stepIndex;
    const QString code = e.protocol && !e.protocol->error.isEmpty() ? e.protocol->error : e.code;
    r.title = where.isEmpty() ? code : QObject::tr("%1 at %2").arg(code, where);
    r.message = e.message;
    if (e.protocol && !e.protocol->description.isEmpty() && !r.message.contains(e.protocol->description))
        r.message += QStringLiteral(" — ") + e.protocol->description;
    return r;
}

FindingRow fromFinding(const Finding &f, const Session &s)
{
    FindingRow r;
    r.severity = f.severity == wb::Severity::Error     ? FindingRow::Severity::Error
                 : f.severity == wb::Severity::Warning ? FindingRow::Severity::Warning
                                                       : FindingRow::Severity::Info;
    r.code = f.code;
    r.title = f.title;
    r.message = f.explanation;
    r.triage = toString(f.triage);
    r.fixSteps = f.fixSteps;
    r.exchangeId = f.exchangeId;
    for (int i = 0; i < s.steps.size(); ++i)
        if (!f.stepId.isEmpty() && s.steps[i].id == f.stepId)
            r.stepIndex = i;
    for (int i = 0; i < s.exchanges.size(); ++i)
        if (!f.exchangeId.isEmpty() && s.exchanges[i].id == f.exchangeId)
            r.exchangeIndex = i;
    if (f.evidence.is_object() && !f.evidence.empty())
        r.evidence =
            QString::fromStdString(f.evidence.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return r;
}

} // namespace

QList<FindingRow> collectFindings(const Session &s)
{
    QList<FindingRow> rows;
    if (!s.findings.isEmpty()) {
        // The diagnosis already explains the step errors; it is sorted most severe first.
        for (const Finding &f : s.findings)
            rows << fromFinding(f, s);
        for (const QString &check : s.checksDisabled)
            rows << makeRow(FindingRow::Severity::Warning, QObject::tr("%1 check turned off").arg(check),
                            QObject::tr("This run skipped the %1 check on purpose; its result proves "
                                        "nothing about it.")
                                .arg(check),
                            -1);
        std::stable_sort(rows.begin(), rows.end(), [](const FindingRow &a, const FindingRow &b) {
            return int(a.severity) < int(b.severity);
        });
        return rows;
    }
    bool sessionErrorShown = false;
    for (int i = 0; i < s.steps.size(); ++i) {
        const Step &st = s.steps[i];
        if (st.error.isError()) {
            rows << fromError(st.error, st.title.toLower(), i);
            sessionErrorShown =
                sessionErrorShown || (st.error.code == s.error.code && st.error.message == s.error.message);
        }
        for (const QString &w : st.warnings)
            rows << makeRow(FindingRow::Severity::Warning,
                            QObject::tr("Warning at %1").arg(st.title.toLower()), w, i);
    }
    if (s.error.isError() && !sessionErrorShown)
        rows << fromError(s.error, QString(), -1);
    for (const QString &check : s.checksDisabled)
        rows << makeRow(
            FindingRow::Severity::Warning, QObject::tr("%1 check turned off").arg(check),
            QObject::tr("This run skipped the %1 check on purpose; its result proves nothing about it.")
                .arg(check),
            -1);
    std::stable_sort(rows.begin(), rows.end(), [](const FindingRow &a, const FindingRow &b) {
        return int(a.severity) < int(b.severity);
    });
    return rows;
}

void FindingsModel::setSession(const Session *session)
{
    beginResetModel();
    m_session = session;
    m_rows = m_session ? collectFindings(*m_session) : QList<FindingRow>();
    endResetModel();
}

bool FindingsModel::refresh()
{
    QList<FindingRow> rows = m_session ? collectFindings(*m_session) : QList<FindingRow>();
    if (rows == m_rows)
        return false; // keeps the selection while a flow runs
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    return true;
}

int FindingsModel::errorCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const FindingRow &r) { return r.severity == FindingRow::Severity::Error; }));
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const FindingRow &r = m_rows[index.row()];
    if (role == StepIndexRole)
        return r.stepIndex;
    if (role == ExchangeIndexRole)
        return r.exchangeIndex;
    if (role == CodeRole)
        return r.code;
    const QString severity = r.severity == FindingRow::Severity::Error     ? tr("Error")
                             : r.severity == FindingRow::Severity::Warning ? tr("Warning")
                                                                           : tr("Note");
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == SeverityColumn)
            return severity;
        if (index.column() == FindingColumn)
            return r.code.isEmpty() ? QStringLiteral("%1: %2").arg(r.title, r.message)
                                    : QStringLiteral("%1 — %2").arg(r.code, r.title);
        if (index.column() == StepColumn)
            return m_session && r.stepIndex >= 0 && r.stepIndex < m_session->steps.size()
                       ? m_session->steps[r.stepIndex].title
                       : tr("whole flow");
        return {};
    case Qt::DecorationRole:
        if (index.column() != SeverityColumn)
            return {};
        return toneIcon(r.severity == FindingRow::Severity::Error     ? Tone::Error
                        : r.severity == FindingRow::Severity::Warning ? Tone::Warning
                                                                      : Tone::Info);
    case Qt::ToolTipRole:
        return r.code.isEmpty() ? QStringLiteral("%1\n%2").arg(r.title, r.message)
                                : QStringLiteral("%1 (%2)\n%3").arg(r.title, r.code, r.message);
    default:
        return {};
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case FindingColumn:
        return tr("Finding");
    case StepColumn:
        return tr("Step");
    default:
        return {};
    }
}

} // namespace wb::gui
