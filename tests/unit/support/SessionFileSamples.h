#pragma once
// SessionFileSamples: session files for the tests that read every exchange of real files — the
// report tests' sample (with a body in base64, TLS details, a transport error) and the session
// files of the fuzz corpus — and the exchange texts the splitter cuts from them.

#include "ReportSample.h"
#include "report/ExchangeSplitter.h"
#include "report/SessionJson.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>
#include <string>
#include <vector>

namespace wb::test {

// The exchange objects of a session file as the splitter cuts them (the text as written).
inline std::vector<std::string> exchangeTexts(const QByteArray &file)
{
    std::vector<std::string> out;
    ExchangeSplitter splitter(
        [&](std::string &t) {
            out.push_back(t);
            return true;
        },
        std::size_t(64) << 20);
    if (!splitter.feed(file) || !splitter.finish())
        out.clear();
    return out;
}

inline QList<QByteArray> sessionFiles()
{
    QList<QByteArray> files;
    Session s = reportSample();
    s.exchanges[0].requestBody = QByteArray("\xff\xfe not UTF-8 \x80", 15); // base64 in the file
    s.exchanges[1].tlsErrors = {QStringLiteral("self-signed"), QStringLiteral("expired \u00e9")};
    s.exchanges[1].tlsCertificate = {QStringLiteral("CN=idp.example")};
    s.exchanges[1].tlsTrustedByPin = QStringLiteral("AB:CD");
    s.exchanges[2].transportError = TransportError::Tls;
    s.exchanges[2].responseTruncated = true;
    s.exchanges[2].responseSize = qint64(1) << 40;
    files << QByteArray::fromStdString(sessionToJson(s, false).dump(2));
    const QDir corpus(QStringLiteral(WB_TEST_DATA_DIR "/../fuzz/corpus/fuzz_session_json"));
    for (const QString &name : corpus.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile f(corpus.filePath(name));
        if (f.open(QIODevice::ReadOnly))
            files << f.readAll();
    }
    return files;
}

} // namespace wb::test
