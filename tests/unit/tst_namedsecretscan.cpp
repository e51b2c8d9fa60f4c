// NamedSecretScan: when it says a text holds no named secret, Redactor::byName must leave the
// text unchanged (the scan lets reports skip byName's expressions). Checked on many texts made
// of the pieces that matter to the expressions: names, quotes, blanks, escapes, masks, '%'.
#include "report/NamedSecretScan.h"
#include "report/Redactor.h"

#include <QtTest>
#include <random>

using namespace wb;

class TestNamedSecretScan : public QObject {
    Q_OBJECT
private slots:
    void saysNoOnlyWhenByNameChangesNothing()
    {
        const QList<QByteArray> pieces = {"\"access_token\"",
                                          "\"padding\"",
                                          "\"code\"",
                                          "\"password\"",
                                          ":",
                                          " ",
                                          "\n",
                                          "\t",
                                          "\"",
                                          "abcdefgh",
                                          "[redacted 43 chars \xE2\x80\xA6wxyz]",
                                          "%5Bredacted",
                                          "=",
                                          "code",
                                          "token",
                                          "client_secret",
                                          "%",
                                          "&",
                                          "\\",
                                          "\\\"",
                                          ".",
                                          "-",
                                          "'",
                                          "<",
                                          "#",
                                          "1234",
                                          ",",
                                          "{",
                                          "}",
                                          "caf\xC3\xA9",
                                          "refresh_token",
                                          "state"};
        std::mt19937 rng(20261122);
        const Redactor redactor{QStringList{}};
        int said = 0, saidNo = 0, changed = 0;
        for (int round = 0; round < 60000; ++round) {
            QByteArray text;
            const int n = 1 + int(rng() % 12);
            for (int i = 0; i < n; ++i)
                text += pieces[int(rng() % pieces.size())];
            const QString asText = QString::fromUtf8(text);
            const bool changes = redactor.byName(asText) != asText;
            changed += changes;
            if (mayHaveNamedSecret(text)) {
                ++said;
                continue;
            }
            ++saidNo;
            QVERIFY2(!changes, text.constData());
        }
        qInfo("said maybe %d, no %d, byName changed %d", said, saidNo, changed);
        // Both answers were given, and byName did mask things: the check above was exercised.
        QVERIFY(said > 300);
        QVERIFY(saidNo > 10000);
        QVERIFY(changed > 300);
    }
    void examples()
    {
        QVERIFY(mayHaveNamedSecret(R"({"access_token" : "abc"})"));
        QVERIFY(!mayHaveNamedSecret(R"({"access_token":"[redacted 43 chars …abcd]","padding":"x"})"));
        QVERIFY(!mayHaveNamedSecret(R"({"token_type":"Bearer","expires_in":3600})"));
        QVERIFY(mayHaveNamedSecret("grant_type=refresh_token&refresh_token=abc"));
        QVERIFY(!mayHaveNamedSecret("grant_type=refresh_token&%refresh_token=abc"));
        QVERIFY(!mayHaveNamedSecret(""));
    }
};

QTEST_GUILESS_MAIN(TestNamedSecretScan)
#include "tst_namedsecretscan.moc"
