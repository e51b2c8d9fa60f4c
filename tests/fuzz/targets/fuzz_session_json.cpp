// libFuzzer target: reopening a session file (report/SessionJson), as `oauth-workbench report`
// and the window do, then what they do with it: diagnosis and a Markdown and HAR report.
// sessionFromJson must answer false with a message on anything it does not understand; an
// exception escaping it is a crash of the CLI, so none is caught here.
#include "FuzzInput.h"
#include "diagnosis/Diagnosis.h"
#include "report/ReportWriter.h"
#include "report/SessionJson.h"
#include "util/JsonQt.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto doc = wb::parseJson(wbfuzz::bytes(data, size));
    if (!doc)
        return 0;
    wb::Session session;
    QString error;
    if (!wb::sessionFromJson(*doc, session, &error)) {
        if (error.isEmpty())
            abort(); // a refusal always says why
        return 0;
    }
    session.findings = wb::diagnose(session);
    wb::renderReport(session, wb::ReportFormat::Markdown);
    wb::renderReport(session, wb::ReportFormat::Har);
    return 0;
}
