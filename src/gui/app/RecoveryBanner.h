#pragma once
// RecoveryBanner: the non-modal message above the work area at start when flows were interrupted
// by the workbench being killed or crashing — one row per leftover journal with Recover and
// Discard. It only shows and asks; MainWindow recovers (window + history) and discards.

#include "flow/JournalRecovery.h"

#include <QFrame>

class QLabel;
class QVBoxLayout;

namespace wb::gui {

class RecoveryBanner : public QFrame {
    Q_OBJECT
public:
    explicit RecoveryBanner(QWidget *parent = nullptr);

    // Shows one row per journal; hides when the list is empty.
    void setJournals(const QList<JournalInfo> &journals);
    const QList<JournalInfo> &journals() const { return m_journals; }
    QString message() const; // the heading (plain), for tests

signals:
    void recoverRequested(const QString &path);
    void discardRequested(const QString &path);

private:
    QWidget *makeRow(int index, const JournalInfo &j);

    QLabel *m_heading;
    QVBoxLayout *m_rows;
    QList<JournalInfo> m_journals;
};

} // namespace wb::gui
