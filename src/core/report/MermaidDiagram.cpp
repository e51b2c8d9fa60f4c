#include "report/MermaidDiagram.h"

#include "report/ReportSupport.h"

#include <QUrl>

namespace wb::report {

namespace {
// Text after "A->>B:" ends at a line break; ';' and '#' have meanings of their own in Mermaid,
// '<' '>' could be read as HTML. Labels stay short so the diagram stays readable.
QString label(QString s)
{
    for (QChar &c : s) {
        if (c == u';' || c == u'#' || c == u'<' || c == u'>' || c == u'{' || c == u'}' || c == u'"' ||
            c == u'\n' || c == u'\r' || c == u'%' || c == u'`')
            c = u' ';
    }
    s = s.simplified();
    if (s.size() > 70)
        s = s.left(69) + QStringLiteral("…");
    return s;
}

QString pathOf(const QString &url)
{
    const QString p = QUrl(url).path();
    return p.isEmpty() ? QStringLiteral("/") : p;
}

QPair<QString, QString> endsFor(const Exchange &x, const Step &step, const Session &s)
{
    switch (x.role) {
    case ExchangeRole::Discovery:
        return {QStringLiteral("W"), QStringLiteral("AS")};
    case ExchangeRole::FrontChannel:
        return {QStringLiteral("B"), QStringLiteral("AS")};
    case ExchangeRole::Callback:
    case ExchangeRole::Stray:
        return {QStringLiteral("B"), QStringLiteral("L")};
    case ExchangeRole::BackChannel:
        break;
    }
    const bool tokenStep = step.kind == StepKind::TokenExchange || step.kind == StepKind::Refresh ||
                           step.kind == StepKind::RaceProbe;
    const bool tokenUrl =
        !s.profile.tokenEndpoint.isEmpty() && pathOf(x.url) == pathOf(s.profile.tokenEndpoint);
    return {QStringLiteral("W"), tokenStep || tokenUrl ? QStringLiteral("T") : QStringLiteral("AS")};
}

QString responseText(const Exchange &x)
{
    if (x.hasResponse())
        return QStringLiteral("%1 %2").arg(x.status).arg(x.reason);
    return QStringLiteral("no response: %1")
        .arg(x.errorMessage.isEmpty() ? toString(x.transportError) : x.errorMessage);
}

QString failureText(const Step &st)
{
    QString why =
        st.error.protocol && !st.error.protocol->error.isEmpty() ? st.error.protocol->error : st.error.code;
    return why.isEmpty() ? st.summary : why;
}
} // namespace

QStringList participantKeys()
{
    return {QStringLiteral("W"), QStringLiteral("B"), QStringLiteral("L"), QStringLiteral("AS"),
            QStringLiteral("T")};
}

QString participantName(const QString &key)
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("W"), QStringLiteral("OAuth Workbench")},
        {QStringLiteral("B"), QStringLiteral("Browser")},
        {QStringLiteral("L"), QStringLiteral("Loopback listener")},
        {QStringLiteral("AS"), QStringLiteral("Authorization server")},
        {QStringLiteral("T"), QStringLiteral("Token endpoint")}};
    return names.value(key, key);
}

QList<SequenceItem> sequenceItems(const Session &s)
{
    QList<SequenceItem> items;
    const Step *failing = failingStep(s);
    for (const Step &st : s.steps) {
        const bool failed = &st == failing;
        const QString tag = label(QStringLiteral("%1 %2").arg(st.id, st.title));
        auto add = [&](const QString &from, const QString &to, const QString &text, bool response = false,
                       bool note = false, bool cross = false) {
            items.append({st.id, from, to, label(text), response, note, failed, cross});
        };
        int arrows = 0;
        for (const QString &id : st.exchangeIds) {
            const Exchange *x = s.exchange(id);
            if (!x)
                continue;
            const auto [from, to] = endsFor(*x, st, s);
            add(from, to, QStringLiteral("%1 %2 %3").arg(tag, x->method, pathOf(x->url)));
            // A cross marks the answer that broke the flow.
            add(to, from, responseText(*x), true, false, failed && id == st.exchangeIds.constLast());
            ++arrows;
        }
        if (arrows == 0) {
            if (st.kind == StepKind::Browser) {
                add(QStringLiteral("W"), QStringLiteral("B"),
                    tag + QStringLiteral(" open the authorization URL"));
                add(QStringLiteral("B"), QStringLiteral("AS"),
                    QStringLiteral("login and consent (not recorded)"));
            } else {
                const QString over =
                    st.kind == StepKind::Callback ? QStringLiteral("L") : QStringLiteral("W");
                add(over, over, QStringLiteral("%1: %2").arg(tag, st.summary), false, true);
            }
        }
        if (failed)
            add(QStringLiteral("W"), QStringLiteral("T"),
                QStringLiteral("FAILED at %1: %2").arg(tag, failureText(st)), false, true);
    }
    return items;
}

QString mermaidSequence(const Session &s)
{
    QStringList lines{QStringLiteral("sequenceDiagram")};
    for (const QString &key : participantKeys())
        lines << QStringLiteral("    participant %1 as %2").arg(key, participantName(key));
    bool inBox = false;
    for (const SequenceItem &it : sequenceItems(s)) {
        if (it.failed && !inBox)
            lines << QStringLiteral("    rect rgb(255, 224, 224)");
        else if (!it.failed && inBox)
            lines << QStringLiteral("    end");
        inBox = it.failed;
        const QString indent = it.failed ? QStringLiteral("        ") : QStringLiteral("    ");
        if (it.note) {
            const QString over = it.from == it.to ? it.from : it.from + QLatin1Char(',') + it.to;
            lines << indent + QStringLiteral("Note over %1: %2").arg(over, it.text);
        } else {
            const QString arrow = it.cross      ? QStringLiteral("--x")
                                  : it.response ? QStringLiteral("-->>")
                                                : QStringLiteral("->>");
            lines << indent + QStringLiteral("%1%2%3: %4").arg(it.from, arrow, it.to, it.text);
        }
    }
    if (inBox)
        lines << QStringLiteral("    end");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace wb::report
