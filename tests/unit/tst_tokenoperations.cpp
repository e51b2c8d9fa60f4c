// The token lifecycle operations against the in-process sandbox: refresh with rotation and
// merge, in-process single-flight (one request for two callers), revocation then a refused
// refresh, introspection active/inactive, userinfo 200 and 401 with WWW-Authenticate, the race
// probe's family_revoked verdict, and a lock held by "another process".
#include "flow/IntrospectionOperation.h"
#include "flow/RaceProbeOperation.h"
#include "flow/RefreshOperation.h"
#include "flow/RefreshSingleFlight.h"
#include "flow/RevocationOperation.h"
#include "flow/UserinfoOperation.h"
#include "oauth/CallbackParams.h"
#include "oauth/ClientAuth.h"
#include "oauth/Pkce.h"
#include "oauth/TokenResponse.h"
#include "sandbox/SandboxProfile.h"
#include "sandbox/SandboxServer.h"
#include "store/MemorySecretStore.h"
#include "store/TokenSetJson.h"

#include <QEventLoop>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

using namespace wb;

class TestTokenOperations : public QObject {
    Q_OBJECT
private:
    SandboxServer *m_server = nullptr;
    QNetworkAccessManager *m_nam = nullptr;
    int m_tokenRequests = 0;

    Profile profile() const
    {
        Profile p = sandboxProfile(m_server->issuer(), QStringLiteral("sandbox-basic"));
        p.id = QStringLiteral("sandbox-basic-profile");
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
        return reply;
    }

    // A login straight against the auto-approving sandbox (authorize, then the code exchange),
    // independent of the flow code: a fresh token set for client sandbox-basic.
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
        QNetworkReply *a = send(QNetworkRequest(authorize));
        const QUrl location(QString::fromUtf8(a->rawHeader("Location")));
        a->deleteLater();
        const QString code = QUrlQuery(location).queryItemValue(QStringLiteral("code"));
        if (code.isEmpty()) {
            qWarning() << "no code in" << location;
            return {};
        }
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
        t->deleteLater();
        if (r.error.isError())
            qWarning() << "login failed:" << r.error.message;
        return r.tokens;
    }

    static void runToEnd(TokenOperation &op)
    {
        QSignalSpy done(&op, &TokenOperation::finished);
        op.start();
        if (!op.isFinished())
            QVERIFY(done.wait(30000));
    }

    static QString protocolError(const Session &s)
    {
        return s.error.protocol ? s.error.protocol->error : QString();
    }

private slots:
    void init()
    {
        m_server = new SandboxServer(this);
        SandboxConfig cfg;
        cfg.autoApprove = true;
        QString error;
        QVERIFY2(m_server->start(cfg, &error), qPrintable(error));
        m_nam = new QNetworkAccessManager(this);
        m_tokenRequests = 0;
        connect(m_server, &SandboxServer::requestServed, this,
                [this](const QString &, const QString &target, int) {
                    if (target.startsWith(QLatin1String("/token")))
                        ++m_tokenRequests;
                });
    }
    void cleanup()
    {
        delete m_server;
        delete m_nam;
    }

    void refreshRotatesAndMerges()
    {
        const TokenSet first = login();
        QVERIFY(!first.refreshToken.isEmpty());
        RefreshOperation op(profile(), first, m_nam);
        runToEnd(op);
        const Session &s = op.session();
        QVERIFY2(s.outcome == Outcome::Succeeded, qPrintable(s.error.message));
        QVERIFY(s.steps.last().kind == StepKind::Refresh);
        QVERIFY(op.merge().refreshTokenRotated);
        QVERIFY(s.tokens.refreshToken != first.refreshToken);
        QVERIFY(s.tokens.accessToken != first.accessToken);
        QVERIFY(s.steps.last().warnings.join(' ').contains(QLatin1String("refresh token rotated")));
        QVERIFY(s.steps.last().summary.contains(QLatin1String("refresh token rotated")));
        QCOMPARE(s.steps.last().details["merge"]["refresh_token"].get<std::string>(), std::string("rotated"));
        const Exchange *x = s.exchange(s.steps.last().exchangeIds.last());
        QVERIFY(x && x->requestBody.contains("grant_type=refresh_token"));
        QVERIFY(headerValue(x->requestHeaders, "Authorization").startsWith("Basic "));

        // The old refresh token is now a reuse: invalid_grant.
        RefreshOperation again(profile(), first, m_nam);
        runToEnd(again);
        QVERIFY(again.session().outcome == Outcome::Failed);
        QCOMPARE(protocolError(again.session()), QStringLiteral("invalid_grant"));
    }

    void singleFlightSharesOneRequest()
    {
        const TokenSet first = login();
        QVERIFY(!first.refreshToken.isEmpty());
        MemorySecretStore secrets;
        QTemporaryDir lockDir;
        RefreshSingleFlight flight(&secrets, m_nam, lockDir.path());
        const int before = m_tokenRequests;
        QList<RefreshSingleFlight::Result> results;
        flight.refresh(profile(), first, {},
                       [&](const RefreshSingleFlight::Result &r) { results.append(r); });
        flight.refresh(profile(), first, {},
                       [&](const RefreshSingleFlight::Result &r) { results.append(r); });
        QVERIFY(flight.isRunning(profile().id));
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 2, 30000);
        QCOMPARE(m_tokenRequests - before, 1); // one network call for both callers
        QVERIFY(results[0].session.outcome == Outcome::Succeeded);
        QVERIFY(!results[0].joined);
        QVERIFY(results[1].joined);
        QCOMPARE(results[1].session.tokens.refreshToken, results[0].session.tokens.refreshToken);
        QVERIFY(results[0].stored);
        // Written back: the store holds the merged, rotated set.
        const SecretResult stored = secrets.readSecretSync(SecretStore::tokensKey(profile().id));
        QVERIFY(stored.ok());
        QCOMPARE(tokenSetFromText(stored.value)->refreshToken, results[0].session.tokens.refreshToken);

        // A caller still holding the old set: the store is newer, so nothing is sent.
        QList<RefreshSingleFlight::Result> late;
        flight.refresh(profile(), first, {}, [&](const RefreshSingleFlight::Result &r) { late.append(r); });
        QTRY_COMPARE_WITH_TIMEOUT(late.size(), 1, 30000);
        QVERIFY(late[0].fromOtherProcess);
        QCOMPARE(m_tokenRequests - before, 1);
        QCOMPARE(late[0].session.tokens.refreshToken, results[0].session.tokens.refreshToken);
        QVERIFY(late[0].session.exchanges.isEmpty());
    }

    void waitsForALockHeldElsewhere()
    {
        const TokenSet first = login();
        MemorySecretStore secrets;
        QTemporaryDir lockDir;
        // "Another process" holds the profile's lock: the refresh must wait for it.
        QLockFile other(RefreshSingleFlight::lockFilePath(lockDir.path(), profile().id));
        QVERIFY(other.tryLock(0));
        RefreshSingleFlight flight(&secrets, m_nam, lockDir.path());
        std::optional<RefreshSingleFlight::Result> result;
        flight.refresh(profile(), first, {}, [&](const RefreshSingleFlight::Result &r) { result = r; });
        const int before = m_tokenRequests;
        QTest::qWait(300);
        QVERIFY(!result);                  // still waiting
        QCOMPARE(m_tokenRequests, before); // nothing sent while locked
        // Meanwhile the other process refreshed and stored its result.
        RefreshOperation op(profile(), first, m_nam);
        runToEnd(op);
        QVERIFY(op.session().outcome == Outcome::Succeeded);
        QVERIFY(
            secrets.writeSecretSync(SecretStore::tokensKey(profile().id), tokenSetToText(op.session().tokens))
                .ok());
        const int afterOther = m_tokenRequests;
        other.unlock();
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 30000);
        QVERIFY(result->fromOtherProcess);
        QCOMPARE(m_tokenRequests, afterOther); // the rotated-away token was not sent again
        QCOMPARE(result->session.tokens.refreshToken, op.session().tokens.refreshToken);
    }

    void revocationThenRefreshFails()
    {
        const TokenSet t = login();
        RevocationOperation revoke(profile(), t, TokenChoice::Refresh, m_nam);
        runToEnd(revoke);
        QVERIFY2(revoke.session().outcome == Outcome::Succeeded, qPrintable(revoke.session().error.message));
        const Step &step = revoke.session().steps.last();
        QVERIFY(step.kind == StepKind::Revocation);
        const Exchange *x = revoke.session().exchange(step.exchangeIds.last());
        QVERIFY(x && x->requestBody.contains("token_type_hint=refresh_token"));
        QVERIFY(revoke.session().tokens.isEmpty()); // the session grants nothing

        RefreshOperation refresh(profile(), t, m_nam);
        runToEnd(refresh);
        QVERIFY(refresh.session().outcome == Outcome::Failed);
        QCOMPARE(protocolError(refresh.session()), QStringLiteral("invalid_grant"));
    }

    void introspectionActiveThenInactive()
    {
        const TokenSet t = login();
        IntrospectionOperation active(profile(), t, TokenChoice::Access, m_nam);
        runToEnd(active);
        QVERIFY2(active.session().outcome == Outcome::Succeeded, qPrintable(active.session().error.message));
        QVERIFY(active.active());
        QVERIFY(active.session().steps.last().summary.contains(QLatin1String("active")));

        RevocationOperation revoke(profile(), t, TokenChoice::Access, m_nam);
        runToEnd(revoke);
        QVERIFY(revoke.session().outcome == Outcome::Succeeded);
        IntrospectionOperation inactive(profile(), t, TokenChoice::Access, m_nam);
        runToEnd(inactive);
        QVERIFY(inactive.session().outcome == Outcome::Succeeded);
        QVERIFY(!inactive.active());
        QVERIFY(inactive.session().steps.last().summary.contains(QLatin1String("inactive")));
    }

    void userinfoThen401WithChallenge()
    {
        const TokenSet t = login();
        UserinfoOperation ok(profile(), t, m_nam);
        runToEnd(ok);
        QVERIFY2(ok.session().outcome == Outcome::Succeeded, qPrintable(ok.session().error.message));
        QVERIFY(ok.session().steps.last().details["claims"].contains("sub"));

        TokenSet bad = t;
        bad.accessToken = QStringLiteral("not-a-token");
        UserinfoOperation refused(profile(), bad, m_nam);
        runToEnd(refused);
        const Session &s = refused.session();
        QVERIFY(s.outcome == Outcome::Failed);
        QVERIFY(s.error.kind == ErrorKind::Protocol);
        QCOMPARE(protocolError(s), QStringLiteral("invalid_token"));
        QCOMPARE(s.error.protocol->httpStatus, 401);
        QVERIFY(!s.error.protocol->description.isEmpty());
        QVERIFY(s.steps.last().details.contains("www_authenticate"));
    }

    void raceProbeReportsFamilyRevoked()
    {
        const TokenSet t = login();
        RaceProbeOperation op(profile(), t, 3, m_nam);
        runToEnd(op);
        const Session &s = op.session();
        QVERIFY2(s.outcome == Outcome::Succeeded, qPrintable(s.error.message));
        QVERIFY2(op.verdict().outcome == RaceOutcome::FamilyRevoked, qPrintable(op.verdict().explanation));
        const Step &step = s.steps.last();
        QVERIFY(step.kind == StepKind::RaceProbe);
        QCOMPARE(step.exchangeIds.size(), 4); // 3 racers + the follow-up with the winner's token
        QCOMPARE(step.details["requests"].size(), size_t(3));
        QCOMPARE(step.details["follow_up"]["result"].get<std::string>(), std::string("invalid_grant"));
        QVERIFY(!op.tokensToStore());
    }

    void preconditionsAreConfigErrors()
    {
        TokenSet empty;
        RefreshOperation op(profile(), empty, m_nam);
        runToEnd(op);
        QVERIFY(op.session().error.kind == ErrorKind::Config);
        RaceProbeOperation race(profile(), login(), 1, m_nam);
        runToEnd(race);
        QVERIFY(race.session().error.kind == ErrorKind::Config);
    }
};

QTEST_GUILESS_MAIN(TestTokenOperations)
#include "tst_tokenoperations.moc"
