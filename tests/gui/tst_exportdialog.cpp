// ExportDialog: suggested file name per format, secrets only behind the explicit checkbox with
// its warning, and the file it writes is the redacted report of the session it was given.
#include "../unit/support/ReportSample.h"
#include "app/ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace wb;
using namespace wb::gui;

class TestExportDialog : public QObject {
    Q_OBJECT
private slots:
    void defaultsAndFileName()
    {
        const Session s = test::reportSample();
        const QDateTime now = QDateTime::fromString(QStringLiteral("2026-03-04T05:06:00"), Qt::ISODate);
        ExportDialog d(s, QStringLiteral("/tmp/reports"), nullptr, now);
        QVERIFY(d.format() == ReportFormat::Markdown);
        QVERIFY(d.redaction() == RedactionMode::Standard);
        QCOMPARE(d.path(), QStringLiteral("/tmp/reports/Example-IdP-2026-03-04-0506.md"));
        d.setFormat(ReportFormat::Har);
        QCOMPARE(d.path(), QStringLiteral("/tmp/reports/Example-IdP-2026-03-04-0506.har"));
        d.setFormat(ReportFormat::Curl);
        QCOMPARE(d.path(), QStringLiteral("/tmp/reports/Example-IdP-2026-03-04-0506.sh"));
        QCOMPARE(d.findChild<QComboBox *>(QStringLiteral("formatCombo"))->count(), 5);
    }

    void secretsNeedTheCheckbox()
    {
        const Session s = test::reportSample();
        ExportDialog d(s, QString());
        auto *none = d.findChild<QRadioButton *>(QStringLiteral("noneRadio"));
        auto *warning = d.findChild<QLabel *>(QStringLiteral("warningLabel"));
        QVERIFY(none && warning);
        QVERIFY(!none->isEnabled());
        QVERIFY(warning->isHidden());
        d.setRedaction(RedactionMode::None);
        QVERIFY(d.redaction() == RedactionMode::Standard); // refused without the checkbox
        d.setAllowSecrets(true);
        QVERIFY(none->isEnabled());
        QVERIFY(!warning->isHidden());
        QVERIFY(warning->text().contains(QStringLiteral("Never attach it to a ticket")));
        d.setRedaction(RedactionMode::None);
        QVERIFY(d.redaction() == RedactionMode::None);
        d.setAllowSecrets(false); // taking the permission back falls back to standard
        QVERIFY(d.redaction() == RedactionMode::Standard);
        d.setRedaction(RedactionMode::Full);
        QVERIFY(d.redaction() == RedactionMode::Full);
    }

    void writesTheRedactedReport()
    {
        const test::ReportSecrets k;
        const Session s = test::reportSample(k);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ExportDialog d(s, dir.path());
        d.setFormat(ReportFormat::Html);
        QString error;
        QVERIFY2(d.save(&error), qPrintable(error));
        QFile f(d.path());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray html = f.readAll();
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("Redaction: standard."));
        for (const QString &secret : k.all())
            QVERIFY2(!html.contains(secret.toUtf8()), qPrintable(secret));

        d.setPath(dir.filePath(QStringLiteral("missing/dir/report.html")));
        QVERIFY(!d.save(&error));
        QVERIFY(error.contains(QStringLiteral("missing/dir/report.html")));
        d.setPath(QString());
        QVERIFY(!d.save(&error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
