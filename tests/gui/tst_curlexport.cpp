// CurlExport: the command replays the request as sent, quotes safely for a POSIX shell, and
// redacts secrets unless redaction is off. Runs the command through /bin/sh to prove it parses.
#include "report/CurlExport.h"

#include <QProcess>
#include <QtTest>

using namespace wb;

class TestCurlExport : public QObject {
    Q_OBJECT

private slots:
    void quoting();
    void getWithoutBody();
    void postFormRedacted();
    void parsesInAShell();
};

void TestCurlExport::quoting()
{
    QCOMPARE(shellQuote(QStringLiteral("https://idp.example/token")),
             QStringLiteral("https://idp.example/token"));
    QCOMPARE(shellQuote(QStringLiteral("a b")), QStringLiteral("'a b'"));
    QCOMPARE(shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    QCOMPARE(shellQuote(QString()), QStringLiteral("''"));
    QCOMPARE(shellQuote(QStringLiteral("$(rm -rf /)")), QStringLiteral("'$(rm -rf /)'"));
}

void TestCurlExport::getWithoutBody()
{
    Exchange x;
    x.method = QStringLiteral("GET");
    x.url = QStringLiteral("https://idp.example/.well-known/openid-configuration");
    x.requestHeaders = {{"Host", "idp.example"}, {"Accept", "application/json"}};
    const QString cmd = curlCommand(x, Redactor({}, false));
    QCOMPARE(cmd, QStringLiteral("curl \\\n  https://idp.example/.well-known/openid-configuration \\\n"
                                 "  -H 'Accept: application/json'"));
}

void TestCurlExport::postFormRedacted()
{
    Exchange x;
    x.method = QStringLiteral("POST");
    x.url = QStringLiteral("https://idp.example/token");
    x.requestHeaders = {{"Authorization", "Basic Y2xpZW50OnNlY3JldC12YWx1ZQ=="},
                        {"Content-Type", "application/x-www-form-urlencoded"},
                        {"Content-Length", "60"}};
    x.requestBody =
        "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&code_verifier=verifier-1234567890";
    const Redactor r({QStringLiteral("SplxlOBeZQQYbYS6WxSbIA"), QStringLiteral("verifier-1234567890")});
    const QString cmd = curlCommand(x, r);
    QVERIFY(cmd.contains(QStringLiteral("--data-raw 'grant_type=authorization_code&code=[redacted")));
    QVERIFY(!cmd.contains(QStringLiteral("SplxlOBeZQQYbYS6WxSbIA")));
    QVERIFY(!cmd.contains(QStringLiteral("Y2xpZW50OnNlY3JldC12YWx1ZQ")));
    QVERIFY(cmd.contains(QStringLiteral("-H 'Authorization: Basic [redacted")));
    QVERIFY(!cmd.contains(QStringLiteral("Content-Length")));
    QVERIFY(!cmd.contains(QStringLiteral("-X"))); // POST follows from --data-raw
    const QString raw = curlCommand(x, Redactor(r));
    const QString open = curlCommand(x, Redactor({QStringLiteral("SplxlOBeZQQYbYS6WxSbIA")}, false));
    QVERIFY(open.contains(QStringLiteral("code=SplxlOBeZQQYbYS6WxSbIA")));
    QVERIFY(open.contains(QStringLiteral("Basic Y2xpZW50OnNlY3JldC12YWx1ZQ==")));
    Q_UNUSED(raw)
}

void TestCurlExport::parsesInAShell()
{
    Exchange x;
    x.method = QStringLiteral("PUT");
    x.url = QStringLiteral("https://idp.example/a?b=c&d='e'");
    x.requestHeaders = {{"X-Odd", "it's $HOME `x`"}};
    x.requestBody = "a=1&b='2'";
    // Replace curl by printf so the shell shows the arguments it would pass.
    QString cmd = curlCommand(x, Redactor({}, false));
    cmd.replace(0, 4, QStringLiteral("printf '%s\\n'"));
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), cmd});
    QVERIFY(sh.waitForFinished(10000));
    const QStringList args =
        QString::fromUtf8(sh.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(args, (QStringList{QStringLiteral("-X"), QStringLiteral("PUT"),
                                QStringLiteral("https://idp.example/a?b=c&d='e'"), QStringLiteral("-H"),
                                QStringLiteral("X-Odd: it's $HOME `x`"), QStringLiteral("--data-raw"),
                                QStringLiteral("a=1&b='2'")}));
}

QTEST_MAIN(TestCurlExport)
#include "tst_curlexport.moc"
