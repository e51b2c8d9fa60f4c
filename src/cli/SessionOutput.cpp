#include "SessionOutput.h"

#include "report/SessionJson.h"

#include <QCommandLineParser>
#include <QSaveFile>

namespace wb::cli {

void addSessionOutputOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("json"),
         QStringLiteral("Print the whole session as JSON on stdout (progress goes to stderr).")});
    parser.addOption({QStringLiteral("save"), QStringLiteral("Write the session to FILE (the GUI opens it)."),
                      QStringLiteral("file")});
}

QByteArray sessionDocument(const Session &session, bool redact)
{
    return QByteArray::fromStdString(
               sessionToJson(session, redact).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) +
           '\n';
}

bool saveSessionDocument(const QByteArray &document, const QString &path, const QString &verb,
                         QTextStream &err)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(document) != document.size() || !file.commit()) {
        err << "oauth-workbench " << verb << ": could not write the session to " << file.fileName() << ": "
            << file.errorString() << '\n';
        return false;
    }
    return true;
}

bool writeSessionOutput(const Session &session, bool redact, const QCommandLineParser &parser,
                        const QString &verb, QTextStream &out, QTextStream &err, QTextStream &progress)
{
    const QByteArray document = sessionDocument(session, redact);
    if (parser.isSet(QStringLiteral("json"))) {
        out << QString::fromUtf8(document);
        out.flush();
    }
    if (!parser.isSet(QStringLiteral("save")))
        return true;
    const QString path = parser.value(QStringLiteral("save"));
    if (!saveSessionDocument(document, path, verb, err))
        return false;
    progress << "Session saved to " << path << (redact ? " (redacted)" : " (NOT redacted)") << '\n';
    return true;
}

} // namespace wb::cli
