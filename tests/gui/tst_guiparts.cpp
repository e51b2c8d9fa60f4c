// The window's widget-free parts: text formatting, claim times, the timeline model following a
// growing session (incremental inserts, thousands of exchanges) and the findings order.
#include "common/Format.h"
#include "findings/FindingsModel.h"
#include "profiles/ProfileEditor.h"
#include "timeline/TimelineModel.h"
#include "tokens/ClaimTimes.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QtTest>

using namespace wb;
using namespace wb::gui;

namespace {
Step makeStep(int n, StepKind kind, const QString &title, StepStatus status = StepStatus::Succeeded)
{
    Step s;
    s.id = QStringLiteral("s%1").arg(n);
    s.kind = kind;
    s.title = title;
    s.status = status;
    s.startedAt = QDateTime::currentDateTimeUtc();
    return s;
}

Exchange makeExchange(int n, ExchangeRole role, const QString &url, int status = 200)
{
    Exchange x;
    x.id = QStringLiteral("x%1").arg(n);
    x.role = role;
    x.method = QStringLiteral("GET");
    x.url = url;
    x.status = status;
    x.reason = QStringLiteral("OK");
    return x;
}
} // namespace

class TestGuiParts : public QObject {
    Q_OBJECT

private slots:
    void formatting();
    void decodesParametersAndBodies();
    void claimTimes();
    void timelineFollowsAGrowingSession();
    void timelineStaysFastWithThousandsOfExchanges();
    void timelineShowsUnclaimedExchanges();
    void findingsMostSevereFirst();
    void editorKeepsSettingsItDoesNotShow();
};

void TestGuiParts::formatting()
{
    QCOMPARE(formatDuration(850), QStringLiteral("850 ms"));
    QVERIFY(formatDuration(1250).endsWith(QStringLiteral(" s")));
    QCOMPARE(formatDuration(125000), QStringLiteral("2 min 05 s"));
    QCOMPARE(formatBytes(512), QStringLiteral("512 B"));
    QVERIFY(formatBytes(2048).endsWith(QStringLiteral("KB")));
    QCOMPARE(formatClock(65), QStringLiteral("1:05"));
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    QCOMPARE(formatRelative(now.addSecs(240), now), QStringLiteral("in 4 min"));
    QCOMPARE(formatRelative(now.addSecs(-30), now), QStringLiteral("30 s ago"));
    QCOMPARE(formatRelative(now.addSecs(-3 * 86400), now), QStringLiteral("3 days ago"));
    QCOMPARE(urlWithoutQuery(QStringLiteral("https://idp.example/authorize?a=1#f")),
             QStringLiteral("https://idp.example/authorize"));
}

void TestGuiParts::decodesParametersAndBodies()
{
    const ParamList q = decodeQuery(QStringLiteral("https://x/cb?code=a%2Fb&state=s+t&empty="));
    QCOMPARE(q.size(), 3);
    QCOMPARE(q[0], (QPair<QString, QString>{QStringLiteral("code"), QStringLiteral("a/b")}));
    const ParamList form =
        decodeForm("grant_type=authorization_code&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&x=a+b%2B");
    QCOMPARE(form.size(), 3);
    QCOMPARE(form[1].second, QStringLiteral("http://127.0.0.1/cb"));
    QCOMPARE(form[2].second, QStringLiteral("a b+")); // '+' is a space in forms, %2B a plus
    const HttpHeaders json{{"Content-Type", "application/json"}};
    QString kind;
    QCOMPARE(prettyBody(json, R"({"a":1,"b":[true]})", &kind),
             QStringLiteral("{\n  \"a\": 1,\n  \"b\": [\n    true\n  ]\n}"));
    QCOMPARE(kind, QStringLiteral("JSON"));
    // GitHub answers a form labelled text/plain.
    QCOMPARE(prettyBody({{"Content-Type", "text/plain"}}, "access_token=abc&scope=repo", &kind),
             QStringLiteral("access_token = abc\nscope = repo"));
    QCOMPARE(kind, QStringLiteral("form"));
    QCOMPARE(prettyBody({{"Content-Type", "text/html"}}, "<h1>Bad gateway</h1>", &kind),
             QStringLiteral("<h1>Bad gateway</h1>"));
    QCOMPARE(kind, QStringLiteral("text"));
    prettyBody({}, QByteArray("\xff\xfe\x00\x01", 4), &kind);
    QCOMPARE(kind, QStringLiteral("binary"));
}

void TestGuiParts::claimTimes()
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    const nlohmann::json payload = {{"sub", "u"},
                                    {"exp", 1700000000 - 180},
                                    {"iat", 1700000000 - 3780},
                                    {"nbf", 1700000000 + 60},
                                    {"auth_time", 1700000000 - 3800}};
    const QList<ClaimTime> t = wb::gui::claimTimes(payload, now);
    QCOMPARE(t.size(), 4);
    QCOMPARE(t[0].claim, QStringLiteral("exp"));
    QVERIFY(t[0].problem);
    QCOMPARE(t[0].phrase, QStringLiteral("expired 3 min ago"));
    QCOMPARE(t[1].phrase, QStringLiteral("issued 1 h 3 min ago"));
    QVERIFY(t[2].problem); // nbf in the future
    QVERIFY(!t[3].problem);
    QCOMPARE(expiryPhrase(now.addSecs(240), now), QStringLiteral("expires in 4 min"));
    QVERIFY(wb::gui::claimTimes(nlohmann::json::array(), now).isEmpty());
    QVERIFY(wb::gui::claimTimes({{"exp", "soon"}}, now).isEmpty()); // not a number: not shown as a time
}

void TestGuiParts::timelineFollowsAGrowingSession()
{
    Session s;
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(&s);
    QCOMPARE(model.rowCount(), 0);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    s.steps.append(makeStep(1, StepKind::Discovery, QStringLiteral("Discovery"), StepStatus::Running));
    model.sync();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, TimelineModel::DurationColumn).data().toString().endsWith(QStringLiteral("…")),
             true);
    s.exchanges.append(makeExchange(1, ExchangeRole::Discovery,
                                    QStringLiteral("https://idp/.well-known/openid-configuration")));
    s.steps[0].exchangeIds.append(QStringLiteral("x1"));
    s.steps[0].status = StepStatus::Succeeded;
    model.sync();
    QCOMPARE(model.rowCount(model.index(0, 0)), 1);
    QCOMPARE(model.exchangeIndexOf(model.index(0, 0, model.index(0, 0))), 0);
    s.steps.append(makeStep(2, StepKind::Callback, QStringLiteral("Callback")));
    s.exchanges.append(
        makeExchange(2, ExchangeRole::Stray, QStringLiteral("http://127.0.0.1:5000/favicon.ico"), 404));
    s.exchanges.append(
        makeExchange(3, ExchangeRole::Callback, QStringLiteral("http://127.0.0.1:5000/callback?code=c")));
    s.steps[1].exchangeIds = {QStringLiteral("x2"), QStringLiteral("x3")};
    model.sync();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowCount(model.index(1, 0)), 2);
    QCOMPARE(inserted.size(), 4); // step, its exchange, step, its two exchanges: never a reset
    QVERIFY(model.index(0, 0, model.index(1, 0))
                .data()
                .toString()
                .startsWith(QStringLiteral("Stray loopback hit")));
    QCOMPARE(model.indexOfExchange(QStringLiteral("x3")), model.index(1, 0, model.index(1, 0)));
    QCOMPARE(model.index(0, 0, model.index(1, 0)).data(TimelineModel::StepIndexRole).toInt(), 1);
}

void TestGuiParts::timelineStaysFastWithThousandsOfExchanges()
{
    Session s;
    s.steps.append(makeStep(1, StepKind::Callback, QStringLiteral("Callback"), StepStatus::Running));
    TimelineModel model;
    model.setSession(&s);
    QElapsedTimer timer;
    timer.start();
    // A flood of stray loopback hits, each announced on its own like the flow does.
    for (int i = 1; i <= 5000; ++i) {
        s.exchanges.append(
            makeExchange(i, ExchangeRole::Stray, QStringLiteral("http://127.0.0.1:5000/x%1").arg(i), 404));
        s.steps[0].exchangeIds.append(QStringLiteral("x%1").arg(i));
        model.syncStep(0);
    }
    QCOMPARE(model.rowCount(model.index(0, 0)), 5000);
    QCOMPARE(model.exchangeIndexOf(model.index(4999, 0, model.index(0, 0))), 4999);
    // Not a timing assertion (those belong in benchmarks): a sanity bound against quadratic work.
    QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
}

void TestGuiParts::timelineShowsUnclaimedExchanges()
{
    Session s;
    s.steps.append(makeStep(1, StepKind::Discovery, QStringLiteral("Discovery")));
    s.exchanges.append(makeExchange(1, ExchangeRole::BackChannel, QStringLiteral("https://idp/other")));
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(&s);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("Other traffic"));
    QCOMPARE(model.stepIndexOf(model.index(1, 0)), -1);
    QCOMPARE(model.rowCount(model.index(1, 0)), 1);
    s.steps.append(makeStep(2, StepKind::TokenExchange, QStringLiteral("Token exchange")));
    s.exchanges.append(makeExchange(2, ExchangeRole::BackChannel, QStringLiteral("https://idp/stray2")));
    model.sync();
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("Token exchange"));
    QCOMPARE(model.rowCount(model.index(2, 0)), 2);
}

void TestGuiParts::findingsMostSevereFirst()
{
    Session s;
    s.steps.append(makeStep(1, StepKind::Discovery, QStringLiteral("Discovery"), StepStatus::Warning));
    s.steps[0].warnings << QStringLiteral("issuer differs");
    s.steps.append(
        makeStep(2, StepKind::TokenExchange, QStringLiteral("Token exchange"), StepStatus::Failed));
    ProtocolError pe;
    pe.error = QStringLiteral("invalid_grant");
    pe.description = QStringLiteral("code already used");
    Error e = Error::make(ErrorKind::Protocol, QStringLiteral("oauth_error"),
                          QStringLiteral("The server refused the code."));
    e.protocol = pe;
    s.steps[1].error = e;
    s.error = e;
    s.checksDisabled << QStringLiteral("state");
    const QList<FindingRow> rows = collectFindings(s);
    QCOMPARE(rows.size(), 3); // the session error equals the step's: listed once
    QVERIFY(rows[0].severity == FindingRow::Severity::Error);
    QCOMPARE(rows[0].stepIndex, 1);
    QVERIFY(rows[0].title.startsWith(QStringLiteral("invalid_grant")));
    QVERIFY(rows[0].message.contains(QStringLiteral("code already used")));
    QVERIFY(rows[1].severity == FindingRow::Severity::Warning);
    QCOMPARE(rows[1].stepIndex, 0);
    QCOMPARE(rows[2].stepIndex, -1);
}

QTEST_MAIN(TestGuiParts)
// The editor shows a subset of Profile: what it doesn't show must survive an edit in the window
// (a profile made with the CLI's --browser-path or --registered-redirect-uri, say).
void TestGuiParts::editorKeepsSettingsItDoesNotShow()
{
    Profile p;
    p.id = QStringLiteral("p1");
    p.name = QStringLiteral("Captured login");
    p.issuer = QStringLiteral("https://login.example.com");
    p.clientId = QStringLiteral("web");
    p.browser = BrowserMode::Captured;
    p.browserPath = QStringLiteral("/opt/chrome/chrome");
    p.browserProfile = QStringLiteral("sso-debug");
    p.headlessBrowser = true;
    p.registeredRedirectUri = QStringLiteral("http://127.0.0.1:8400/callback/");
    ProfileEditor editor;
    editor.setProfile(p);
    const Profile out = editor.profile();
    QVERIFY(out.browser == BrowserMode::Captured);
    QCOMPARE(out.browserPath, p.browserPath);
    QCOMPARE(out.browserProfile, p.browserProfile);
    QVERIFY(out.headlessBrowser);
    QCOMPARE(out.registeredRedirectUri, p.registeredRedirectUri);
    QCOMPARE(out.name, p.name);
    // The registered redirect URI is editable (diagnosis names the exact difference from it).
    auto *registered = editor.findChild<QLineEdit *>(QStringLiteral("registeredRedirectEdit"));
    QVERIFY(registered);
    QCOMPARE(registered->text(), p.registeredRedirectUri);
    registered->setText(QStringLiteral("  http://localhost:8400/callback "));
    QCOMPARE(editor.profile().registeredRedirectUri, QStringLiteral("http://localhost:8400/callback"));
}

#include "tst_guiparts.moc"
