#include "ReportCommand.h"

#include "RunCommand.h"
#include "report/HarImport.h"
#include "report/ReportWriter.h"
#include "report/SessionJson.h"
#include "report/SessionReader.h"
#include "util/JsonQt.h"

#include <QCommandLineParser>
#include <QFile>
#include <memory>

namespace wb::cli {

namespace {
constexpr qint64 kMaxSessionFile = 256LL * 1024 * 1024;

bool loadSession(const QString &path, Session &out, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    if (file.size() > kMaxSessionFile) {
        *error = QStringLiteral("%1 is larger than 256 MiB; not a session file.").arg(path);
        return false;
    }
    QString parseError;
    SessionDocument doc; // read in chunks, exchanges converted while parsing
    if (!readSessionDocument(file, doc, &parseError)) {
        *error = QStringLiteral("%1 is not JSON (%2).").arg(path, parseError);
        return false;
    }
    QString why;
    if (looksLikeHar(doc.json)) { // a HAR (ours or a browser's): imported and diagnosed
        if (!sessionFromHarJson(doc.json, out, &why)) {
            *error = QStringLiteral("%1: %2").arg(path, why);
            return false;
        }
        return true;
    }
    if (!sessionFromDocument(doc, out, &why)) {
        *error = QStringLiteral("%1: %2").arg(path, why);
        return false;
    }
    return true;
}
} // namespace

bool resolveReportFormat(const QString &name, const QString &path, ReportFormat &out, QString *error)
{
    if (!name.isEmpty()) {
        if (parseReportFormat(name, out))
            return true;
        *error = QStringLiteral("unknown report format '%1'; use md, html, har, json or curl.").arg(name);
        return false;
    }
    if (path.isEmpty() || path == u"-" || !reportFormatFromFileName(path, out))
        out = ReportFormat::Markdown;
    return true;
}

void warnUnredacted(QTextStream &err)
{
    err << "WARNING: --no-redact: this report contains live secrets (client secret, codes, tokens). "
           "Do not attach it to a ticket.\n";
    err.flush();
}

bool writeReport(const Session &session, ReportFormat format, const ReportOptions &options,
                 const QString &path, QTextStream &out, QTextStream &err)
{
    // Written as it is made (a HAR entry by entry), not rendered whole first.
    if (path.isEmpty() || path == u"-") {
        out.flush();
        QFile stdoutFile;
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly) ||
            !wb::writeReport(session, format, options, stdoutFile) || !stdoutFile.flush()) {
            err << "oauth-workbench: could not write the report to stdout\n";
            return false;
        }
        return true;
    }
    QString error;
    if (!writeReportFile(path, session, format, options, &error)) {
        err << "oauth-workbench: " << error << '\n';
        return false;
    }
    return true;
}

int runReportCommand(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Turn a session file (from 'run --save' or the window) into a report for a bug ticket. "
        "Secrets are redacted unless --no-redact; every report says which redaction made it."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("session"),
        QStringLiteral("The session file (.json), or a HAR file (.har: exported by the workbench or saved "
                       "from a browser's developer tools), which is imported and diagnosed."));
    parser.addOption(
        {QStringLiteral("format"),
         QStringLiteral("md (Markdown, default), html, har, json (the session file, redacted) or "
                        "curl (a shell script of the back-channel requests). Default: from -o's "
                        "extension, else md."),
         QStringLiteral("format")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the report to FILE instead of stdout."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("full-redaction"),
                      QStringLiteral("Mask tokens whole: JWT headers and claims are hidden too.")});
    parser.addOption(
        {QStringLiteral("no-redact"),
         QStringLiteral("Include secrets (client secret, codes, tokens) in the report. Never attach "
                        "such a report to a ticket.")});
    parser.addOption({QStringLiteral("body-limit"),
                      QStringLiteral("Bytes of each body shown in md/html reports (default 8192; 0 = all)."),
                      QStringLiteral("bytes")});
    if (!parser.parse(args)) {
        err << "oauth-workbench report: " << parser.errorText() << "\nTry 'oauth-workbench report --help'.\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err << "oauth-workbench report: give exactly one session file. Try 'oauth-workbench report "
               "--help'.\n";
        return ExitUsage;
    }
    ReportOptions options;
    const bool noRedact = parser.isSet(QStringLiteral("no-redact"));
    if (noRedact && parser.isSet(QStringLiteral("full-redaction"))) {
        err << "oauth-workbench report: --no-redact and --full-redaction contradict each other.\n";
        return ExitUsage;
    }
    if (noRedact)
        options.redaction = RedactionMode::None;
    else if (parser.isSet(QStringLiteral("full-redaction")))
        options.redaction = RedactionMode::Full;
    if (parser.isSet(QStringLiteral("body-limit"))) {
        bool ok = false;
        const int limit = parser.value(QStringLiteral("body-limit")).toInt(&ok);
        if (!ok || limit < 0) {
            err << "oauth-workbench report: --body-limit must be a number of bytes (0 = no limit).\n";
            return ExitUsage;
        }
        options.bodyLimit = limit;
    }
    const QString output = parser.value(QStringLiteral("output"));
    ReportFormat format = ReportFormat::Markdown;
    QString error;
    if (!resolveReportFormat(parser.value(QStringLiteral("format")), output, format, &error)) {
        err << "oauth-workbench report: " << error << '\n';
        return ExitUsage;
    }
    auto owned = std::make_unique<Session>();
    Session &session = *owned;
    if (!loadSession(positional.first(), session, &error)) {
        err << "oauth-workbench report: " << error << '\n';
        return ExitUsage;
    }
    if (noRedact)
        warnUnredacted(err);
    if (!writeReport(session, format, options, output, out, err))
        return ExitUsage;
    if (!output.isEmpty() && output != u"-")
        err << "Report (" << toString(format) << ", redaction " << toString(options.redaction)
            << ") written to " << output << '\n';
#if !defined(__SANITIZE_ADDRESS__)
    // The process ends with this command: a long session is left to the kernel instead of being
    // freed body by body (tens of milliseconds for 10,000 exchanges). Freed under ASan's leak check.
    (void)owned.release();
#endif
    return ExitOk;
}

} // namespace wb::cli
