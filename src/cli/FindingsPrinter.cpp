#include "FindingsPrinter.h"

#include "report/Redactor.h"

namespace wb::cli {

namespace {
QString label(Severity s)
{
    switch (s) {
    case Severity::Error:
        return QStringLiteral("ERROR");
    case Severity::Warning:
        return QStringLiteral("WARNING");
    case Severity::Info:
        return QStringLiteral("INFO");
    }
    return QStringLiteral("INFO");
}
} // namespace

bool hasErrorFinding(const Session &session)
{
    for (const Finding &f : session.findings)
        if (f.severity == Severity::Error)
            return true;
    return false;
}

void printFindings(QTextStream &out, const Session &s, bool redact)
{
    if (s.findings.isEmpty())
        return;
    const Redactor r(s.secretValues, redact);
    out << "\nFindings (" << s.findings.size() << ", most severe first):\n";
    for (const Finding &f : s.findings) {
        out << "  " << label(f.severity) << ' ' << f.code << " [" << toString(f.triage)
            << "]: " << r.text(f.title);
        if (!f.stepId.isEmpty()) {
            out << "  (see step " << f.stepId;
            if (!f.exchangeId.isEmpty())
                out << ", exchange " << f.exchangeId;
            out << ')';
        }
        out << '\n';
        if (!f.explanation.isEmpty())
            out << "      " << r.text(f.explanation) << '\n';
        int n = 1;
        for (const QString &step : f.fixSteps)
            out << "      " << n++ << ". " << r.text(step) << '\n';
    }
    out.flush();
}

} // namespace wb::cli
