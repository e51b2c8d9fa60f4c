// HTML report: one self-contained page — inline CSS, no scripts, nothing fetched from elsewhere,
// every recorded value escaped — with the same sections as the Markdown report.
#include "report/HtmlReport.h"
#include "support/ReportSample.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QtTest>

using namespace wb;
using namespace wb::test;

class TestHtmlReport : public QObject {
    Q_OBJECT
private slots:
    void selfContained()
    {
        const QString html = QString::fromUtf8(htmlReport(reportSample()));
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        QVERIFY(html.contains(QStringLiteral("<style>")));
        QVERIFY(html.contains(QStringLiteral("@media print")));
        QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("<link"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("@import"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QStringLiteral("url("), Qt::CaseInsensitive));
        // Every src/href stays inside the page.
        static const QRegularExpression attr(QStringLiteral("\\b(src|href)\\s*=\\s*\"([^\"]*)\""),
                                             QRegularExpression::CaseInsensitiveOption);
        int links = 0;
        for (auto it = attr.globalMatch(html); it.hasNext();) {
            const auto m = it.next();
            QVERIFY2(m.captured(2).startsWith(QLatin1Char('#')), qPrintable(m.captured(0)));
            ++links;
        }
        QCOMPARE(links, 0); // the sample has no findings pointing at exchanges
        QCOMPARE(html.count(QStringLiteral("class=\"exchange\"")), 4);
    }

    void escapesRecordedValues()
    {
        const QString html = QString::fromUtf8(htmlReport(reportSample()));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
        QVERIFY(!html.contains(QStringLiteral("<script>alert")));
        QVERIFY(html.contains(QStringLiteral("&quot;error&quot;:&quot;invalid_grant&quot;")));
    }

    void sectionsAndFacts()
    {
        Session s = reportSample();
        Finding f;
        f.code = QStringLiteral("invalid_grant_refresh_revoked");
        f.title = QStringLiteral("The refresh token was revoked");
        f.exchangeId = QStringLiteral("x4");
        s.findings = {f};
        const QString html = QString::fromUtf8(htmlReport(s));
        for (const QString &h :
             {QStringLiteral("Summary"), QStringLiteral("Findings"), QStringLiteral("Sequence"),
              QStringLiteral("Steps"), QStringLiteral("Exchanges")})
            QVERIFY2(html.contains(QStringLiteral("<h2>%1</h2>").arg(h)), qPrintable(h));
        QVERIFY(html.indexOf(QStringLiteral("<h2>Findings</h2>")) <
                html.indexOf(QStringLiteral("<h2>Sequence</h2>")));
        QVERIFY(html.contains(QStringLiteral("<a href=\"#exchange-x4\">x4</a>")));
        QVERIFY(html.contains(QStringLiteral("id=\"exchange-x4\"")));
        QVERIFY(html.contains(QStringLiteral("+125 s (server ahead of this machine")));
        QVERIFY(html.contains(QStringLiteral("Redaction: standard.")));
        QVERIFY(html.contains(QStringLiteral("<tr class=\"failed\"><td>s6</td><td>Token endpoint</td>")));
        QVERIFY(html.contains(QStringLiteral("✖ 400 Bad Request")));
    }

    void writtenIntoADeviceAsTheSameText()
    {
        Session empty = reportSample();
        empty.exchanges.clear();
        for (const Session &s : {reportSample(), empty}) {
            QBuffer device;
            device.open(QIODevice::WriteOnly);
            QVERIFY(htmlReport(s, {}, device));
            QCOMPARE(device.data(), htmlReport(s));
        }
        QBuffer closed; // not open: every write fails
        QVERIFY(!htmlReport(reportSample(), {}, closed));
    }
    void noneIsFlagged()
    {
        const QString html = QString::fromUtf8(htmlReport(reportSample(), {RedactionMode::None}));
        QVERIFY(html.contains(QStringLiteral("<p class=\"redaction none\">Redaction: NONE.")));
    }
};

QTEST_APPLESS_MAIN(TestHtmlReport)
#include "tst_htmlreport.moc"
