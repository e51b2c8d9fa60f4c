#include "StepPrinter.h"

#include "report/Redactor.h"
#include "util/JsonQt.h"

namespace wb::cli {

namespace {
QString marker(StepStatus s)
{
    switch (s) {
    case StepStatus::Succeeded:
        return QStringLiteral("✓");
    case StepStatus::Warning:
        return QStringLiteral("!");
    case StepStatus::Failed:
        return QStringLiteral("✗");
    case StepStatus::Cancelled:
        return QStringLiteral("⊘");
    case StepStatus::Skipped:
        return QStringLiteral("-");
    case StepStatus::Running:
        return QStringLiteral("…");
    }
    return QStringLiteral("?");
}
} // namespace

StepPrinter::StepPrinter(const AuthCodeFlow *flow, QTextStream &out, bool redact, QObject *parent)
    : QObject(parent), m_session([flow]() -> const Session & { return flow->session(); }), m_out(out),
      m_redact(redact)
{
    connect(flow, &AuthCodeFlow::stepChanged, this, &StepPrinter::onStepChanged);
    connect(flow, &AuthCodeFlow::waitingForCallback, this, &StepPrinter::onWaiting);
}

QString StepPrinter::exchangeLine(const Exchange &x) const
{
    const Redactor r(m_session().secretValues, m_redact);
    QString result;
    if (x.hasResponse())
        result = QStringLiteral("%1 %2").arg(x.status).arg(x.reason);
    else
        result = QStringLiteral("no response (%1)").arg(x.errorMessage);
    QString url = r.text(x.url);
    if (url.size() > 160)
        url = url.left(157) + QStringLiteral("...");
    // One arg() call: a second pass would rewrite the %2F escapes inside the URL.
    return QStringLiteral("      %1 %2 %3 → %4  (%5 ms)")
        .arg(toString(x.role).leftJustified(13), x.method, url, result, QString::number(x.durationMs));
}

void StepPrinter::onStepChanged(int index)
{
    const Step &s = m_session().steps.at(index);
    if (s.status == StepStatus::Running || m_printed.contains(s.id))
        return;
    m_printed.insert(s.id);
    const Redactor r(m_session().secretValues, m_redact);
    m_out << ' ' << marker(s.status) << ' ' << s.title.leftJustified(22) << ' ' << r.text(s.summary);
    if (s.durationMs > 0)
        m_out << "  (" << s.durationMs << " ms)";
    m_out << '\n';
    for (const QString &id : s.exchangeIds) {
        if (const Exchange *x = m_session().exchange(id))
            m_out << exchangeLine(*x) << '\n';
    }
    if (s.kind == StepKind::IdTokenValidation && s.details.contains("checks") &&
        s.details["checks"].is_array()) {
        // The check table: one line per check with the value seen (and the one expected on failure).
        for (const auto &c : s.details["checks"]) {
            const QString result = jsonString(c, "result");
            m_out << "      "
                  << (result == u"pass"   ? QStringLiteral("✓")
                      : result == u"fail" ? QStringLiteral("✗")
                                          : QStringLiteral("-"))
                  << ' ' << jsonString(c, "name").leftJustified(10) << ' ' << r.text(jsonString(c, "actual"));
            if (result == u"fail")
                m_out << "  (expected " << r.text(jsonString(c, "expected")) << ')';
            m_out << '\n';
        }
    }
    for (const QString &w : s.warnings)
        m_out << "      warning: " << r.text(w) << '\n';
    if (s.error.isError() && s.error.message != s.summary)
        m_out << "      " << r.text(s.error.message) << '\n';
    m_out.flush();
}

StepPrinter::StepPrinter(std::function<const Session &()> session, QTextStream &out, bool redact,
                         QObject *parent)
    : QObject(parent), m_session(std::move(session)), m_out(out), m_redact(redact)
{
}

void StepPrinter::onWaiting(const QString &url, const QString &redirectUri, const QString &listen,
                            int timeoutSeconds)
{
    m_out << "      redirect_uri (register it at the provider): " << redirectUri << '\n'
          << "      authorization URL (open it if no browser appears):\n      " << url << '\n'
          << "      waiting for the callback on " << listen << " for up to " << timeoutSeconds
          << " s; Ctrl+C cancels\n";
    m_out.flush();
}

void StepPrinter::printResult()
{
    const Session &s = m_session();
    const Redactor r(s.secretValues, m_redact);
    const TokenSet &t = s.tokens;
    if (!t.isEmpty()) {
        m_out << "\nTokens" << (m_redact ? " (redacted; --no-redact shows them)" : "") << ":\n";
        const auto line = [&](const char *name, const QString &v) {
            if (!v.isEmpty())
                m_out << "  " << QString::fromLatin1(name).leftJustified(14) << r.text(v) << '\n';
        };
        line("token_type", t.tokenType);
        line("access_token", t.accessToken);
        line("refresh_token", t.refreshToken);
        line("id_token", t.idToken);
        line("scope", t.scope);
        if (t.expiresIn)
            m_out << "  " << QStringLiteral("expires_in").leftJustified(14) << *t.expiresIn << " s\n";
    }
    const qint64 ms = s.startedAt.msecsTo(s.finishedAt);
    m_out << "\nResult: " << toString(s.outcome);
    if (s.error.isError())
        m_out << " — " << s.error.code << ": " << r.text(s.error.message);
    if (ms < 1000)
        m_out << " (" << ms << " ms)\n";
    else
        m_out << QStringLiteral(" (%1 s)").arg(double(ms) / 1000.0, 0, 'f', 1) << '\n';
    m_out.flush();
}

} // namespace wb::cli
