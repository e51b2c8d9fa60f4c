// Opening HAR files in the window: a browser's devtools HAR of an SPA login opens like a session
// file (read-only, steps inferred, the failed token exchange selected, its diagnosis in the
// findings); a HAR with no entries is refused with the reason and the shown session stays.
#include "support/GuiTestSupport.h"

#include "findings/FindingsModel.h"
#include "findings/FindingsPanel.h"
#include "timeline/TimelineModel.h"
#include "timeline/TimelinePanel.h"

#include <QFile>
#include <QLabel>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

class TestHarImportGui : public QObject {
    Q_OBJECT
private slots:
    void opensABrowserHar()
    {
        WindowFixture f;
        const QString har = QFINDTESTDATA("../data/har/browser_spa_login.har");
        QVERIFY(!har.isEmpty());
        QVERIFY2(f.window->openSessionFile(har), qPrintable(f.window->lastError()));
        TimelineModel *model = f.window->timelinePanel()->model();
        QVERIFY(model->rowCount() >= 6);
        QStringList titles;
        for (int i = 0; i < 6; ++i)
            titles << model->index(i, 0).data().toString();
        QCOMPARE(titles, QStringList({QStringLiteral("Discovery"), QStringLiteral("Authorization request"),
                                      QStringLiteral("Browser at the provider"), QStringLiteral("Callback"),
                                      QStringLiteral("Token exchange"), QStringLiteral("Other requests")}));
        const QString header = child<QLabel>(f.window->timelinePanel(), "headerLabel")->text();
        QVERIFY2(header.contains(QStringLiteral("read-only")), qPrintable(header));
        // It opens on the failed token exchange; the findings explain it.
        QCOMPARE(f.window->timelinePanel()->selectedStep(), 4);
        FindingsModel *findings = f.window->findingsPanel()->model();
        QVERIFY(findings->errorCount() >= 1);
        QCOMPARE(findings->rows().first().stepIndex, 4);
    }

    void refusesAnEmptyHar()
    {
        WindowFixture f;
        QVERIFY(f.window->openSessionFile(QFINDTESTDATA("../data/har/browser_spa_login.har")));
        const QString empty = f.dir.filePath(QStringLiteral("empty.har"));
        {
            QFile file(empty);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(R"({"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[]}})");
        }
        QVERIFY(!f.window->openSessionFile(empty));
        QVERIFY2(f.window->lastError().contains(QStringLiteral("no entries")),
                 qPrintable(f.window->lastError()));
        QVERIFY(f.window->timelinePanel()->model()->rowCount() >= 6); // the HAR shown before stays
    }
};

QTEST_MAIN(TestHarImportGui)
#include "tst_harimportgui.moc"
