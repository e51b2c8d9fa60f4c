// A real login through the window against panva's oidc-provider (the `idp` CTest fixture), with
// Chromium driven by tests/peers/browser-login.mjs as the profile's browser command: the steps
// appear, the token exchange shows its form and response, the tokens decode. And the same login
// with the captured browser: headless Chromium launched by the workbench, logged in by
// tests/peers/login-over-cdp.mjs attached to its DevTools endpoint, every hop in the timeline.
// Needs WB_IDP_ISSUER, WB_PEERS_DIR and WB_NODE (set by tests/gui/CMakeLists.txt).
#include "support/GuiTestSupport.h"

#include "flow/WaitingBanner.h"
#include "inspector/InspectorPanel.h"
#include "tokens/TokenView.h"
#include "tokens/TokensPanel.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTableWidget>
#include <QTreeView>
#include <QtTest>

using namespace wb;
using namespace wb::gui;
using namespace wb::gui::test;

class TestIdpLogin : public QObject {
    Q_OBJECT

private slots:
    void loginWithBasicClientAuthentication();
    void capturedBrowserLogin();
};

void TestIdpLogin::loginWithBasicClientAuthentication()
{
    const QString issuer = qEnvironmentVariable("WB_IDP_ISSUER");
    const QString peers = qEnvironmentVariable("WB_PEERS_DIR");
    const QString node = qEnvironmentVariable("WB_NODE");
    if (issuer.isEmpty() || peers.isEmpty() || node.isEmpty())
        QSKIP("WB_IDP_ISSUER, WB_PEERS_DIR and WB_NODE are not set (run through ctest with the idp fixture)");
    QStandardPaths::setTestModeEnabled(true);
    WindowFixture f;
    QVERIFY(showActive(*f.window));

    ProfileInput in;
    in.name = QStringLiteral("oidc-provider wb-basic");
    in.issuer = issuer;
    in.clientId = QStringLiteral("wb-basic");
    in.secret = QStringLiteral("s3cr:t/+%pass"); // needs form-encoding inside Basic (RFC 6749 2.3.1)
    in.authMethod = QStringLiteral("client_secret_basic");
    in.scope = QStringLiteral("openid profile email offline_access");
    in.browser = QStringLiteral("command");
    in.browserCommand =
        QStringLiteral("%1 %2 %u").arg(node, QDir(peers).filePath(QStringLiteral("browser-login.mjs")));
    in.timeoutSeconds = 120;
    createProfileThroughEditor(*f.window, in);
    // oidc-provider keeps offline_access (and so issues a refresh token) only with prompt=consent.
    ProfileEditor *editor = f.window->profileEditor();
    QTest::mouseClick(child<QPushButton>(editor, "addParamButton"), Qt::LeftButton);
    auto *params = child<QTableWidget>(editor, "extraParamsTable");
    params->item(0, 0)->setText(QStringLiteral("prompt"));
    params->item(0, 1)->setText(QStringLiteral("consent"));

    TimelineModel *model = f.window->timelinePanel()->model();
    QStringList titlesSeen;
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [&](const QModelIndex &parent, int first, int last) {
                for (int r = first; !parent.isValid() && r <= last; ++r)
                    titlesSeen << model->index(r, 0).data().toString();
            });
    QTest::keyClick(f.window.get(), Qt::Key_R, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(f.window->waitingBanner()->isVisible() || !f.window->runner()->isRunning(),
                             30000);
    QTRY_VERIFY_WITH_TIMEOUT(!f.window->runner()->isRunning(), 150000);
    const Session *s = f.window->runner()->session();
    QVERIFY2(s->outcome == Outcome::Succeeded, qPrintable(s->error.message));
    QCOMPARE(titlesSeen.first(), QStringLiteral("Discovery"));
    QVERIFY2(titlesSeen.contains(QStringLiteral("Token exchange")), qPrintable(titlesSeen.join(u',')));
    // The flow ends by checking the ID token against the issuer's keys.
    QCOMPARE(titlesSeen.last(), QStringLiteral("ID token validation"));

    const QModelIndex tokenRow = findExchangeRow(model, QStringLiteral("/token"));
    QVERIFY(tokenRow.isValid());
    f.window->timelinePanel()->view()->setCurrentIndex(tokenRow);
    InspectorPanel *inspector = f.window->inspectorPanel();
    auto *table = child<QTableWidget>(inspector, "requestParamsTable");
    QStringList rows;
    for (int r = 0; r < table->rowCount(); ++r)
        rows << table->item(r, 0)->text() + u'|' + table->item(r, 1)->text() + u'|' +
                    table->item(r, 2)->text();
    QVERIFY2(rows.contains(QStringLiteral("form|grant_type|authorization_code")),
             qPrintable(rows.join(u'\n')));
    QVERIFY(rows.contains(QStringLiteral("form|redirect_uri|") + s->redirectUri));
    QVERIFY(child<QLabel>(inspector, "statusLineLabel")->text().contains(QStringLiteral("200")));
    QVERIFY(child<QPlainTextEdit>(inspector, "responseBodyPretty")
                ->toPlainText()
                .contains(QStringLiteral("\"id_token\"")));
    // The client secret went in Basic, form-encoded, and the cURL copy hides it.
    QVERIFY(!inspector->curlCommand().contains(QStringLiteral("czNjcjp0")));

    TokensPanel *tokens = f.window->tokensPanel();
    QTRY_VERIFY(tokens->idTokenView()->isJwt());
    QVERIFY(child<QPlainTextEdit>(tokens->idTokenView(), "payloadEdit")->toPlainText().contains(issuer));
    QVERIFY(!s->tokens.refreshToken.isEmpty());
}

void TestIdpLogin::capturedBrowserLogin()
{
    const QString issuer = qEnvironmentVariable("WB_IDP_ISSUER");
    const QString peers = qEnvironmentVariable("WB_PEERS_DIR");
    const QString node = qEnvironmentVariable("WB_NODE");
    if (issuer.isEmpty() || peers.isEmpty() || node.isEmpty())
        QSKIP("WB_IDP_ISSUER, WB_PEERS_DIR and WB_NODE are not set (run through ctest with the idp fixture)");
    const QString chromium = qEnvironmentVariable("WB_CHROMIUM", QStringLiteral("/usr/bin/chromium"));
    if (!QFileInfo(chromium).isExecutable())
        QSKIP("no Chromium at WB_CHROMIUM or /usr/bin/chromium");
    QStandardPaths::setTestModeEnabled(true);
    WindowFixture f;
    QVERIFY(showActive(*f.window));

    ProfileInput in;
    in.name = QStringLiteral("oidc-provider captured");
    in.issuer = issuer;
    in.clientId = QStringLiteral("wb-public");
    in.scope = QStringLiteral("openid profile");
    in.browser = QStringLiteral("captured");
    in.timeoutSeconds = 120;
    createProfileThroughEditor(*f.window, in);
    ProfileEditor *editor = f.window->profileEditor();
    typeInto(child<QLineEdit>(editor, "browserPathEdit"), chromium);
    QTest::mouseClick(child<QCheckBox>(editor, "headlessBrowserCheck"), Qt::LeftButton);
    QVERIFY(child<QLabel>(editor, "browserFoundLabel")->text().startsWith(QStringLiteral("Uses ")));

    QTest::keyClick(f.window.get(), Qt::Key_R, Qt::ControlModifier);
    // The Browser step names the DevTools endpoint once the browser listens: log in through it.
    QString endpoint;
    const auto endpointOrDone = [&] {
        const Session *s = f.window->runner()->session();
        const int b = findStep(s, StepKind::Browser);
        if (b >= 0 && s->steps[b].details.contains("devtools"))
            endpoint = QString::fromStdString(s->steps[b].details["devtools"].get<std::string>());
        return !endpoint.isEmpty() || !f.window->runner()->isRunning();
    };
    QTRY_VERIFY_WITH_TIMEOUT(endpointOrDone(), 60000);
    QVERIFY2(!endpoint.isEmpty(), qPrintable(f.window->runner()->session()->error.message));
    QProcess login;
    login.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    login.start(node, {QDir(peers).filePath(QStringLiteral("login-over-cdp.mjs")),
                       QStringLiteral("--timeout"), QStringLiteral("90"), endpoint});
    QTRY_VERIFY_WITH_TIMEOUT(!f.window->runner()->isRunning(), 150000);
    QTRY_VERIFY_WITH_TIMEOUT(login.state() == QProcess::NotRunning, 30000);
    QCOMPARE(login.exitStatus(), QProcess::NormalExit);
    QCOMPARE(login.exitCode(), 0);
    const Session *s = f.window->runner()->session();
    QVERIFY2(s->outcome == Outcome::Succeeded, qPrintable(s->error.message));

    // The Browser step holds the login's pages, the form posts and the redirects, then the link
    // to the callback; selecting the link shows the callback exchange.
    TimelineModel *model = f.window->timelinePanel()->model();
    const QModelIndex browser = model->indexOfStep(findStep(s, StepKind::Browser));
    const int rows = model->rowCount(browser);
    QVERIFY2(rows >= 5, qPrintable(QString::number(rows)));
    QStringList titles;
    for (int r = 0; r < rows; ++r)
        titles << model->index(r, 0, browser).data().toString();
    QVERIFY2(titles.first().contains(QStringLiteral("/auth")), qPrintable(titles.join(u'\n')));
    QVERIFY2(std::any_of(titles.cbegin(), titles.cend(),
                         [](const QString &t) { return t.startsWith(QStringLiteral("Form post: POST")); }),
             qPrintable(titles.join(u'\n')));
    const QModelIndex link = model->index(rows - 1, 0, browser);
    QVERIFY2(titles.last().contains(QStringLiteral("Joined to the callback")),
             qPrintable(titles.join(u'\n')));
    f.window->timelinePanel()->view()->setCurrentIndex(link);
    const int shown = f.window->inspectorPanel()->shownExchange();
    QVERIFY(shown >= 0);
    QVERIFY(s->exchanges[shown].role == ExchangeRole::Callback);
    // The typed password never reached the session.
    for (const Exchange &x : s->exchanges)
        QVERIFY(!x.requestBody.contains("cdp-secret-password"));
}

QTEST_MAIN(TestIdpLogin)
#include "tst_idplogin.moc"
