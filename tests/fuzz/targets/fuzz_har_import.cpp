// libFuzzer target: HAR import (report/HarImport) — our own exports and browser devtools files —
// followed by what the report verb does with the session: diagnosis and a Markdown report.
#include "FuzzInput.h"
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
    return 0;
}
