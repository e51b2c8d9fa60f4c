// Tests client authentication: Basic encoding of special characters and where credentials go.
#include "oauth/ClientAuth.h"

#include <QtTest>

using namespace wb;

class TestClientAuth : public QObject {
    Q_OBJECT
private slots:
    void basicRfc6749Example();
    void basicEncodesSpecialCharacters();
    void basicRawSkipsUrlEncoding();
    void noneSendsOnlyClientId();
    void noneNeverSendsEmptySecret();
    void basicOnlyInHeader_data();
    void basicOnlyInHeader();
    void postOnlyInBody();
};

static const QString kId = QStringLiteral("app:1/+% é");
static const QString kSecret = QStringLiteral("s3cr:t/+%ü x");

static QStringList fieldNames(const ParamList &form)
{
    QStringList out;
    for (const auto &p : form)
        out.append(p.first);
    return out;
}

static int headerCount(const HttpHeaders &headers, QByteArrayView name)
{
    int n = 0;
    for (const auto &h : headers)
        n += h.name.compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    return n;
}

void TestClientAuth::basicRfc6749Example()
{
    // RFC 6749 2.3.1 / 4.1.3 example credentials.
    QCOMPARE(basicAuthorizationValue("s6BhdRkqt3", "7Fjfp0ZBr1KtDRbnfVdmIw", false),
             QByteArray("Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3"));
}

void TestClientAuth::basicEncodesSpecialCharacters()
{
    // form-urlencoded: "app%3A1%2F%2B%25+%C3%A9:s3cr%3At%2F%2B%25%C3%BC+x", then Base64.
    const QByteArray value = basicAuthorizationValue(kId, kSecret, false);
    QCOMPARE(value, QByteArray("Basic YXBwJTNBMSUyRiUyQiUyNSslQzMlQTk6czNjciUzQXQlMkYlMkIlMjUlQzMlQkMreA=="));
    QCOMPARE(QByteArray::fromBase64(value.mid(6)),
             QByteArray("app%3A1%2F%2B%25+%C3%A9:s3cr%3At%2F%2B%25%C3%BC+x"));
    // Unreserved characters stay as they are.
    QCOMPARE(QByteArray::fromBase64(basicAuthorizationValue("a-b.c_d~e", "x", false).mid(6)),
             QByteArray("a-b.c_d~e:x"));
}

void TestClientAuth::basicRawSkipsUrlEncoding()
{
    const QByteArray value = basicAuthorizationValue(kId, kSecret, true);
    QCOMPARE(value, QByteArray("Basic YXBwOjEvKyUgw6k6czNjcjp0Lyslw7wgeA=="));
    QCOMPARE(QByteArray::fromBase64(value.mid(6)), QString("app:1/+% é:s3cr:t/+%ü x").toUtf8());
}

void TestClientAuth::noneSendsOnlyClientId()
{
    HttpHeaders headers = {{"Accept", "application/json"}, {"authorization", "Basic stale"}};
    ParamList form = {{"grant_type", "authorization_code"}, {"code", "c1"}, {"client_secret", "leftover"}};
    applyClientAuth(ClientAuthMethod::None, kId, kSecret, headers, form);
    QCOMPARE(fieldNames(form), QStringList({"grant_type", "code", "client_id"}));
    QCOMPARE(form.last().second, kId);
    QCOMPARE(headers, (HttpHeaders{{"Accept", "application/json"}}));
}

void TestClientAuth::noneNeverSendsEmptySecret()
{
    HttpHeaders headers;
    ParamList form = {{"client_id", "old"}, {"grant_type", "refresh_token"}, {"client_id", "dup"}};
    applyClientAuth(ClientAuthMethod::None, "public-app", QString(), headers, form);
    QCOMPARE(form, (ParamList{{"client_id", "public-app"}, {"grant_type", "refresh_token"}}));
    QVERIFY(headers.isEmpty());
}

void TestClientAuth::basicOnlyInHeader_data()
{
    QTest::addColumn<bool>("raw");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("client_secret_basic")
        << false << QByteArray("Basic YXBwJTNBMSUyRiUyQiUyNSslQzMlQTk6czNjciUzQXQlMkYlMkIlMjUlQzMlQkMreA==");
    QTest::newRow("client_secret_basic_raw")
        << true << QByteArray("Basic YXBwOjEvKyUgw6k6czNjcjp0Lyslw7wgeA==");
}

void TestClientAuth::basicOnlyInHeader()
{
    QFETCH(bool, raw);
    QFETCH(QByteArray, expected);
    HttpHeaders headers = {
        {"AUTHORIZATION", "Basic old"}, {"Accept", "application/json"}, {"Authorization", "x"}};
    ParamList form = {{"grant_type", "authorization_code"}, {"client_id", "old"}, {"client_secret", "old"}};
    applyClientAuth(raw ? ClientAuthMethod::ClientSecretBasicRaw : ClientAuthMethod::ClientSecretBasic, kId,
                    kSecret, headers, form);
    QCOMPARE(fieldNames(form), QStringList({"grant_type"}));
    QCOMPARE(headerCount(headers, "authorization"), 1);
    QCOMPARE(headerValue(headers, "Authorization"), expected);
    QCOMPARE(headers.first().name, QByteArray("Authorization"));
    QCOMPARE(headerValue(headers, "Accept"), QByteArray("application/json"));
}

void TestClientAuth::postOnlyInBody()
{
    HttpHeaders headers = {{"Authorization", "Basic stale"}};
    ParamList form = {{"grant_type", "authorization_code"}, {"client_id", "old"}, {"code", "c1"}};
    applyClientAuth(ClientAuthMethod::ClientSecretPost, kId, kSecret, headers, form);
    QCOMPARE(form, (ParamList{{"grant_type", "authorization_code"},
                              {"client_id", kId},
                              {"code", "c1"},
                              {"client_secret", kSecret}}));
    QVERIFY(headers.isEmpty());
}

QTEST_GUILESS_MAIN(TestClientAuth)
#include "tst_clientauth.moc"
