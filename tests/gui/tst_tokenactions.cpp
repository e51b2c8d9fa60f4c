// The tokens panel's buttons against the in-process sandbox: Refresh rotates and stores the
// merged set, Revoke (refresh) revokes, a refresh afterwards fails with invalid_grant; auto-refresh
// counts down, refreshes when due (driven by an injected clock) and stops with "re-authorize" on
// invalid_grant instead of retrying.
#include "app/MainWindow.h"
#include "flow/Session.h"
#include "oauth/CallbackParams.h"
#include "oauth/ClientAuth.h"
#include "oauth/Pkce.h"
#include "oauth/TokenResponse.h"
#include "profiles/ProfilesController.h"
#include "profiles/ProfilesSidebar.h"
#include "sandbox/SandboxProfile.h"
#include "sandbox/SandboxServer.h"
#include "store/MemorySecretStore.h"
#include "store/TokenSetJson.h"
#include "tokens/TokenActions.h"
#include "tokens/TokensPanel.h"

#include <QAbstractButton>
#include <QEventLoop>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

using namespace wb;
using namespace wb::gui;

class TestTokenActions : public QObject {
    Q_OBJECT
private:
    SandboxServer *m_server = nullptr;
    QNetworkAccessManager *m_nam = nullptr;
    MemorySecretStore *m_secrets = nullptr;
    int m_refreshes = 0;
    QString m_profileId = QStringLiteral("gui-sandbox-basic");

    Profile profile() const
    {
        Profile p = sandboxProfile(m_server->issuer(), QStringLiteral("sandbox-basic"));
        p.id = m_profileId;
        p.name = QStringLiteral("Sandbox (basic)");
        return p;
    }

    QNetworkReply *send(QNetworkRequest req, const QByteArray &post = {})
    {
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = post.isNull() ? m_nam->get(req) : m_nam->post(req, post);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return reply;
    }

    // A login straight against the auto-approving sandbox; the tokens go to the secret store as
    // `run --profile` would leave them.
    TokenSet login()
    {
        const Profile p = profile();
        const PkcePair pkce = Pkce::generate(PkceMethod::S256);
        QUrl authorize(m_server->issuer() + QStringLiteral("/authorize"));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
        q.addQueryItem(QStringLiteral("client_id"), p.clientId);
        q.addQueryItem(QStringLiteral("redirect_uri"), QStringLiteral("http://127.0.0.1:4711/callback"));
        q.addQueryItem(QStringLiteral("scope"), p.scope);
        q.addQueryItem(QStringLiteral("state"), QStringLiteral("st"));
        q.addQueryItem(QStringLiteral("code_challenge"), QString::fromLatin1(pkce.challenge));
        q.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
        authorize.setQuery(q);
        const QUrl location(QString::fromUtf8(send(QNetworkRequest(authorize))->rawHeader("Location")));
        const QString code = QUrlQuery(location).queryItemValue(QStringLiteral("code"));
        QNetworkRequest tokenReq(QUrl(m_server->issuer() + QStringLiteral("/token")));
        tokenReq.setHeader(QNetworkRequest::ContentTypeHeader,
                           QByteArray("application/x-www-form-urlencoded"));
        ParamList form{{"grant_type", "authorization_code"},
                       {"code", code},
                       {"redirect_uri", "http://127.0.0.1:4711/callback"},
                       {"code_verifier", QString::fromLatin1(pkce.verifier)}};
        HttpHeaders headers;
        applyClientAuth(p.authMethod, p.clientId, p.clientSecret, headers, form);
        for (const HttpHeader &h : headers)
            tokenReq.setRawHeader(h.name, h.value);
        QNetworkReply *t = send(tokenReq, encodeFormUrlEncoded(form));
        const TokenResponse r =
            parseTokenResponse(t->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), {},
                               t->readAll(), QDateTime::currentDateTimeUtc());
        m_secrets->writeSecretSync(SecretStore::tokensKey(p.id), tokenSetToText(r.tokens));
        m_secrets->writeSecretSync(SecretStore::clientSecretKey(p.id), p.clientSecret);
        return r.tokens;
    }

    TokenSet stored() const
    {
        const SecretResult r = m_secrets->readSecretSync(SecretStore::tokensKey(profile().id));
        return r.ok() ? tokenSetFromText(r.value).value_or(TokenSet{}) : TokenSet{};
    }

    static QString lastStepSummary(const TokenActions &a)
    {
        return a.session() && !a.session()->steps.isEmpty() ? a.session()->steps.last().summary : QString();
    }

private slots:
    void init()
    {
        m_server = new SandboxServer(this);
        SandboxConfig cfg;
        cfg.autoApprove = true;
        QVERIFY(m_server->start(cfg));
        m_nam = new QNetworkAccessManager(this);
        m_secrets = new MemorySecretStore(this);
        m_refreshes = 0;
        m_profileId = QStringLiteral("gui-sandbox-basic");
        connect(m_server, &SandboxServer::requestServed, this,
                [this](const QString &, const QString &target, int) {
                    if (target.startsWith(QLatin1String("/token")))
                        ++m_refreshes;
                });
    }
    void cleanup()
    {
        delete m_server;
        delete m_nam;
        delete m_secrets;
    }

    void refreshAndRevokeButtons()
    {
        const TokenSet first = login();
        QVERIFY(!first.refreshToken.isEmpty());
        TokensPanel panel;
        panel.show();
        TokenActions actions(m_secrets, m_nam);
        Profile p = profile();
        p.clientSecret.clear(); // read from the store, as in the window
        actions.setProfile(p);
        connect(&panel, &TokensPanel::actionRequested, &actions, &TokenActions::run);
        connect(&actions, &TokenActions::sessionReplaced, &panel, &TokensPanel::setSession);
        panel.setActionsEnabled(true);
        QSignalSpy finished(&actions, &TokenActions::finished);

        QTest::mouseClick(panel.actionButton(TokensPanel::Action::Refresh), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QVERIFY2(actions.session()->outcome == Outcome::Succeeded,
                 qPrintable(actions.session()->error.message));
        QVERIFY(actions.session()->steps.last().kind == StepKind::Refresh);
        QVERIFY(lastStepSummary(actions).contains(QLatin1String("refresh token rotated")));
        QTRY_VERIFY_WITH_TIMEOUT(stored().refreshToken == actions.session()->tokens.refreshToken, 10000);
        QVERIFY(stored().refreshToken != first.refreshToken);

        QTest::mouseClick(panel.actionButton(TokensPanel::Action::RevokeRefresh), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QVERIFY(actions.session()->steps.last().kind == StepKind::Revocation);
        QVERIFY2(actions.session()->outcome == Outcome::Succeeded,
                 qPrintable(actions.session()->error.message));

        QTest::mouseClick(panel.actionButton(TokensPanel::Action::Refresh), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QVERIFY(actions.session()->outcome == Outcome::Failed);
        QCOMPARE(actions.session()->error.protocol ? actions.session()->error.protocol->error : QString(),
                 QStringLiteral("invalid_grant"));
    }

    void introspectMenuAsksAboutEitherToken()
    {
        const TokenSet stored = login();
        QVERIFY(!stored.refreshToken.isEmpty());
        TokensPanel panel;
        panel.show();
        TokenActions actions(m_secrets, m_nam);
        actions.setProfile(profile());
        connect(&panel, &TokensPanel::actionRequested, &actions, &TokenActions::run);
        panel.setActionsEnabled(true);
        QSignalSpy finished(&actions, &TokenActions::finished);
        auto *menu = panel.actionButton(TokensPanel::Action::Introspect)
                         ->findChild<QMenu *>(QStringLiteral("introspectMenu"));
        QVERIFY(menu);
        QCOMPARE(menu->actions().size(), 2);

        const struct {
            int entry;
            QString token;
            QByteArray hint;
        } cases[] = {{0, stored.accessToken, "token_type_hint=access_token"},
                     {1, stored.refreshToken, "token_type_hint=refresh_token"}};
        for (const auto &c : cases) {
            menu->actions().at(c.entry)->trigger();
            QVERIFY(finished.wait(30000));
            const Session &s = *actions.session();
            QVERIFY2(s.outcome == Outcome::Succeeded, qPrintable(s.error.message));
            QVERIFY(s.steps.last().kind == StepKind::Introspection);
            const Exchange *x = s.exchange(s.steps.last().exchangeIds.value(0));
            QVERIFY(x);
            QVERIFY2(x->requestBody.contains(c.hint), x->requestBody.constData());
            const QByteArray sent = QUrl::toPercentEncoding(c.token);
            QVERIFY2(x->requestBody.contains("token=" + sent), "the chosen token is the one sent");
        }
    }

    void autoRefreshCountsDownThenStopsOnInvalidGrant()
    {
        const TokenSet first = login();
        QDateTime now = QDateTime::currentDateTimeUtc();
        TokensPanel panel;
        TokenActions actions(m_secrets, m_nam);
        actions.setClock([&now] { return now; });
        actions.setProfile(profile());
        connect(&actions, &TokenActions::autoStatusChanged, &panel, &TokensPanel::setAutoRefreshStatus);
        connect(&panel, &TokensPanel::autoRefreshChanged, &actions, &TokenActions::setAutoRefresh);
        QSignalSpy finished(&actions, &TokenActions::finished);

        panel.setAutoRefresh(false, 120);
        panel.findChild<QAbstractButton *>(QStringLiteral("autoRefreshCheck"))->click();
        QVERIFY(actions.autoRefreshOn());
        QCOMPARE(actions.autoRefreshMargin(), 120);
        QTRY_VERIFY_WITH_TIMEOUT(actions.autoState() == AutoRefreshPolicy::State::Scheduled, 10000);
        QVERIFY2(panel.autoRefreshStatus().startsWith(QLatin1String("Auto-refresh in")),
                 qPrintable(panel.autoRefreshStatus()));

        // Not due yet: a tick sends nothing.
        const int before = m_refreshes;
        actions.tick();
        QVERIFY(!actions.isRunning());
        // Past the margin: the tick refreshes, and the next one is scheduled.
        now = first.expiresAt()->addSecs(-119);
        actions.tick();
        QVERIFY(actions.isRunning());
        QVERIFY(finished.wait(30000));
        QCOMPARE(m_refreshes, before + 1);
        QVERIFY(actions.session()->outcome == Outcome::Succeeded);
        QVERIFY(actions.autoState() == AutoRefreshPolicy::State::Scheduled);

        // The grant is revoked behind its back: the next automatic refresh gets invalid_grant and stops.
        actions.run(TokensPanel::Action::RevokeRefresh);
        QVERIFY(finished.wait(30000));
        now = now.addSecs(7200);
        actions.tick();
        QVERIFY(finished.wait(30000));
        QVERIFY(actions.session()->outcome == Outcome::Failed);
        QVERIFY(actions.autoState() == AutoRefreshPolicy::State::Stopped);
        QVERIFY2(panel.autoRefreshStatus().contains(QLatin1String("re-authorize")),
                 qPrintable(panel.autoRefreshStatus()));
        const int afterStop = m_refreshes;
        now = now.addSecs(7200);
        actions.tick();
        actions.tick();
        QVERIFY(!actions.isRunning());
        QCOMPARE(m_refreshes, afterStop); // never retried in a loop
    }

    void windowRunsThePanelsActions()
    {
        QTemporaryDir dir;
        MainWindowOptions o;
        o.profilesDirectory = dir.filePath(QStringLiteral("profiles"));
        o.historyDirectory = dir.filePath(QStringLiteral("history"));
        o.settingsFile = dir.filePath(QStringLiteral("gui.ini"));
        o.interactive = false;
        o.secretStore = m_secrets;
        o.probeSecrets = false;
        MainWindow w(o);
        Profile templ = profile();
        templ.id.clear();
        templ.clientSecret.clear();
        const auto created = w.profiles()->create(templ);
        QVERIFY(created);
        m_profileId = created->id;
        const Profile p = *created;
        const TokenSet first = login(); // tokens and client secret in the window's store
        QVERIFY(!first.refreshToken.isEmpty());
        w.profilesSidebar()->selectProfile(p.id);
        QAbstractButton *refresh = w.tokensPanel()->actionButton(TokensPanel::Action::Refresh);
        QTRY_VERIFY_WITH_TIMEOUT(refresh->isEnabled(), 10000);
        QTest::mouseClick(refresh, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.shownSession() && !w.shownSession()->steps.isEmpty() &&
                                     w.shownSession()->steps.last().kind == StepKind::Refresh &&
                                     w.shownSession()->outcome == Outcome::Succeeded,
                                 30000);
        QTRY_VERIFY_WITH_TIMEOUT(stored().refreshToken == w.shownSession()->tokens.refreshToken, 10000);
        QVERIFY(stored().refreshToken != first.refreshToken);
    }
};

QTEST_MAIN(TestTokenActions)
#include "tst_tokenactions.moc"
