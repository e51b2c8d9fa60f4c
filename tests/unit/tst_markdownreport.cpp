// Markdown report: summary facts, findings before everything else (most severe first, or the
// step errors when no diagnosis ran), a well-formed Mermaid sequence diagram with the failing
// step marked, the step table, and exchanges in fences that backticks inside bodies cannot close.
#include "report/MarkdownReport.h"
#include "report/MermaidDiagram.h"
#include "support/ReportSample.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QtTest>

using namespace wb;
using namespace wb::test;

namespace {
QString render(const Session &s, const ReportOptions &o = {})
{
    return QString::fromUtf8(markdownReport(s, o));
}

// CommonMark fenced blocks: returns each block's info string and content, and fails when a
// block is left open.
struct Block {
    QString info;
    QString content;
};
QList<Block> fencedBlocks(const QString &md, bool *balanced)
{
    QList<Block> blocks;
    static const QRegularExpression open(QStringLiteral("^(`{3,})([^`]*)$"));
    QString fence;
    Block current;
    for (const QString &line : md.split(QLatin1Char('\n'))) {
        if (fence.isEmpty()) {
            const auto m = open.match(line);
            if (m.hasMatch()) {
                fence = m.captured(1);
                current = {m.captured(2).trimmed(), {}};
            }
            continue;
        }
        const QString t = line.trimmed();
        if (t.size() >= fence.size() && t.count(QLatin1Char('`')) == t.size()) {
            blocks.append(current);
            fence.clear();
            continue;
        }
        current.content += line + QLatin1Char('\n');
    }
    *balanced = fence.isEmpty();
    return blocks;
}
} // namespace

class TestMarkdownReport : public QObject {
    Q_OBJECT
private slots:
    void summaryFacts()
    {
        const QString md = render(reportSample());
        QVERIFY(md.startsWith(QStringLiteral("# OAuth Workbench report: Example IdP — FAILED\n")));
        QVERIFY(md.contains(QStringLiteral("| Provider | `https://idp.example` |")));
        QVERIFY(md.contains(QStringLiteral("| Client ID | `client-1` |")));
        QVERIFY(
            md.contains(QStringLiteral("| Outcome | **FAILED**: The server rejected the refresh token. |")));
        QVERIFY(md.contains(QStringLiteral("| Date | 2026-01-02T03:04:05.678Z |")));
        QVERIFY(md.contains(QStringLiteral("| App version | OAuth Workbench 0.9.0 |")));
        QVERIFY(md.contains(QStringLiteral("| Clock offset | +125 s (server ahead of this machine")));
        QVERIFY(md.contains(QStringLiteral("client auth: client\\_secret\\_basic")));
        QVERIFY(md.contains(QStringLiteral("> Redaction: standard.")));
    }

    void sectionsInOrder()
    {
        const QString md = render(reportSample());
        const QStringList order = {QStringLiteral("## Summary"), QStringLiteral("## Findings"),
                                   QStringLiteral("## Sequence"), QStringLiteral("## Steps"),
                                   QStringLiteral("## Exchanges")};
        qsizetype last = -1;
        for (const QString &h : order) {
            const qsizetype at = md.indexOf(QLatin1Char('\n') + h + QLatin1Char('\n'));
            QVERIFY2(at > last, qPrintable(h));
            last = at;
        }
    }

    void findingsMostSevereFirst()
    {
        Session s = reportSample();
        Finding info;
        info.code = QStringLiteral("missing_refresh_token");
        info.severity = Severity::Info;
        info.title = QStringLiteral("Informational note");
        Finding error;
        error.code = QStringLiteral("invalid_grant_refresh_revoked");
        error.severity = Severity::Error;
        error.triage = TriageClass::Reauth;
        error.title = QStringLiteral("The refresh token was revoked");
        error.fixSteps = {QStringLiteral("Sign in again.")};
        error.stepId = QStringLiteral("s6");
        error.exchangeId = QStringLiteral("x4");
        error.evidence = {{"error", "invalid_grant"}};
        s.findings = {info, error};
        const QString md = render(s);
        const qsizetype e = md.indexOf(QStringLiteral("The refresh token was revoked"));
        const qsizetype i = md.indexOf(QStringLiteral("Informational note"));
        QVERIFY(e > 0 && i > e);
        QVERIFY(e < md.indexOf(QStringLiteral("## Sequence")));
        QVERIFY(md.contains(QStringLiteral("triage: reauth")));
        QVERIFY(md.contains(QStringLiteral("1. Sign in again.")));
        QVERIFY(md.contains(QStringLiteral("[x4](#exchange-x4)")));
        QVERIFY(md.contains(QStringLiteral("<a id=\"exchange-x4\"></a>")));
        QVERIFY(!md.contains(QStringLiteral("No diagnosis was recorded")));
    }

    void findingsFallBackToStepErrors()
    {
        const QString md = render(reportSample()); // the sample has no findings
        QVERIFY(md.contains(QStringLiteral("No diagnosis was recorded")));
        const qsizetype err = md.indexOf(QStringLiteral("Refresh failed: invalid\\_grant"));
        const qsizetype warn = md.indexOf(QStringLiteral("clock is 125 s ahead"));
        QVERIFY(err > 0 && warn > err); // the error before the warning
        QVERIFY(warn < md.indexOf(QStringLiteral("## Sequence")));
    }

    void mermaidIsWellFormed()
    {
        bool balanced = false;
        const QList<Block> blocks = fencedBlocks(render(reportSample()), &balanced);
        QVERIFY(balanced);
        QList<Block> mermaid;
        for (const Block &b : blocks)
            if (b.info == u"mermaid")
                mermaid.append(b);
        QCOMPARE(mermaid.size(), 1);
        const QStringList lines = mermaid[0].content.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QStringLiteral("sequenceDiagram"));
        QSet<QString> declared;
        static const QRegularExpression participant(QStringLiteral("^\\s*participant (\\w+) as (.+)$"));
        static const QRegularExpression arrow(QStringLiteral("^\\s*(\\w+)(->>|-->>|--x)(\\w+): ([^;#]+)$"));
        static const QRegularExpression note(QStringLiteral("^\\s*Note over (\\w+)(?:,(\\w+))?: (.+)$"));
        int arrows = 0;
        int rects = 0;
        int ends = 0;
        bool failedNote = false;
        for (const QString &line : lines.mid(1)) {
            if (auto m = participant.match(line); m.hasMatch()) {
                declared.insert(m.captured(1));
                continue;
            }
            if (auto m = arrow.match(line); m.hasMatch()) {
                QVERIFY2(declared.contains(m.captured(1)) && declared.contains(m.captured(3)),
                         qPrintable(line));
                ++arrows;
                continue;
            }
            if (auto m = note.match(line); m.hasMatch()) {
                QVERIFY(declared.contains(m.captured(1)));
                failedNote = failedNote ||
                             m.captured(3).startsWith(QStringLiteral("FAILED at s6 Refresh: invalid_grant"));
                continue;
            }
            if (line.trimmed().startsWith(QStringLiteral("rect "))) {
                ++rects;
                continue;
            }
            if (line.trimmed() == u"end") {
                ++ends;
                continue;
            }
            QFAIL(qPrintable(QStringLiteral("unexpected diagram line: ") + line));
        }
        for (const QString &p : {QStringLiteral("Browser"), QStringLiteral("Loopback listener"),
                                 QStringLiteral("Authorization server"), QStringLiteral("Token endpoint")})
            QVERIFY2(mermaid[0].content.contains(QStringLiteral(" as ") + p + QLatin1Char('\n')),
                     qPrintable(p));
        QCOMPARE(declared.size(), 5);
        QVERIFY(arrows >= 8); // 4 exchanges x 2 + the browser hand-off
        QCOMPARE(rects, 1);
        QCOMPARE(ends, 1);
        QVERIFY(failedNote);
        QVERIFY(mermaid[0].content.contains(QStringLiteral("T--xW: 400 Bad Request")));
        QVERIFY(mermaid[0].content.contains(QStringLiteral("B->>L: s4 Callback GET /callback")));
        QVERIFY(!mermaid[0].content.contains(QStringLiteral("code="))); // paths only, no query
    }

    void backticksInBodiesStayInside()
    {
        bool balanced = false;
        const QString md = render(reportSample());
        const QList<Block> blocks = fencedBlocks(md, &balanced);
        QVERIFY(balanced);
        bool found = false;
        for (const Block &b : blocks)
            found = found || (b.info == u"json" &&
                              b.content.contains(QStringLiteral("invalid ``` &lt;script")) == false &&
                              b.content.contains(QStringLiteral("invalid ``` <script>alert(1)</script>")));
        QVERIFY2(found, "the body with ``` is one intact block");
        QVERIFY(md.contains(QStringLiteral("````json\n")));
        // Outside fences HTML is escaped, so a pasted report cannot inject markup.
        QVERIFY(md.contains(QStringLiteral("&lt;script&gt;")));
    }

    void longBodiesCutWithSizes()
    {
        const QString md = render(reportSample(), {RedactionMode::Standard, 1024});
        QVERIFY(md.contains(QStringLiteral("**Response body** (11.8 KiB, first 1.0 KiB shown)")));
        QVERIFY(md.contains(QStringLiteral("more not shown]")));
        QVERIFY(!md.contains(QString(2000, QLatin1Char('p'))));
    }

    void stepTableWithTimings()
    {
        const QString md = render(reportSample());
        QVERIFY(md.contains(QStringLiteral("| Step | What | Status | Started | Duration | Summary |")));
        QVERIFY(md.contains(QStringLiteral("| `s6` | Refresh | **failed** ⟵ | 03:04:09.678 | 30 ms |")));
        QVERIFY(md.contains(QStringLiteral("| `s1` | Discovery | succeeded | 03:04:05.678 | 30 ms |")));
    }

    void writtenIntoADeviceAsTheSameText()
    {
        Session empty = reportSample();
        empty.exchanges.clear();
        for (const Session &s : {reportSample(), empty}) {
            QBuffer device;
            device.open(QIODevice::WriteOnly);
            QVERIFY(markdownReport(s, {}, device));
            QCOMPARE(device.data(), markdownReport(s));
        }
        QBuffer closed; // not open: every write fails
        QVERIFY(!markdownReport(reportSample(), {}, closed));
    }
    void fenceHelper()
    {
        QCOMPARE(report::fencedBlock(QStringLiteral("a"), QStringLiteral("json")),
                 QStringLiteral("```json\na\n```\n"));
        QCOMPARE(report::fencedBlock(QStringLiteral("x ````` y")),
                 QStringLiteral("``````\nx ````` y\n``````\n"));
        QCOMPARE(report::markdownText(QStringLiteral("a|b <i>*c*</i>")),
                 QStringLiteral("a\\|b &lt;i&gt;\\*c\\*&lt;/i&gt;"));
    }
};

QTEST_APPLESS_MAIN(TestMarkdownReport)
#include "tst_markdownreport.moc"
