#include "inspector/OverviewHtml.h"

#include "common/Format.h"
#include "common/StatusIcons.h"
#include "util/JsonQt.h"

namespace wb::gui {

namespace {
using json = nlohmann::json;

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString row(const QString &name, const QString &valueHtml)
{
    return QStringLiteral("<tr><td valign=top><b>%1</b></td><td>%2</td></tr>").arg(esc(name), valueHtml);
}

QString table(const QString &rows)
{
    return QStringLiteral("<table cellspacing=0 cellpadding=3>%1</table>").arg(rows);
}

bool isNameValueList(const json &j)
{
    if (!j.is_array() || j.empty())
        return false;
    for (const auto &e : j)
        if (!e.is_object() || !e.contains("name") || !e.contains("value") || e.size() != 2)
            return false;
    return true;
}

QString scalarText(const json &j)
{
    if (j.is_string())
        return fromStd(j.get<std::string>());
    if (j.is_null())
        return QStringLiteral("—");
    return QString::fromStdString(j.dump());
}

QString monospace(const QString &text)
{
    return QStringLiteral("<code>%1</code>").arg(esc(text));
}
} // namespace

QString jsonHtml(const json &j)
{
    if (isNameValueList(j)) {
        QString rows;
        for (const auto &e : j)
            rows += row(scalarText(e["name"]), monospace(scalarText(e["value"])));
        return table(rows);
    }
    if (j.is_object()) {
        if (j.empty())
            return QStringLiteral("—");
        QString rows;
        for (auto it = j.begin(); it != j.end(); ++it)
            rows += row(QString::fromStdString(it.key()), jsonHtml(it.value()));
        return table(rows);
    }
    if (j.is_array()) {
        if (j.empty())
            return QStringLiteral("—");
        bool scalars = true;
        for (const auto &e : j)
            scalars = scalars && !e.is_structured();
        if (scalars) {
            QStringList items;
            for (const auto &e : j)
                items << esc(scalarText(e));
            return items.join(QStringLiteral(", "));
        }
        QString out;
        for (const auto &e : j)
            out += jsonHtml(e);
        return out;
    }
    return monospace(scalarText(j));
}

QString errorHtml(const Error &e)
{
    if (!e.isError())
        return {};
    QString rows = row(QObject::tr("Error"), esc(e.message));
    rows += row(QObject::tr("Kind / code"), esc(QStringLiteral("%1 / %2").arg(toString(e.kind), e.code)));
    if (e.protocol) {
        const ProtocolError &p = *e.protocol;
        rows += row(QStringLiteral("error"), monospace(p.error));
        if (!p.description.isEmpty())
            rows += row(QStringLiteral("error_description"), esc(p.description));
        if (!p.uri.isEmpty())
            rows += row(QStringLiteral("error_uri"), esc(p.uri));
        if (p.httpStatus)
            rows += row(QObject::tr("HTTP status"), QString::number(p.httpStatus));
        if (p.extras.is_object() && !p.extras.empty())
            rows += row(QObject::tr("Provider details"), jsonHtml(p.extras));
    }
    return table(rows);
}

QString stepOverviewHtml(const Session &session, int stepIndex)
{
    if (stepIndex < 0 || stepIndex >= session.steps.size())
        return {};
    const Step &s = session.steps[stepIndex];
    QString html = QStringLiteral("<h3>%1</h3>").arg(esc(s.title));
    QString rows = row(QObject::tr("Status"), esc(statusLabel(s.status)));
    if (!s.summary.isEmpty())
        rows += row(QObject::tr("Summary"), esc(s.summary));
    rows += row(QObject::tr("Started"), esc(formatLocalTime(s.startedAt)));
    if (s.status != StepStatus::Running)
        rows += row(QObject::tr("Duration"), esc(formatDuration(s.durationMs)));
    rows += row(QObject::tr("Exchanges"), QString::number(s.exchangeIds.size()));
    html += table(rows);
    if (s.error.isError())
        html += QStringLiteral("<h4>%1</h4>").arg(QObject::tr("What went wrong")) + errorHtml(s.error);
    if (!s.warnings.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><ul>").arg(QObject::tr("Warnings"));
        for (const QString &w : s.warnings)
            html += QStringLiteral("<li>%1</li>").arg(esc(w));
        html += QStringLiteral("</ul>");
    }
    if (s.details.is_object() && !s.details.empty())
        html += QStringLiteral("<h4>%1</h4>").arg(QObject::tr("Details")) + jsonHtml(s.details);
    return html;
}

QString exchangeOverviewHtml(const Session &session, int exchangeIndex)
{
    if (exchangeIndex < 0 || exchangeIndex >= session.exchanges.size())
        return {};
    const Exchange &x = session.exchanges[exchangeIndex];
    QString html = QStringLiteral("<h3>%1 %2</h3>").arg(esc(x.method), esc(urlWithoutQuery(x.url)));
    QString rows = row(QObject::tr("Role"), esc(toString(x.role)));
    rows += row(QObject::tr("URL"), monospace(x.url));
    if (x.hasResponse())
        rows += row(QObject::tr("Status"),
                    esc(QStringLiteral("%1 %2 %3").arg(x.httpVersion).arg(x.status).arg(x.reason)));
    else
        rows += row(QObject::tr("Status"), QObject::tr("no response"));
    const QByteArray location = headerValue(x.responseHeaders, "Location");
    if (!location.isEmpty())
        rows += row(QStringLiteral("Location"), monospace(QString::fromUtf8(location)));
    if (x.transportError != TransportError::None)
        rows += row(QObject::tr("Transport error"),
                    esc(QStringLiteral("%1: %2").arg(toString(x.transportError), x.errorMessage)));
    for (const QString &tls : x.tlsErrors)
        rows += row(QObject::tr("TLS"), esc(tls));
    if (!x.tlsTrustedByPin.isEmpty())
        rows += row(QObject::tr("TLS trust"),
                    esc(QObject::tr("certificate errors overridden: the leaf matched the profile's pinned "
                                    "SHA-256 %1")
                            .arg(x.tlsTrustedByPin)));
    if (!x.tlsCertificate.isEmpty())
        rows += row(QObject::tr("Certificate"),
                    esc(x.tlsCertificate.join(u'\n')).replace(u'\n', QStringLiteral("<br>")));
    if (!x.peer.isEmpty())
        rows += row(x.role == ExchangeRole::Callback || x.role == ExchangeRole::Stray ? QObject::tr("From")
                                                                                      : QObject::tr("Server"),
                    esc(x.peer));
    rows += row(QObject::tr("Duration"), esc(formatDuration(x.durationMs)));
    rows += row(QObject::tr("Response size"),
                esc(formatBytes(x.responseSize)) +
                    (x.responseTruncated ? QObject::tr(" (cut at the size limit)") : QString()));
    html += table(rows);
    if (x.role == ExchangeRole::Stray)
        html += QStringLiteral("<p>%1</p>")
                    .arg(QObject::tr("The loopback listener received this request, but not on the redirect "
                                     "path: a browser extra (favicon, prefetch) or a redirect_uri with a "
                                     "different path."));
    return html;
}

QString timingHtml(const Session &session, int stepIndex, int exchangeIndex)
{
    QString rows;
    if (exchangeIndex >= 0 && exchangeIndex < session.exchanges.size()) {
        const Exchange &x = session.exchanges[exchangeIndex];
        rows +=
            row(QObject::tr("Request sent"),
                esc(formatLocalTime(x.startedAt)) +
                    esc(QStringLiteral(" (%1 UTC)").arg(x.startedAt.toUTC().toString(Qt::ISODateWithMs))));
        rows += row(QObject::tr("Response complete after"), esc(formatDuration(x.durationMs)));
        if (session.startedAt.isValid() && x.startedAt.isValid())
            rows += row(QObject::tr("Since the flow started"),
                        esc(formatDuration(session.startedAt.msecsTo(x.startedAt))));
    }
    if (stepIndex >= 0 && stepIndex < session.steps.size()) {
        const Step &s = session.steps[stepIndex];
        rows += row(QObject::tr("Step started"), esc(formatLocalTime(s.startedAt)));
        rows +=
            row(QObject::tr("Step duration"),
                s.status == StepStatus::Running ? QObject::tr("running") : esc(formatDuration(s.durationMs)));
    }
    if (session.startedAt.isValid())
        rows += row(QObject::tr("Flow started"), esc(formatLocalTime(session.startedAt)));
    if (session.finishedAt.isValid())
        rows += row(QObject::tr("Flow finished"), esc(formatLocalTime(session.finishedAt)) +
                                                      esc(QStringLiteral(" (%1)").arg(formatDuration(
                                                          session.startedAt.msecsTo(session.finishedAt)))));
    return rows.isEmpty() ? QString() : table(rows);
}

} // namespace wb::gui
