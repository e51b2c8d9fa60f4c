// libFuzzer target: HAR import (report/HarImport) — our own exports and browser devtools files —
// followed by what the report verb does with the session (diagnosis, a Markdown report), and a
// round trip: the imported session exported as HAR again must import with the same requests.
#include "FuzzInput.h"
#include "report/HarExport.h"
#include "report/HarImport.h"
#include "report/ReportWriter.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wb::Session session;
    QString error;
    if (!wb::sessionFromHar(wbfuzz::bytes(data, size), session, &error)) {
        if (error.isEmpty())
            abort(); // a refusal always says why
        return 0;
    }
    wb::renderReport(session, wb::ReportFormat::Markdown);
    // What we import we can export and read back: the same requests, in the same order.
    wb::ReportOptions raw;
    raw.redaction = wb::RedactionMode::None;
    wb::Session again;
    if (!wb::sessionFromHar(wb::harExport(session, raw), again, &error) ||
        again.exchanges.size() != session.exchanges.size())
        abort();
    return 0;
}
