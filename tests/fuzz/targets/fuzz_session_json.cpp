// libFuzzer target: reopening a session file (report/SessionJson), as `oauth-workbench report`
// and the window do, then what they do with it: diagnosis and a Markdown and HAR report.
// sessionFromJson must answer false with a message on anything it does not understand; an
// exception escaping it is a crash of the CLI, so none is caught here. The file reader the CLI
// and the window use (SessionReader: simdjson per exchange, or nlohmann's SAX for anything
// unusual) must give the same session, or the same message, as the document read whole.
#include "FuzzInput.h"
#include "diagnosis/Diagnosis.h"
#include "report/ReportWriter.h"
#include "report/SessionJson.h"
#include "report/SessionReader.h"
#include "util/JsonQt.h"

#include <QBuffer>
#include <cstdlib>

namespace {
std::string canonical(const wb::Session &s)
{
    return wb::sessionToJson(s, false).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The reader over the bytes, then over a device read in chunks: both as the whole document.
void sameAsTheWholeDocument(const QByteArray &bytes, bool parsed, const QString &parseError, bool converted,
                            const wb::Session &whole)
{
    wb::SessionDocument doc;
    QString error;
    QBuffer device;
    device.setData(bytes);
    device.open(QIODevice::ReadOnly);
    for (const bool fromDevice : {false, true}) {
        const bool read = fromDevice ? wb::readSessionDocument(device, doc, &error)
                                     : wb::readSessionDocument(bytes, doc, &error);
        if (read != parsed || (!read && error != parseError))
            abort();
        if (!read)
            continue;
        wb::Session session;
        if (wb::sessionFromDocument(doc, session, &error) != converted)
            abort();
        if (converted && canonical(session) != canonical(whole))
            abort();
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = wbfuzz::bytes(data, size);
    QString parseError;
    const auto doc = wb::parseJson(bytes, &parseError);
    wb::Session session;
    QString error;
    const bool converted = doc && wb::sessionFromJson(*doc, session, &error);
    sameAsTheWholeDocument(bytes, bool(doc), parseError, converted, session);
    if (!doc)
        return 0;
    if (!converted) {
        if (error.isEmpty())
            abort(); // a refusal always says why
        return 0;
    }
    session.findings = wb::diagnose(session);
    wb::renderReport(session, wb::ReportFormat::Markdown);
    wb::renderReport(session, wb::ReportFormat::Har);
    return 0;
}
