// Tests for HttpRequestParser: splitting, limits, strict syntax, and survival on hostile bytes.
#include "http/HttpRequestParser.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace wb;
using State = HttpRequestParser::State;

namespace {

const QByteArray kGet = "GET /callback?code=abc&state=xyz HTTP/1.1\r\n"
                        "Host: 127.0.0.1:5000\r\n"
                        "User-Agent: test\r\n"
                        "\r\n";
const QByteArray kPost = "POST /callback HTTP/1.1\r\n"
                         "Host: 127.0.0.1:5000\r\n"
                         "Content-Type: application/x-www-form-urlencoded\r\n"
                         "Content-Length: 22\r\n"
                         "\r\n"
                         "code=abc&state=xyz%20w";

HttpRequestParser parseAll(const QByteArray &bytes, HttpRequestLimits limits = {})
{
    HttpRequestParser p(limits);
    p.feed(bytes);
    return p;
}

QByteArray withHeaders(const QByteArray &headerLines, const QByteArray &body = {})
{
    return "POST /callback HTTP/1.1\r\nHost: h\r\n" + headerLines + "\r\n" + body;
}

} // namespace

class TestHttpRequestParser : public QObject {
    Q_OBJECT
private slots:
    void completeGet()
    {
        const auto p = parseAll(kGet);
        QCOMPARE(p.state(), State::Complete);
        QCOMPARE(p.method(), QStringLiteral("GET"));
        QCOMPARE(p.target(), QByteArray("/callback?code=abc&state=xyz"));
        QCOMPARE(p.version(), QStringLiteral("HTTP/1.1"));
        QCOMPARE(p.headers().size(), 2);
        QCOMPARE(p.headers().at(0).name, QByteArray("Host"));
        QCOMPARE(p.headers().at(0).value, QByteArray("127.0.0.1:5000"));
        QVERIFY(p.body().isEmpty());
        QCOMPARE(p.errorStatus(), 0);
    }

    void completePost()
    {
        const auto p = parseAll(kPost);
        QCOMPARE(p.state(), State::Complete);
        QCOMPARE(p.method(), QStringLiteral("POST"));
        QCOMPARE(p.body(), QByteArray("code=abc&state=xyz%20w"));
        QCOMPARE(headerValue(p.headers(), "content-type"), QByteArray("application/x-www-form-urlencoded"));
    }

    void byteByByte_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("get") << kGet;
        QTest::newRow("post") << kPost;
    }
    void byteByByte()
    {
        QFETCH(QByteArray, request);
        HttpRequestParser p;
        for (qsizetype i = 0; i < request.size(); ++i) {
            const State s = p.feed(request.mid(i, 1));
            QCOMPARE(s, i + 1 == request.size() ? State::Complete : State::Incomplete);
        }
        const auto whole = parseAll(request);
        QCOMPARE(p.method(), whole.method());
        QCOMPARE(p.target(), whole.target());
        QCOMPARE(p.headers(), whole.headers());
        QCOMPARE(p.body(), whole.body());
    }

    void everySplitPoint()
    {
        const auto whole = parseAll(kPost);
        for (qsizetype cut = 0; cut <= kPost.size(); ++cut) {
            HttpRequestParser p;
            p.feed(kPost.left(cut));
            QCOMPARE(p.feed(kPost.mid(cut)), State::Complete);
            QCOMPARE(p.headers(), whole.headers());
            QCOMPARE(p.body(), whole.body());
        }
    }

    void emptyFeedChangesNothing()
    {
        HttpRequestParser p;
        QCOMPARE(p.feed({}), State::Incomplete);
        QCOMPARE(p.feed("GET / HTTP/1.1\r\n"), State::Incomplete);
        QCOMPARE(p.feed(QByteArrayView()), State::Incomplete);
        QCOMPARE(p.feed("Host: a\r\n\r\n"), State::Complete);
    }

    // Decision: CRLF and bare LF both end a line (RFC 9112 2.2); a bare CR anywhere else is 400.
    void bareLfAccepted()
    {
        const auto p = parseAll("GET /x HTTP/1.1\nHost: a\nX-A:  b \n\n");
        QCOMPARE(p.state(), State::Complete);
        QCOMPARE(headerValue(p.headers(), "X-A"), QByteArray("b"));
        const auto mixed = parseAll("GET /x HTTP/1.1\r\nHost: a\n\r\n");
        QCOMPARE(mixed.state(), State::Complete);
    }
    void bareCrRejected_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("in request line") << QByteArray("GET /x\rHTTP/1.1\r\nHost: a\r\n\r\n");
        QTest::newRow("in header value") << QByteArray("GET /x HTTP/1.1\r\nHost: a\rb\r\n\r\n");
        QTest::newRow("double CR") << QByteArray("GET /x HTTP/1.1\r\nHost: a\r\r\n\r\n");
        QTest::newRow("CR-only lines") << QByteArray("GET /x HTTP/1.1\rHost: a\r\r");
    }
    void bareCrRejected()
    {
        QFETCH(QByteArray, request);
        const auto p = parseAll(request);
        QCOMPARE(p.state(), State::Error);
        QCOMPARE(p.errorStatus(), 400);
    }

    void leadingEmptyLinesSkipped()
    {
        QCOMPARE(parseAll("\r\n\r\n" + kGet).state(), State::Complete);
        const auto many = parseAll(QByteArray("\r\n").repeated(20) + kGet);
        QCOMPARE(many.state(), State::Error);
        QCOMPARE(many.errorStatus(), 400);
    }

    void badRequestLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("status");
        QTest::newRow("missing version") << QByteArray("GET /") << 400;
        QTest::newRow("only method") << QByteArray("GET") << 400;
        QTest::newRow("double space") << QByteArray("GET  / HTTP/1.1") << 400;
        QTest::newRow("trailing part") << QByteArray("GET / HTTP/1.1 extra") << 400;
        QTest::newRow("trailing space") << QByteArray("GET / HTTP/1.1 ") << 400;
        QTest::newRow("tab separator") << QByteArray("GET\t/ HTTP/1.1") << 400;
        QTest::newRow("bad method char") << QByteArray("G(T / HTTP/1.1") << 400;
        QTest::newRow("empty method") << QByteArray(" / HTTP/1.1") << 400;
        QTest::newRow("absolute form") << QByteArray("GET http://127.0.0.1/ HTTP/1.1") << 400;
        QTest::newRow("asterisk form") << QByteArray("OPTIONS * HTTP/1.1") << 400;
        QTest::newRow("relative target") << QByteArray("GET callback HTTP/1.1") << 400;
        QTest::newRow("raw utf8 in target") << QByteArray("GET /caf\xc3\xa9 HTTP/1.1") << 400;
        QTest::newRow("invalid utf8 in target") << QByteArray("GET /cb?code=\xff\xfe HTTP/1.1") << 400;
        QTest::newRow("NUL in target") << QByteArray("GET /a\0b HTTP/1.1", 17) << 400;
        QTest::newRow("lowercase version") << QByteArray("GET / http/1.1") << 400;
        QTest::newRow("version no minor") << QByteArray("GET / HTTP/1") << 400;
        QTest::newRow("version two digits") << QByteArray("GET / HTTP/1.10") << 400;
        QTest::newRow("version garbage") << QByteArray("GET / HTTP/x.y") << 400;
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0") << 505;
        QTest::newRow("HTTP/0.9") << QByteArray("GET / HTTP/0.9") << 505;
        QTest::newRow("HTTP/3.0") << QByteArray("GET / HTTP/3.0") << 505;
    }
    void badRequestLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, status);
        const auto p = parseAll(line + "\r\nHost: a\r\n\r\n");
        QCOMPARE(p.state(), State::Error);
        QCOMPARE(p.errorStatus(), status);
        QVERIFY(!p.errorMessage().isEmpty());
    }

    void acceptedVersions_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("1.0 without Host") << QByteArray("GET /x HTTP/1.0\r\n\r\n");
        QTest::newRow("1.1") << QByteArray("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
        QTest::newRow("1.2 treated as 1.1") << QByteArray("GET /x HTTP/1.2\r\nHost: a\r\n\r\n");
    }
    void acceptedVersions()
    {
        QFETCH(QByteArray, request);
        QCOMPARE(parseAll(request).state(), State::Complete);
    }

    void earlyRejectOfGarbageWithoutNewline()
    {
        // A request line can never hold these bytes, so the parser answers at once instead of
        // waiting for a newline or the length limit.
        HttpRequestParser p;
        QCOMPARE(p.feed("GET /a"), State::Incomplete);
        QCOMPARE(p.feed(QByteArray("\x01\x02", 2)), State::Error);
        QCOMPARE(p.errorStatus(), 400);
    }

    void badHeaders_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("status");
        QTest::newRow("no colon") << QByteArray("NoColonHere\r\n") << 400;
        QTest::newRow("space before colon") << QByteArray("X-A : b\r\n") << 400;
        QTest::newRow("empty name") << QByteArray(": b\r\n") << 400;
        QTest::newRow("bad name char") << QByteArray("X(A): b\r\n") << 400;
        QTest::newRow("obs-fold space") << QByteArray("X-A: b\r\n c\r\n") << 400;
        QTest::newRow("obs-fold tab") << QByteArray("X-A: b\r\n\tc\r\n") << 400;
        QTest::newRow("NUL in value") << QByteArray("X-A: b\0c\r\n", 10) << 400;
        QTest::newRow("DEL in value") << QByteArray("X-A: b\x7f\r\n") << 400;
        QTest::newRow("second Host") << QByteArray("Host: other\r\n") << 400;
        QTest::newRow("duplicate equal CL")
            << QByteArray("Content-Length: 1\r\nContent-Length: 1\r\n") << 400;
        QTest::newRow("conflicting CL") << QByteArray("Content-Length: 1\r\nContent-Length: 2\r\n") << 400;
        QTest::newRow("CL list") << QByteArray("Content-Length: 1, 1\r\n") << 400;
        QTest::newRow("CL negative") << QByteArray("Content-Length: -1\r\n") << 400;
        QTest::newRow("CL plus sign") << QByteArray("Content-Length: +1\r\n") << 400;
        QTest::newRow("CL hex") << QByteArray("Content-Length: 0x10\r\n") << 400;
        QTest::newRow("CL garbage") << QByteArray("Content-Length: abc\r\n") << 400;
        QTest::newRow("CL inner space") << QByteArray("Content-Length: 1 2\r\n") << 400;
        QTest::newRow("CL empty") << QByteArray("Content-Length:\r\n") << 400;
        QTest::newRow("CL huge") << QByteArray("Content-Length: 99999999999999999999999999\r\n") << 413;
        QTest::newRow("CL over limit") << QByteArray("Content-Length: 1048577\r\n") << 413;
        QTest::newRow("chunked") << QByteArray("Transfer-Encoding: chunked\r\n") << 501;
        QTest::newRow("TE and CL") << QByteArray("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n")
                                   << 400;
    }
    void badHeaders()
    {
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        const auto p = parseAll(withHeaders(headers, "abc"));
        QCOMPARE(p.state(), State::Error);
        QCOMPARE(p.errorStatus(), status);
        QVERIFY(!p.errorMessage().isEmpty());
    }

    void missingHostOnHttp11()
    {
        const auto p = parseAll("GET / HTTP/1.1\r\nX-A: b\r\n\r\n");
        QCOMPARE(p.state(), State::Error);
        QCOMPARE(p.errorStatus(), 400);
    }

    void headerValuesTrimmedAndCasePreserved()
    {
        const auto p = parseAll(withHeaders("x-MiXeD:\t  value with  inner  spaces \t\r\nEmpty:\r\n"));
        QCOMPARE(p.state(), State::Complete);
        QCOMPARE(p.headers().at(1).name, QByteArray("x-MiXeD"));
        QCOMPARE(p.headers().at(1).value, QByteArray("value with  inner  spaces"));
        QCOMPARE(p.headers().at(2).value, QByteArray());
        // obs-text (bytes >= 0x80) is legal in a value and kept as is.
        QCOMPARE(parseAll(withHeaders("X-A: caf\xc3\xa9\r\n")).state(), State::Complete);
    }

    void postWithoutContentLengthHasEmptyBody()
    {
        const auto p = parseAll("POST /callback HTTP/1.1\r\nHost: a\r\n\r\ncode=ignored");
        QCOMPARE(p.state(), State::Complete);
        QVERIFY(p.body().isEmpty());
    }

    void contentLengthLeadingZeros()
    {
        const auto p = parseAll(withHeaders("Content-Length: 0003\r\n", "abc"));
        QCOMPARE(p.state(), State::Complete);
        QCOMPARE(p.body(), QByteArray("abc"));
        const auto zeros = parseAll(withHeaders("Content-Length: 00000000000000000000000000000\r\n"));
        QCOMPARE(zeros.state(), State::Complete);
    }

    void bodyShorterThanContentLengthStaysIncomplete()
    {
        HttpRequestParser p;
        QCOMPARE(p.feed(withHeaders("Content-Length: 10\r\n", "12345")), State::Incomplete);
        QCOMPARE(p.feed("6789"), State::Incomplete);
        QCOMPARE(p.feed("0"), State::Complete);
        QCOMPARE(p.body(), QByteArray("1234567890"));
    }

    void bytesAfterBodyIgnored()
    {
        HttpRequestParser p;
        QCOMPARE(p.feed(withHeaders("Content-Length: 3\r\n", "abcGET / HTTP/1.1\r\n")), State::Complete);
        QCOMPARE(p.body(), QByteArray("abc"));
        QCOMPARE(p.feed("more bytes"), State::Complete);
        QCOMPARE(p.body(), QByteArray("abc"));
    }

    void errorIsSticky()
    {
        HttpRequestParser p;
        QCOMPARE(p.feed("BAD\r\n"), State::Error);
        QCOMPARE(p.feed(kGet), State::Error);
        QCOMPARE(p.errorStatus(), 400);
    }

    void requestLineLimit()
    {
        HttpRequestLimits limits;
        limits.maxRequestLineBytes = 64;
        const QByteArray okLine = "GET /" + QByteArray(64 - 14, 'a') + " HTTP/1.1"; // exactly 64 bytes
        QCOMPARE(okLine.size(), 64);
        QCOMPARE(parseAll(okLine + "\r\nHost: a\r\n\r\n", limits).state(), State::Complete);
        QCOMPARE(parseAll(okLine + "\nHost: a\n\n", limits).state(), State::Complete);

        const QByteArray longLine = "GET /" + QByteArray(64, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n";
        const auto p = parseAll(longLine, limits);
        QCOMPARE(p.state(), State::Error);
        QCOMPARE(p.errorStatus(), 414);

        // Without a newline in sight the limit triggers as soon as it is passed, byte by byte.
        HttpRequestParser trickle(limits);
        int fed = 0;
        while (trickle.feed("a") == State::Incomplete && fed < 1000)
            ++fed;
        QCOMPARE(trickle.errorStatus(), 414);
        QVERIFY(fed <= 66);
    }

    void headerBytesLimit()
    {
        HttpRequestLimits limits;
        limits.maxHeaderBytes = 100;
        const auto ok =
            parseAll("GET / HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(80, 'v') + "\r\n\r\n", limits);
        QCOMPARE(ok.state(), State::Complete);
        const auto p =
            parseAll("GET / HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(100, 'v') + "\r\n\r\n", limits);
        QCOMPARE(p.state(), State::Error);
        QCOMPARE(p.errorStatus(), 431);

        // A single endless header line is cut off without waiting for its end.
        HttpRequestParser endless(limits);
        endless.feed("GET / HTTP/1.1\r\nX: ");
        QCOMPARE(endless.feed(QByteArray(200, 'v')), State::Error);
        QCOMPARE(endless.errorStatus(), 431);

        // Many small header lines add up.
        QByteArray many = "GET / HTTP/1.1\r\nHost: a\r\n";
        for (int i = 0; i < 20; ++i)
            many += "X: y\r\n";
        QCOMPARE(parseAll(many + "\r\n", limits).errorStatus(), 431);
    }

    void headerCountLimit()
    {
        HttpRequestLimits limits;
        limits.maxHeaderCount = 5;
        QByteArray req = "GET / HTTP/1.1\r\nHost: a\r\n";
        for (int i = 0; i < 4; ++i)
            req += "X: y\r\n";
        QCOMPARE(parseAll(req + "\r\n", limits).state(), State::Complete);
        const auto p = parseAll(req + "X: y\r\n\r\n", limits);
        QCOMPARE(p.state(), State::Error);
        QCOMPARE(p.errorStatus(), 431);
    }

    void bodyLimit()
    {
        HttpRequestLimits limits;
        limits.maxBodyBytes = 10;
        QCOMPARE(parseAll(withHeaders("Content-Length: 10\r\n", "0123456789"), limits).state(),
                 State::Complete);
        // Rejected from the header alone, before any body byte is sent.
        HttpRequestParser p(limits);
        QCOMPARE(p.feed(withHeaders("Content-Length: 11\r\n")), State::Error);
        QCOMPARE(p.errorStatus(), 413);
    }

    void partialResultsKeptOnError()
    {
        HttpRequestLimits limits;
        limits.maxHeaderBytes = 50;
        const auto p =
            parseAll("GET /callback?x=1 HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(100, 'v'), limits);
        QCOMPARE(p.errorStatus(), 431);
        QCOMPARE(p.method(), QStringLiteral("GET"));
        QCOMPARE(p.target(), QByteArray("/callback?x=1"));
        QCOMPARE(headerValue(p.headers(), "Host"), QByteArray("a"));
    }

    void hugeSingleFeed()
    {
        // One 10 MB feed: the head error is found without buffering the whole thing.
        const QByteArray huge = "GET /" + QByteArray(10 * 1024 * 1024, 'a');
        const auto p = parseAll(huge);
        QCOMPARE(p.state(), State::Error);
        QCOMPARE(p.errorStatus(), 414);
    }

    void randomGarbageNeverCrashes()
    {
        QRandomGenerator rng(20240611);
        const QList<int> allowed = {400, 413, 414, 431, 501, 505};
        int errors = 0;
        for (int round = 0; round < 3000; ++round) {
            QByteArray bytes(int(rng.bounded(1, 600)), Qt::Uninitialized);
            for (auto &b : bytes)
                b = char(rng.bounded(256));
            HttpRequestParser p;
            qsizetype pos = 0;
            while (pos < bytes.size()) {
                const qsizetype n = rng.bounded(1, 40);
                p.feed(QByteArrayView(bytes).sliced(pos, std::min(n, bytes.size() - pos)));
                pos += n;
            }
            if (p.state() == State::Error) {
                ++errors;
                QVERIFY2(allowed.contains(p.errorStatus()), qPrintable(QString::number(p.errorStatus())));
            }
        }
        QVERIFY(errors > 2900); // random bytes are essentially never a valid request line
    }

    void mutatedRequestsNeverCrash()
    {
        // Flip, insert and delete bytes in valid requests: every outcome must be a defined state.
        QRandomGenerator rng(7);
        const QList<int> allowed = {400, 413, 414, 431, 501, 505};
        for (int round = 0; round < 5000; ++round) {
            QByteArray bytes = round % 2 ? kPost : kGet;
            const int edits = int(rng.bounded(1, 6));
            for (int e = 0; e < edits; ++e) {
                const qsizetype at = rng.bounded(bytes.size());
                switch (rng.bounded(3)) {
                case 0:
                    bytes[at] = char(rng.bounded(256));
                    break;
                case 1:
                    bytes.insert(at, char(rng.bounded(256)));
                    break;
                default:
                    bytes.remove(at, 1);
                    break;
                }
            }
            HttpRequestParser p;
            for (char c : std::as_const(bytes))
                p.feed(QByteArrayView(&c, 1));
            const State s = p.state();
            QVERIFY(s == State::Complete || s == State::Incomplete || s == State::Error);
            if (s == State::Error)
                QVERIFY(allowed.contains(p.errorStatus()));
            if (s == State::Complete)
                QVERIFY(p.target().startsWith('/'));
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
