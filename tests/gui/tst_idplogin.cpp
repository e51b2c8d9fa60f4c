// A real login through the window against panva's oidc-provider (the `idp` CTest fixture), with
// Chromium driven by tests/peers/browser-login.mjs as the profile's browser command: the steps
// appear, the token exchange shows its form and response, the tokens decode.
// Needs WB_IDP_ISSUER, WB_PEERS_DIR and WB_NODE (set by tests/gui/CMakeLists.txt).
#include "support/GuiTestSupport.h"

#include "flow/WaitingBanner.h"
#include "inspector/InspectorPanel.h"
#include "tokens/TokenView.h"
#include "tokens/TokensPanel.h"

#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
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

QTEST_MAIN(TestIdpLogin)
#include "tst_idplogin.moc"
