// The Findings panel with diagnosis findings: most severe first with code and title, the selected
// finding's explanation, fix steps and evidence below, and a click that emits its step and
// exchange; a session without findings (an older file) still lists its step errors.
#include "findings/FindingsModel.h"
#include "findings/FindingsPanel.h"

#include <QSignalSpy>
#include <QTextBrowser>
#include <QTreeView>
#include <QtTest>

using namespace wb;
using namespace wb::gui;

class TestFindingsPanel : public QObject {
    Q_OBJECT
private slots:
    void showsFindingsMostSevereFirst();
    void oldSessionShowsStepErrors();
};

static Session diagnosedSession()
{
    Session s;
    for (int i = 1; i <= 3; ++i) {
        Step st;
        st.id = QStringLiteral("s%1").arg(i);
        st.title = QStringLiteral("Step %1").arg(i);
        s.steps.append(st);
        Exchange x;
        x.id = QStringLiteral("x%1").arg(i);
        s.exchanges.append(x);
    }
    Finding warn;
    warn.code = QStringLiteral("nonstandard_error_encoding");
    warn.severity = Severity::Warning;
    warn.title = QStringLiteral("The error was reported in a non-standard way");
    warn.explanation = QStringLiteral("HTTP 200 with ok:false.");
    warn.stepId = QStringLiteral("s3");
    Finding err;
    err.code = QStringLiteral("invalid_grant_code_expired");
    err.severity = Severity::Error;
    err.triage = TriageClass::Reauth;
    err.title = QStringLiteral("The authorization code expired before it was exchanged");
    err.explanation = QStringLiteral("The code was exchanged 900 s after the callback arrived.");
    err.fixSteps = {QStringLiteral("Start a new authorization.")};
    err.stepId = QStringLiteral("s3");
    err.exchangeId = QStringLiteral("x2");
    err.evidence = {{"seconds_between_callback_and_exchange", 900}};
    s.findings = {err, warn};
    s.outcome = Outcome::Failed;
    return s;
}

void TestFindingsPanel::showsFindingsMostSevereFirst()
{
    const Session s = diagnosedSession();
    FindingsPanel panel;
    panel.resize(800, 400);
    panel.setSession(&s);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    FindingsModel *model = panel.model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->errorCount(), 1);
    QCOMPARE(model->index(0, FindingsModel::FindingColumn).data().toString(),
             QStringLiteral(
                 "invalid_grant_code_expired — The authorization code expired before it was exchanged"));
    QCOMPARE(model->index(0, 0).data(FindingsModel::StepIndexRole).toInt(), 2);
    QCOMPARE(model->index(0, 0).data(FindingsModel::ExchangeIndexRole).toInt(), 1);
    QCOMPARE(model->index(1, 0).data(FindingsModel::CodeRole).toString(),
             QStringLiteral("nonstandard_error_encoding"));
    QVERIFY(!model->index(0, FindingsModel::SeverityColumn).data(Qt::DecorationRole).isNull());

    // The most severe finding is shown in full without a click.
    auto *detail = panel.findChild<QTextBrowser *>(QStringLiteral("detailView"));
    QVERIFY(detail);
    const QString text = detail->toPlainText();
    QVERIFY2(text.contains(QLatin1String("900 s after the callback")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("Start a new authorization.")));
    QVERIFY(text.contains(QLatin1String("seconds_between_callback_and_exchange")));
    QVERIFY(text.contains(QLatin1String("exchange x2")));

    QSignalSpy steps(&panel, &FindingsPanel::stepActivated);
    QSignalSpy exchanges(&panel, &FindingsPanel::exchangeActivated);
    QTreeView *view = panel.view();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(model->index(0, 1)).center());
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps.first().first().toInt(), 2);
    QCOMPARE(exchanges.size(), 1);
    QCOMPARE(exchanges.first().first().toInt(), 1);
    // The warning names no exchange: only its step is selected.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(model->index(1, 1)).center());
    QCOMPARE(steps.size(), 2);
    QCOMPARE(exchanges.size(), 1);
    QVERIFY(detail->toPlainText().contains(QLatin1String("ok:false")));
}

void TestFindingsPanel::oldSessionShowsStepErrors()
{
    Session s;
    Step st;
    st.id = QStringLiteral("s1");
    st.title = QStringLiteral("Token exchange");
    st.error = Error::make(ErrorKind::Http, QStringLiteral("http_status"), QStringLiteral("HTTP 502."));
    s.steps.append(st);
    s.error = st.error;
    const QList<FindingRow> rows = collectFindings(s);
    QCOMPARE(rows.size(), 1);
    QVERIFY(rows.first().code.isEmpty());
    QVERIFY(rows.first().title.startsWith(QLatin1String("http_status")));
    QCOMPARE(rows.first().stepIndex, 0);
}

QTEST_MAIN(TestFindingsPanel)
#include "tst_findingspanel.moc"
