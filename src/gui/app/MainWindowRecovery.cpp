// MainWindow's crash recovery: the banner offering the journals of flows a killed or crashed
// workbench left behind, recovering one into the window and the history, or discarding it.
#include "app/MainWindow.h"

#include "app/RecoveryBanner.h"
#include "flow/JournalRecovery.h"
#include "flow/SessionJournal.h"
#include "history/HistoryPanel.h"
#include "history/HistoryStore.h"
#include "ui_MainWindow.h"

namespace wb::gui {

void MainWindow::connectRecovery()
{
    m_recoveryBanner = new RecoveryBanner(this);
    ui->centralLayout->insertWidget(0, m_recoveryBanner);
    connect(m_recoveryBanner, &RecoveryBanner::recoverRequested, this, &MainWindow::recoverJournal);
    connect(m_recoveryBanner, &RecoveryBanner::discardRequested, this, &MainWindow::discardJournal);
    // The journals are read in finishStartup(), after the first paint.
}

QString MainWindow::journalDirectory() const
{
    return m_options.journalDirectory.isEmpty() ? SessionJournal::directory() : m_options.journalDirectory;
}

void MainWindow::rescanJournals()
{
    // Leftovers only: a journal another running workbench is still writing is never offered.
    m_recoveryBanner->setJournals(journal::leftovers(journalDirectory()));
}

bool MainWindow::recoverJournal(const QString &path)
{
    Session recovered;
    QStringList notes;
    QString error;
    if (!journal::recover(path, recovered, &notes, &error)) {
        reportError(tr("Recover session"), error);
        return false;
    }
    const QString saved = m_history->save(recovered, &error);
    if (saved.isEmpty()) {
        // Keep the journal: nothing is lost, and the user can try again.
        reportError(tr("Recover session"),
                    tr("The session could not be added to the history: %1").arg(error));
        return false;
    }
    journal::discard(path, &error);
    ui->historyPanel->reload();
    rescanJournals();
    if (!openSessionFile(saved))
        return false;
    status(notes.isEmpty() ? tr("Recovered the interrupted session (redacted); it is in the history.")
                           : tr("Recovered the interrupted session (redacted); it is in the history. %1")
                                 .arg(notes.join(QLatin1Char(' '))),
           0);
    return true;
}

bool MainWindow::discardJournal(const QString &path)
{
    QString error;
    const bool ok = journal::discard(path, &error);
    if (!ok)
        reportError(tr("Discard session"), error);
    rescanJournals();
    return ok;
}

} // namespace wb::gui
