// Tests for RedirectFollower (follow mode): each hop is recorded, cookies travel as explicit
// Cookie headers, and every chain ends exactly once with the right End and a useful message.

#include "http/RedirectFollower.h"
#include "support/RawHttpServer.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QtTest>

using namespace wb;
using wbtest::RawHttpServer;
using wbtest::ReceivedRequest;

namespace {

QString endName(FollowResult::End end)
{
    switch (end) {
    case FollowResult::End::ReachedRedirectUri:
        return QStringLiteral("ReachedRedirectUri");
    case FollowResult::End::NeedsPerson:
        return QStringLiteral("NeedsPerson");
    case FollowResult::End::HttpError:
        return QStringLiteral("HttpError");
    case FollowResult::End::TransportFailure:
        return QStringLiteral("TransportFailure");
    case FollowResult::End::TooManyHops:
        return QStringLiteral("TooManyHops");
    case FollowResult::End::Cancelled:
        return QStringLiteral("Cancelled");
    }
    return {};
}

QByteArray redirect(int status, const QByteArray &location, const HttpHeaders &extra = {})
{
    HttpHeaders headers = extra;
    headers.prepend(HttpHeader{"Location", location});
    return RawHttpServer::response(status, status == 303 ? "See Other" : "Found", headers);
}

QByteArray page(int status, QByteArrayView reason, const QByteArray &html)
{
    return RawHttpServer::response(status, reason, {{"Content-Type", "text/html; charset=utf-8"}}, html);
}

// Collects what a follower emits.
struct Recorder {
    QList<Exchange> hops;
    QList<FollowResult> results;
    explicit Recorder(RedirectFollower &f)
    {
        QObject::connect(&f, &RedirectFollower::hop, [this](const Exchange &e) { hops.append(e); });
        QObject::connect(&f, &RedirectFollower::finished,
                         [this](const FollowResult &r) { results.append(r); });
    }
    // True when finished() came, and came only once (a later second emission would show here).
    bool wait()
    {
        const bool came = QTest::qWaitFor([this] { return !results.isEmpty(); }, 10000);
        QTest::qWait(50);
        return came && results.size() == 1;
    }
    FollowResult result() const { return results.value(0); }
};

} // namespace

// Drives RedirectFollower against scripted in-process servers (an IdP and a loopback stand-in).
class TestRedirectFollower : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { m_nam.setProxy(QNetworkProxy::NoProxy); }
    void cookiesCarriedToRedirectUri();
    void relativeLocations_data();
    void relativeLocations();
    void loginPageNeedsPerson();
    void errorPagesAreHttpErrors_data();
    void errorPagesAreHttpErrors();
    void redirectWithoutLocation();
    void redirectLoopStops();
    void transportFailure();
    void cancelInFlight();
    void prefixMatchesWholeSegments();
    void nonHttpLocations();
    void hostOnlyCookiesStayOnTheirHost();

private:
    QNetworkAccessManager m_nam;
};

void TestRedirectFollower::cookiesCarriedToRedirectUri()
{
    RawHttpServer listener([](const ReceivedRequest &) {
        return page(200, "OK", "<title>Signed in</title>You can close this.");
    });
    QVERIFY(listener.start());
    const QByteArray callback = listener.url(QStringLiteral("/callback?code=c0de&state=st")).toEncoded();
    RawHttpServer idp([&](const ReceivedRequest &r) -> std::optional<QByteArray> {
        if (r.target.startsWith("/authorize"))
            return redirect(302, "/login?step=1",
                            {{"Set-Cookie", "sid=abc123; Path=/; HttpOnly"}, {"Set-Cookie", "gone=1"}});
        if (r.target == "/login?step=1")
            return redirect(302, "consent?x=y", {{"Set-Cookie", "gone=; Max-Age=0"}});
        if (r.target == "/consent?x=y")
            return redirect(303, callback);
        return page(404, "Not Found", "unexpected");
    });
    QVERIFY(idp.start());

    HttpClient client(&m_nam);
    RedirectFollower follower(&client);
    Recorder rec(follower);
    follower.start(idp.url(QStringLiteral("/authorize?client_id=c")),
                   listener.url(QStringLiteral("/callback")).toString());
    QVERIFY(rec.results.isEmpty()); // never inside start()
    QVERIFY(rec.wait());

    const FollowResult result = rec.result();
    QCOMPARE(endName(result.end), endName(FollowResult::End::ReachedRedirectUri));
    QCOMPARE(result.finalUrl, QString::fromLatin1(callback));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.hops, 4);
    QCOMPARE(rec.hops.size(), 4);
    for (const Exchange &hop : std::as_const(rec.hops))
        QCOMPARE(toString(hop.role), toString(ExchangeRole::FrontChannel));

    QCOMPARE(idp.requests.size(), 3);
    QCOMPARE(idp.requests[1].target, QByteArray("/login?step=1"));
    QCOMPARE(idp.requests[2].target, QByteArray("/consent?x=y"));
    QVERIFY(!hasHeader(idp.requests[0].headers, "Cookie"));
    QVERIFY(!hasHeader(rec.hops[0].requestHeaders, "Cookie"));
    // Hop 2: the server saw both cookies from hop 1, and the recorded request says so too.
    QCOMPARE(headerValue(idp.requests[1].headers, "Cookie"), QByteArray("sid=abc123; gone=1"));
    QCOMPARE(rec.hops[1].requestHeaders, idp.requests[1].headers);
    // Hop 3: "gone" was deleted by Max-Age=0 on hop 2.
    QCOMPARE(headerValue(idp.requests[2].headers, "Cookie"), QByteArray("sid=abc123"));
    QCOMPARE(rec.hops[2].requestHeaders, idp.requests[2].headers);
    QCOMPARE(headerValue(rec.hops[2].responseHeaders, "Location"), callback);

    QCOMPARE(listener.requests.size(), 1);
    QCOMPARE(listener.requests[0].target, QByteArray("/callback?code=c0de&state=st"));
    QCOMPARE(rec.hops[3].url, QString::fromLatin1(callback));
    QCOMPARE(rec.hops[3].requestHeaders, listener.requests[0].headers);
}

void TestRedirectFollower::relativeLocations_data()
{
    QTest::addColumn<QByteArray>("location");
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("absolute path") << QByteArray("/abs?q=1") << QByteArray("/abs?q=1");
    QTest::newRow("relative path") << QByteArray("next") << QByteArray("/a/next");
    QTest::newRow("dot dot") << QByteArray("../up") << QByteArray("/up");
    QTest::newRow("query only") << QByteArray("?only=query") << QByteArray("/a/b?only=query");
    QTest::newRow("network path") << QByteArray("//127.0.0.1:PORT/np") << QByteArray("/np");
}

void TestRedirectFollower::relativeLocations()
{
    QFETCH(QByteArray, location);
    QFETCH(QByteArray, target);
    RawHttpServer idp;
    idp.handler = [&](const ReceivedRequest &r) -> std::optional<QByteArray> {
        if (r.target == "/a/b")
            return redirect(302, QByteArray(location).replace("PORT", QByteArray::number(idp.serverPort())));
        return page(200, "OK", "<p>landed</p>");
    };
    QVERIFY(idp.start());
    HttpClient client(&m_nam);
    RedirectFollower follower(&client);
    Recorder rec(follower);
    follower.start(idp.url(QStringLiteral("/a/b")), QStringLiteral("http://127.0.0.1:1/callback"));
    QVERIFY(rec.wait());
    QCOMPARE(idp.requests.size(), 2);
    QCOMPARE(idp.requests[1].target, target);
    QCOMPARE(endName(rec.result().end), endName(FollowResult::End::NeedsPerson));
    QCOMPARE(rec.result().finalUrl, idp.url(QString::fromLatin1(target)).toString());
}

void TestRedirectFollower::loginPageNeedsPerson()
{
    RawHttpServer idp([](const ReceivedRequest &) {
        return page(200, "OK",
                    "<html><head><TITLE lang=en>\n  Sign in &amp; consent &#8211; Example\n</TITLE></head>"
                    "<body><form>...</form></body></html>");
    });
    QVERIFY(idp.start());
    HttpClient client(&m_nam);
    RedirectFollower follower(&client);
    Recorder rec(follower);
    const QUrl start = idp.url(QStringLiteral("/authorize?response_type=code"));
    follower.start(start, QStringLiteral("http://127.0.0.1:1/callback"));
    QVERIFY(rec.wait());
    const FollowResult r = rec.result();
    QCOMPARE(endName(r.end), endName(FollowResult::End::NeedsPerson));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.hops, 1);
    QCOMPARE(r.finalUrl, start.toString());
    QCOMPARE(r.message,
             QStringLiteral("The server answered with a page at %1 that needs a person (login or consent). "
                            "Open it in a browser or use --browser system. Page title: \"Sign in & consent "
                            "\u2013 Example\".")
                 .arg(start.toString()));
    QCOMPARE(rec.hops.size(), 1);
    QVERIFY(rec.hops[0].responseBody.contains("<form>"));
}

void TestRedirectFollower::errorPagesAreHttpErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("html");
    QTest::addColumn<QString>("expected");
    QTest::newRow("500") << 500 << QByteArray("Internal Server Error") << QByteArray("oops")
                         << QStringLiteral("The server answered 500 Internal Server Error at URL.");
    QTest::newRow("400 with title") << 400 << QByteArray("Bad Request")
                                    << QByteArray("<title>Error: redirect_uri_mismatch</title>")
                                    << QStringLiteral(
                                           "The server answered 400 Bad Request at URL. Page title: "
                                           "\"Error: redirect_uri_mismatch\".");
}

void TestRedirectFollower::errorPagesAreHttpErrors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, html);
    QFETCH(QString, expected);
    RawHttpServer idp([&](const ReceivedRequest &r) -> std::optional<QByteArray> {
        if (r.target == "/authorize")
            return redirect(302, "/broken");
        return page(status, reason, html);
    });
    QVERIFY(idp.start());
    HttpClient client(&m_nam);
    RedirectFollower follower(&client);
    Recorder rec(follower);
    follower.start(idp.url(QStringLiteral("/authorize")), QStringLiteral("http://127.0.0.1:1/callback"));
    QVERIFY(rec.wait());
    const QString url = idp.url(QStringLiteral("/broken")).toString();
    QCOMPARE(endName(rec.result().end), endName(FollowResult::End::HttpError));
    QCOMPARE(rec.result().status, status);
    QCOMPARE(rec.result().finalUrl, url);
    QCOMPARE(rec.result().message, QString(expected).replace(QStringLiteral("URL"), url));
    QCOMPARE(rec.hops.size(), 2);
    QCOMPARE(rec.hops[1].responseBody, html);
}

void TestRedirectFollower::redirectWithoutLocation()
{
    RawHttpServer idp([](const ReceivedRequest &) { return RawHttpServer::response(302, "Found"); });
    QVERIFY(idp.start());
    HttpClient client(&m_nam);
    RedirectFollower follower(&client);
    Recorder rec(follower);
    follower.start(idp.url(QStringLiteral("/authorize")), QStringLiteral("http://127.0.0.1:1/callback"));
    QVERIFY(rec.wait());
    QCOMPARE(endName(rec.result().end), endName(FollowResult::End::HttpError));
    QCOMPARE(rec.result().status, 302);
    QVERIFY2(rec.result().message.contains(QStringLiteral("redirect without Location")),
             qPrintable(rec.result().message));
}

void TestRedirectFollower::redirectLoopStops()
{
    RawHttpServer idp([](const ReceivedRequest &r) { return redirect(302, r.target == "/a" ? "/b" : "/a"); });
    QVERIFY(idp.start());
    HttpClient client(&m_nam);
    RedirectFollower follower(&client);
    Recorder rec(follower);
    follower.start(idp.url(QStringLiteral("/a")), QStringLiteral("http://127.0.0.1:1/callback"), 5);
    QVERIFY(rec.wait());
    QCOMPARE(endName(rec.result().end), endName(FollowResult::End::TooManyHops));
    QCOMPARE(rec.result().hops, 5);
    QCOMPARE(rec.hops.size(), 5);
    QCOMPARE(idp.requests.size(), 5);
    QCOMPARE(rec.result().finalUrl, idp.url(QStringLiteral("/b")).toString()); // the next, unrequested hop
    QVERIFY(rec.result().message.contains(QStringLiteral("loop")));
}

void TestRedirectFollower::transportFailure()
{
    HttpClient client(&m_nam);
    RedirectFollower follower(&client);
    Recorder rec(follower);
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/authorize").arg(RawHttpServer::unusedPort()));
    follower.start(url, QStringLiteral("http://127.0.0.1:1/callback"));
    QVERIFY(rec.wait());
    QCOMPARE(endName(rec.result().end), endName(FollowResult::End::TransportFailure));
    QCOMPARE(rec.result().status, 0);
    QCOMPARE(rec.result().message, rec.hops.value(0).errorMessage);
    QVERIFY(rec.result().message.contains(QStringLiteral("refused")));
}

void TestRedirectFollower::cancelInFlight()
{
    RawHttpServer idp([](const ReceivedRequest &) { return std::nullopt; });
    QVERIFY(idp.start());
    HttpClient client(&m_nam);
    RedirectFollower follower(&client);
    Recorder rec(follower);
    follower.start(idp.url(QStringLiteral("/authorize")), QStringLiteral("http://127.0.0.1:1/callback"));
    QVERIFY(QTest::qWaitFor([&] { return idp.requests.size() == 1; }, 5000));
    follower.cancel();
    follower.cancel();
    QVERIFY(rec.wait());
    QCOMPARE(endName(rec.result().end), endName(FollowResult::End::Cancelled));
    QCOMPARE(rec.hops.size(), 1);
    QCOMPARE(toString(rec.hops[0].transportError), toString(TransportError::Cancelled));
    follower.cancel(); // after the end: nothing more
    QTest::qWait(50);
    QCOMPARE(rec.results.size(), 1);
}

void TestRedirectFollower::prefixMatchesWholeSegments()
{
    RawHttpServer listener(
        [](const ReceivedRequest &) { return page(200, "OK", "<title>Not the callback</title>"); });
    QVERIFY(listener.start());
    RawHttpServer idp([&](const ReceivedRequest &) {
        return redirect(302, listener.url(QStringLiteral("/callbackevil?code=x")).toEncoded());
    });
    QVERIFY(idp.start());
    HttpClient client(&m_nam);
    RedirectFollower follower(&client);
    Recorder rec(follower);
    follower.start(idp.url(QStringLiteral("/authorize")),
                   listener.url(QStringLiteral("/callback")).toString());
    QVERIFY(rec.wait());
    QCOMPARE(endName(rec.result().end), endName(FollowResult::End::NeedsPerson));
    QCOMPARE(listener.requests.size(), 1);
}

void TestRedirectFollower::nonHttpLocations()
{
    RawHttpServer idp([](const ReceivedRequest &r) {
        return redirect(302, r.target == "/file" ? "file:///etc/passwd"
                                                 : "com.example.app:/oauth2redirect?code=x");
    });
    QVERIFY(idp.start());
    HttpClient client(&m_nam);
    {
        RedirectFollower follower(&client);
        Recorder rec(follower);
        follower.start(idp.url(QStringLiteral("/file")), QStringLiteral("http://127.0.0.1:1/callback"));
        QVERIFY(rec.wait());
        QCOMPARE(endName(rec.result().end), endName(FollowResult::End::HttpError));
        QCOMPARE(rec.hops.size(), 1); // file: is never requested
        QVERIFY(rec.result().message.contains(QStringLiteral("not an http(s) URL")));
    }
    {
        RedirectFollower follower(&client);
        Recorder rec(follower);
        follower.start(idp.url(QStringLiteral("/app")), QStringLiteral("com.example.app:/oauth2redirect"));
        QVERIFY(rec.wait());
        QCOMPARE(endName(rec.result().end), endName(FollowResult::End::ReachedRedirectUri));
        QCOMPARE(rec.result().finalUrl, QStringLiteral("com.example.app:/oauth2redirect?code=x"));
        QCOMPARE(rec.hops.size(), 1);
    }
}

void TestRedirectFollower::hostOnlyCookiesStayOnTheirHost()
{
    RawHttpServer idp;
    idp.handler = [&](const ReceivedRequest &r) -> std::optional<QByteArray> {
        if (r.target == "/start")
            return redirect(302, "http://localhost:" + QByteArray::number(idp.serverPort()) + "/other",
                            {{"Set-Cookie", "sid=1"}, {"Set-Cookie", "wide=2; Domain=evil.example"}});
        return page(200, "OK", "other host");
    };
    QVERIFY(idp.start());
    HttpClient client(&m_nam);
    RedirectFollower follower(&client);
    Recorder rec(follower);
    follower.start(idp.url(QStringLiteral("/start")), QStringLiteral("http://127.0.0.1:1/callback"));
    QVERIFY(rec.wait());
    QCOMPARE(endName(rec.result().end), endName(FollowResult::End::NeedsPerson));
    QCOMPARE(idp.requests.size(), 2);
    QCOMPARE(headerValue(idp.requests[1].headers, "Host"),
             "localhost:" + QByteArray::number(idp.serverPort()));
    QVERIFY(!hasHeader(idp.requests[1].headers, "Cookie"));
}

QTEST_GUILESS_MAIN(TestRedirectFollower)
#include "tst_redirectfollower.moc"
