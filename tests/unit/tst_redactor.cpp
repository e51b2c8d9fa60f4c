// Unit tests for wb::Redactor: secrets vanish in every encoding, headers keep their shape.
#include "report/Redactor.h"

#include <QtTest>

using namespace wb;

class TestRedactor : public QObject {
    Q_OBJECT
private slots:
    void maskKeepsLengthAndLastFour()
    {
        QCOMPARE(Redactor::mask(QStringLiteral("abcdefghijklmnop")),
                 QStringLiteral("[redacted 16 chars …mnop]"));
        QCOMPARE(Redactor::mask(QStringLiteral("short")), QStringLiteral("[redacted 5 chars]"));
    }
    void replacesRawAndEncodedForms()
    {
        const QString secret = QStringLiteral("s3cr:t/+%pass");
        Redactor r({secret});
        const QByteArray body = "client_id=x&client_secret=s3cr%3At%2F%2B%25pass&raw=s3cr:t/+%pass";
        const QByteArray out = r.bytes(body);
        QVERIFY(!out.contains("s3cr%3At%2F%2B%25pass"));
        QVERIFY(!out.contains("s3cr:t/+%pass"));
        QVERIFY(out.contains("client_id=x"));
        QVERIFY(out.contains("[redacted 13 chars]")); // short: no tail
        QVERIFY(!out.contains("pass"));
    }
    void disabledLeavesEverything()
    {
        Redactor r({QStringLiteral("topsecretvalue")}, false);
        QCOMPARE(r.text(QStringLiteral("a topsecretvalue b")), QStringLiteral("a topsecretvalue b"));
    }
    void headersKeepSchemeAndCookieNames()
    {
        Redactor r{QStringList{}};
        const HttpHeaders in = {{"Authorization", "Basic dXNlcjpwYXNzd29yZA=="},
                                {"Cookie", "sid=abcdef123456; theme=dark"},
                                {"Set-Cookie", "session=zzzzyyyyxxxx; Path=/; HttpOnly"},
                                {"Accept", "application/json"}};
        const HttpHeaders out = r.headers(in);
        QCOMPARE(out[0].value, QByteArray("Basic [redacted 20 chars]")); // no tail of the secret
        QVERIFY(!out[0].value.contains("dXNlcjpwYXNzd29yZA"));
        QVERIFY(out[1].value.startsWith("sid=[redacted"));
        QVERIFY(out[1].value.contains("theme=[redacted"));
        QVERIFY(!out[1].value.contains("abcdef123456"));
        QVERIFY(out[2].value.startsWith("session=[redacted"));
        QVERIFY(out[2].value.contains("Path=/"));
        QCOMPARE(out[3].value, QByteArray("application/json"));
    }
    void longerSecretReplacedBeforeItsPrefix()
    {
        Redactor r({QStringLiteral("abcdefghij"), QStringLiteral("abcdefghijKLMNOP")});
        const QString out = r.text(QStringLiteral("x abcdefghijKLMNOP y"));
        QVERIFY(out.contains(QStringLiteral("[redacted 16 chars …MNOP]")));
        QVERIFY(!out.contains(QStringLiteral("KLMNOP y")));
    }
};

QTEST_APPLESS_MAIN(TestRedactor)
#include "tst_redactor.moc"
