// Diagnosis of a long session (10,000 exchanges, as an imported HAR of many refreshes gives):
// exchanges are looked up by id through Session's index, so this is not quadratic; here we check
// only that the answers are right: the long session's findings are, block by block, exactly those
// of each block diagnosed alone.

#include "diagnosis/Diagnosis.h"
#include "report/SessionJson.h"
#include "tst_diagnosis_support.h"

#include <algorithm>
#include <random>

using namespace wb;
using namespace wbtest;

namespace {

constexpr int kBlocks = 1000; // ten exchanges each

const QString kIssuer = QStringLiteral("http://127.0.0.1:43555");

QString id(int block, const char *local)
{
    return QStringLiteral("b%1-%2").arg(block).arg(QLatin1String(local));
}

Session emptySession()
{
    Session s;
    s.id = QStringLiteral("scale");
    s.startedAt = QDateTime(QDate(2025, 3, 14), QTime(15, 9, 26), Qt::UTC);
    s.redirectUri = QStringLiteral("http://127.0.0.1:8765/callback");
    s.profile.clientId = QStringLiteral("wb-basic");
    s.profile.issuer = kIssuer;
    s.profile.tokenEndpoint = kIssuer + QStringLiteral("/token");
    s.outcome = Outcome::Failed;
    return s;
}

Exchange tokenRequest(const QString &xid, const QDateTime &at)
{
    Exchange x;
    x.id = xid;
    x.role = ExchangeRole::BackChannel;
    x.startedAt = at;
    x.method = QStringLiteral("POST");
    x.url = kIssuer + QStringLiteral("/token");
    x.requestHeaders = {{"Content-Type", "application/x-www-form-urlencoded"},
                        {"Authorization", "Basic d2ItYmFzaWM6czNjcjp0LyslcGFzcw=="}};
    x.requestBody = "grant_type=refresh_token&refresh_token=rt-" + xid.toUtf8();
    return x;
}

// `x` answered as `fixture` says; the step takes the parsed error, as RefreshOperation records it.
void answer(Step &st, Exchange &x, const nlohmann::json &fixture)
{
    x.status = jsonInt(fixture, "status");
    x.responseHeaders = {{"Content-Type", jsonString(fixture, "content_type").toUtf8()}};
    if (fixture.contains("retry_after"))
        x.responseHeaders.append({"Retry-After", jsonString(fixture, "retry_after").toUtf8()});
    x.responseBody = jsonString(fixture, "body").toUtf8();
    const TokenResponse r = parseTokenResponse(x.status, x.responseHeaders, x.responseBody, x.startedAt);
    st.details["response_format"] = toStd(toString(r.format));
    st.details["response"] = r.members;
    st.error = r.error;
    st.status = r.error.isError() ? StepStatus::Failed : StepStatus::Succeeded;
}

// Each fixture read once, not once per block.
const nlohmann::json &fixture(const char *name)
{
    static QHash<QString, nlohmann::json> loaded;
    const QString key = QString::fromLatin1(name);
    if (!loaded.contains(key))
        loaded.insert(key, loadFixture(key));
    return loaded[key];
}

Step refreshStep(const QString &sid)
{
    Step st;
    st.id = sid;
    st.kind = StepKind::Refresh;
    st.title = QStringLiteral("Refresh");
    return st;
}

// Block `b`: five steps, ten exchanges — a refresh that timed out and was answered invalid_grant
// on retry, one answered 503, one failing TLS, one answered invalid_client, and five redirect hops.
void addBlock(int b, QList<Step> &steps, QList<Exchange> &exchanges)
{
    const QDateTime t0 = QDateTime(QDate(2025, 3, 14), QTime(15, 9, 26), Qt::UTC).addSecs(b * 10);

    Step s1 = refreshStep(id(b, "s1"));
    Exchange x1 = tokenRequest(id(b, "x1"), t0);
    x1.transportError = TransportError::Timeout;
    x1.errorMessage = QStringLiteral("no answer within 30 s");
    Exchange x2 = tokenRequest(id(b, "x2"), t0.addSecs(1));
    answer(s1, x2, fixture("oidc_provider_invalid_grant.json"));
    s1.exchangeIds = {x1.id, x2.id};

    Step s2 = refreshStep(id(b, "s2"));
    Exchange x3 = tokenRequest(id(b, "x3"), t0.addSecs(2));
    answer(s2, x3, fixture("temporarily_unavailable_503.json"));
    s2.exchangeIds = {x3.id};

    Step s3 = refreshStep(id(b, "s3"));
    Exchange x4 = tokenRequest(id(b, "x4"), t0.addSecs(3));
    x4.transportError = TransportError::Tls;
    x4.errorMessage =
        QStringLiteral("The issuer certificate of a locally looked up certificate could not be found");
    x4.tlsErrors = {x4.errorMessage};
    s3.exchangeIds = {x4.id};
    s3.status = StepStatus::Failed;
    s3.error = Error::make(ErrorKind::Network, QStringLiteral("tls_error"),
                           QStringLiteral("The refresh request: ") + x4.errorMessage);

    Step s4 = refreshStep(id(b, "s4"));
    Exchange x5 = tokenRequest(id(b, "x5"), t0.addSecs(4));
    answer(s4, x5, fixture("oidc_provider_invalid_client.json"));
    s4.exchangeIds = {x5.id};

    Step s5;
    s5.id = id(b, "s5");
    s5.kind = StepKind::RedirectHop;
    s5.title = QStringLiteral("Redirects");
    s5.status = StepStatus::Succeeded;
    QList<Exchange> hops;
    for (int h = 0; h < 5; ++h) {
        Exchange x;
        x.id = QStringLiteral("b%1-x%2").arg(b).arg(6 + h);
        x.role = ExchangeRole::FrontChannel;
        x.method = QStringLiteral("GET");
        x.url = kIssuer + QStringLiteral("/auth/hop%1").arg(h);
        x.status = 302;
        x.responseHeaders = {{"Location", (kIssuer + QStringLiteral("/auth/hop%1").arg(h + 1)).toUtf8()}};
        x.startedAt = t0.addSecs(5 + h);
        s5.exchangeIds.append(x.id);
        hops.append(x);
    }

    steps << s1 << s2 << s3 << s4 << s5;
    exchanges << x1 << x2 << x3 << x4 << x5 << hops;
}

QString text(const Finding &f)
{
    return QString::fromStdString(findingToJson(f, Redactor(QStringList{}, false)).dump());
}

QStringList texts(const QList<Finding> &fs)
{
    QStringList out;
    for (const Finding &f : fs)
        out.append(text(f));
    return out;
}

} // namespace

// Checks diagnosis answers on a session far longer than any fixture.
class TestDiagnosisScale : public QObject {
    Q_OBJECT
private slots:
    void longSessionFindsWhatEachBlockFindsAlone();
};

void TestDiagnosisScale::longSessionFindsWhatEachBlockFindsAlone()
{
    Session big = emptySession();
    QList<QList<Finding>> expected;
    for (int b = 0; b < kBlocks; ++b) {
        Session one = emptySession();
        addBlock(b, one.steps, one.exchanges);
        one.error = one.steps.at(3).error;
        expected.append(diagnose(one));
        big.steps.append(one.steps);
        big.exchanges.append(one.exchanges);
    }
    // Recorded order is not step order in an imported HAR: shuffle the exchanges.
    std::mt19937 rng(11);
    std::shuffle(big.exchanges.begin(), big.exchanges.end(), rng);
    big.error = big.steps.last().error;
    QCOMPARE(big.exchanges.size(), qsizetype(kBlocks * 10));

    const QList<Finding> all = diagnose(big);

    QList<QList<Finding>> found(kBlocks);
    for (const Finding &f : all) {
        const qsizetype dash = f.stepId.indexOf(QLatin1Char('-'));
        bool ok = false;
        const int b = dash > 1 ? f.stepId.mid(1, dash - 1).toInt(&ok) : -1;
        QVERIFY2(ok && b >= 0 && b < kBlocks, qPrintable(QStringLiteral("no block: ") + text(f)));
        found[b].append(f);
    }
    for (int b = 0; b < kBlocks; ++b) {
        // The block alone really finds something about its exchanges: the retried refresh points
        // at the answered retry (not the timeout before it), the TLS failure at its exchange.
        const QList<Finding> &alone = expected.at(b);
        const auto at = [&](const char *step) -> const Finding * {
            for (const Finding &f : alone)
                if (f.stepId == id(b, step))
                    return &f;
            return nullptr;
        };
        QVERIFY2(at("s1") && at("s1")->exchangeId == id(b, "x2"), qPrintable(codes(alone)));
        QVERIFY2(at("s2") && at("s2")->exchangeId == id(b, "x3"), qPrintable(codes(alone)));
        QVERIFY2(at("s3") && at("s3")->exchangeId == id(b, "x4"), qPrintable(codes(alone)));
        QVERIFY2(at("s4") && at("s4")->exchangeId == id(b, "x5"), qPrintable(codes(alone)));
        if (texts(found.at(b)) != texts(alone)) {
            qWarning().noquote() << "block" << b
                                 << "long session:" << texts(found.at(b)).join(QLatin1Char('\n'))
                                 << "\nalone:" << texts(alone).join(QLatin1Char('\n'));
            QFAIL("the long session's findings differ from the block's own");
        }
    }
}

QTEST_GUILESS_MAIN(TestDiagnosisScale)
#include "tst_diagnosis_scale.moc"
