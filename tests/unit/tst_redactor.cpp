// Unit tests for wb::Redactor: secrets vanish in every encoding, headers keep their shape.
#include "report/Redactor.h"

#include <QtTest>
#include <algorithm>
#include <random>

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
    void manySecretsEachFoundWhereItIs()
    {
        // A long session knows thousands of tokens; each body holds a few of them, at its very
        // start, in the middle and at its very end, next to short (4-7 byte) secrets.
        QStringList secrets{QStringLiteral("pin4"), QStringLiteral("abc1234")};
        for (int i = 0; i < 3000; ++i)
            secrets << QStringLiteral("rt-%1-zQ9xY7wV5uT3sR1").arg(i, 5, 10, QLatin1Char('0'));
        Redactor r(secrets);
        for (int i : {0, 1, 1499, 2999}) {
            const QByteArray token = secrets[2 + i].toUtf8();
            const QByteArray body =
                token + " {\"refresh\":\"" + token + "\",\"pin\":\"pin4\"} abc1234" + token;
            const QByteArray out = r.bytes(body);
            QVERIFY2(!out.contains(token), out.constData());
            QVERIFY2(!out.contains("pin4") && !out.contains("abc1234"), out.constData());
            QCOMPARE(out.count("[redacted 24 chars …3sR1]"), 3);
        }
        QCOMPARE(r.bytes("nothing secret here, not even rt-00001-zQ9xY7wV5uT3sR"),
                 QByteArray("nothing secret here, not even rt-00001-zQ9xY7wV5uT3sR"));
        QCOMPARE(r.bytes("ab"), QByteArray("ab"));
        // A body with nothing to mask comes back as the same buffer (no second copy in memory).
        const QByteArray plain = QByteArray("{\"keys\": [], \"note\": \"a=b\"}").repeated(100);
        QVERIFY(r.bytes(plain).isSharedWith(plain));
        QVERIFY(!r.bytes(plain + secrets[2].toUtf8()).contains(secrets[2].toUtf8()));
    }
    void knownValuesReplacedAsOneAfterAnother()
    {
        // The masks of the known values, whether one secret occurs (replaced in one pass from the
        // places found) or several (replaced in turn): the text replacing, longest first, each
        // secret that occurs in the body over what the longer ones left. Two letters give
        // overlapping occurrences, secrets inside others and masks whose tail holds a secret.
        std::mt19937 rng(5);
        const auto randomText = [&](int size) {
            QString t;
            for (int i = 0; i < size; ++i)
                t += QLatin1Char(rng() % 2 ? 'a' : 'b');
            return t;
        };
        for (int round = 0; round < 60; ++round) {
            QStringList secrets;
            for (int k = 0; k < 1 + round % 5; ++k)
                secrets << randomText(4 + int(rng() % 40));
            Redactor r(secrets);
            QList<QPair<QByteArray, QByteArray>> needles; // raw, mask: longest first, each once
            for (const QString &s : secrets)
                if (!std::any_of(needles.cbegin(), needles.cend(),
                                 [&](const auto &n) { return n.first == s.toUtf8(); }))
                    needles.append({s.toUtf8(), Redactor::maskToken(s, RedactionMode::Standard).toUtf8()});
            std::stable_sort(needles.begin(), needles.end(),
                             [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
            for (int t = 0; t < 20; ++t) {
                QByteArray body = randomText(int(rng() % 120)).toUtf8();
                for (int k = 0; k < 3; ++k)
                    body.insert(body.isEmpty() ? 0 : int(rng() % body.size()),
                                secrets[int(rng() % secrets.size())].toUtf8());
                QByteArray expected = body;
                for (const auto &[raw, masked] : needles)
                    if (body.contains(raw))
                        expected.replace(raw, masked);
                QCOMPARE(r.bytes(body), expected);
            }
        }
        // One secret at both ends, twice in a row, and overlapping itself.
        Redactor one({QStringLiteral("abcabcabcabcabcabc")});
        const QByteArray masked = "[redacted 18 chars …cabc]";
        QCOMPARE(one.bytes("abcabcabcabcabcabc"), masked);
        QCOMPARE(one.bytes("abcabcabcabcabcabcabcabcabcabcabcabc!"), masked + masked + "!");
        QCOMPARE(one.bytes("xabcabcabcabcabcabcabc"), "x" + masked + "abc");
    }
    void masksByNameWithoutKnownValues()
    {
        Redactor r{QStringList{}};
        const QString url =
            QStringLiteral("http://127.0.0.1:5000/cb?code=abcdefghijklmnopqrstuvwxyz0123456789&state=s1");
        QCOMPARE(r.text(url),
                 QStringLiteral("http://127.0.0.1:5000/cb?code=[redacted 36 chars …6789]&state=s1"));
        const QByteArray form =
            "grant_type=refresh_token&refresh_token=rt-0123456789abcdefghij&password=hunter2&"
            "code_challenge=E9Melhoa";
        const QByteArray out = r.bytes(form);
        QVERIFY(out.contains("grant_type=refresh_token&refresh_token=[redacted 23 chars …ghij]"));
        QVERIFY(out.contains("password=[redacted 7 chars]"));
        QVERIFY(out.contains("code_challenge=E9Melhoa")); // derived values stay readable
        const QString body =
            QStringLiteral(R"({"access_token": "at-0123456789abcdefghij", "token_type": "Bearer"})");
        QCOMPARE(r.text(body),
                 QStringLiteral(R"({"access_token": "[redacted 23 chars …ghij]", "token_type": "Bearer"})"));
        // Entra's error_uri carries the AADSTS number as code=: evidence, not a secret.
        const QString errorUri = QStringLiteral("https://login.microsoftonline.com/error?code=70008");
        QCOMPARE(r.text(errorUri), errorUri);
        QVERIFY(r.text(QStringLiteral("cb?code=1234567890abcdef")).contains(QLatin1String("[redacted")));
        // Already masked values are left alone, so redacting twice changes nothing.
        QCOMPARE(r.text(r.text(url)), r.text(url));
        QCOMPARE(r.bytes(out), out);
    }
    void jwtKeepsHeaderAndClaimsInStandardMode()
    {
        const QString jwt =
            QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQXYZW");
        const QString signature = jwt.section(QLatin1Char('.'), 2);
        QCOMPARE(Redactor::maskToken(jwt, RedactionMode::Standard),
                 QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.") + Redactor::mask(signature));
        QCOMPARE(Redactor::maskToken(jwt, RedactionMode::Full), Redactor::mask(jwt));
        QCOMPARE(Redactor::maskToken(jwt, RedactionMode::None), jwt);
        QCOMPARE(Redactor::maskToken(QStringLiteral("not.a.jwt-at-all"), RedactionMode::Standard),
                 Redactor::mask(QStringLiteral("not.a.jwt-at-all")));
        Redactor standard({jwt}, RedactionMode::Standard);
        QVERIFY(standard.text(QStringLiteral("id ") + jwt).endsWith(Redactor::mask(signature)));
        Redactor full({jwt}, RedactionMode::Full);
        QCOMPARE(full.text(jwt), Redactor::mask(jwt));
    }
    void jsonMembersAndParameterPairs()
    {
        Redactor r({}, RedactionMode::Full);
        const nlohmann::json in = {
            {"params",
             {{{"name", "code"}, {"value", "abcdefghijklmnopqrstuvwxyz"}},
              {{"name", "state"}, {"value", "xyz"}}}},
            {"pkce",
             {{"verifier", "v-0123456789abcdefghijklmnop"}, {"verifier_length", 28}, {"method", "S256"}}},
            {"id_token", {{"decoded", true}, {"claims", {{"sub", "user-1"}}}}}};
        const nlohmann::json out = r.json(in);
        QCOMPARE(QString::fromStdString(out["params"][0]["value"].get<std::string>()),
                 QStringLiteral("[redacted 26 chars …wxyz]"));
        QCOMPARE(out["params"][1]["value"].get<std::string>(), std::string("xyz"));
        QVERIFY(QString::fromStdString(out["pkce"]["verifier"].get<std::string>())
                    .startsWith(QStringLiteral("[redacted 28")));
        QCOMPARE(out["pkce"]["verifier_length"].get<int>(), 28);
        QVERIFY(out["id_token"].is_string()); // full redaction hides decoded token contents
        QVERIFY(Redactor{QStringList{}}.json(in)["id_token"].is_object());
    }
    void secretNames()
    {
        for (const char *n :
             {"code", "client_secret", "code_verifier", "access_token", "Refresh_Token", "id_token",
              "id_token_hint", "password", "user_password", "client_assertion", "token"})
            QVERIFY2(Redactor::isSecretName(QString::fromLatin1(n)), n);
        for (const char *n :
             {"state", "nonce", "code_challenge", "code_challenge_method", "token_type", "token_endpoint",
              "grant_type", "redirect_uri", "token_type_hint", "expires_in"})
            QVERIFY2(!Redactor::isSecretName(QString::fromLatin1(n)), n);
    }
    void secretNamesKeptPerThreadAndInUtf8()
    {
        // The answers kept per thread stay right when thousands of other names pass through
        // (slots replaced), and the UTF-8 form answers like the UTF-16 one, non-ASCII and names
        // longer than the stack buffer included.
        const QStringList names{QStringLiteral("access_token"),
                                QStringLiteral("token_type"),
                                QStringLiteral("Client_Secret"),
                                QStringLiteral("padding"),
                                QStringLiteral("pässwort_token"),
                                QStringLiteral("ACCESS_TOKEN"),
                                QString(70, QLatin1Char('x')) + QStringLiteral("_token"),
                                QString(70, QLatin1Char('y')),
                                QStringLiteral("code"),
                                QString()};
        const QList<bool> secret{true, false, true, false, true, true, true, false, true, false};
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < names.size(); ++i) {
                QVERIFY2(Redactor::isSecretName(names[i]) == secret[i], qPrintable(names[i]));
                QVERIFY2(Redactor::isSecretNameUtf8(names[i].toUtf8()) == secret[i], qPrintable(names[i]));
            }
            for (int k = 0; k < 5000; ++k)
                QVERIFY(!Redactor::isSecretName(QStringLiteral("member_%1").arg(k * (round + 1))));
        }
        QVERIFY(Redactor::isSecretNameUtf8(QByteArray("refresh_token\0x", 15)) ==
                Redactor::isSecretName(QString::fromUtf8("refresh_token\0x", 15)));
    }
    void modesByName()
    {
        bool ok = false;
        QVERIFY(redactionModeFromString(QStringLiteral("full"), &ok) == RedactionMode::Full && ok);
        QVERIFY(redactionModeFromString(QStringLiteral("None"), &ok) == RedactionMode::None && ok);
        QVERIFY(redactionModeFromString(QStringLiteral("bogus"), &ok) == RedactionMode::Standard && !ok);
        QCOMPARE(toString(RedactionMode::Standard), QStringLiteral("standard"));
    }
};

QTEST_APPLESS_MAIN(TestRedactor)
#include "tst_redactor.moc"
