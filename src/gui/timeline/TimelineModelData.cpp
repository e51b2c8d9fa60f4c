#include "timeline/TimelineModel.h"

#include "common/Format.h"
#include "common/StatusIcons.h"
#include "util/JsonQt.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QUrl>

// What each row of the timeline shows: texts, icons, tooltips and fonts, by role.
namespace wb::gui {

namespace {
QString roleTitle(const Exchange &x)
{
    switch (x.role) {
    case ExchangeRole::Discovery:
        return QObject::tr("Metadata");
    case ExchangeRole::FrontChannel:
        // A browser's hops (captured mode) include pages and form posts, not only redirects.
        if (x.transportError != TransportError::None)
            return QObject::tr("Failed hop");
        if (x.method == QLatin1String("POST"))
            return QObject::tr("Form post");
        if (x.status >= 300 && x.status < 400)
            return QObject::tr("Redirect hop");
        return x.hasResponse() ? QObject::tr("Page") : QObject::tr("Redirect hop");
    case ExchangeRole::Callback:
        return QObject::tr("Callback");
    case ExchangeRole::Stray:
        return QObject::tr("Stray loopback hit");
    case ExchangeRole::BackChannel:
        break;
    }
    return QObject::tr("Request");
}

QString exchangeSummary(const Exchange &x)
{
    if (x.transportError != TransportError::None)
        return QStringLiteral("%1: %2").arg(toString(x.transportError), x.errorMessage);
    if (!x.hasResponse())
        return QObject::tr("waiting for the response…");
    QString s = QStringLiteral("%1 %2").arg(x.status).arg(x.reason);
    const QByteArray location = headerValue(x.responseHeaders, "Location");
    if (x.status >= 300 && x.status < 400 && !location.isEmpty())
        return s + QStringLiteral(" → ") + QString::fromUtf8(location);
    const QByteArray type = headerValue(x.responseHeaders, "Content-Type");
    if (!type.isEmpty())
        s += QStringLiteral(" · ") + QString::fromUtf8(type.split(';').first());
    s += QStringLiteral(" · ") + formatBytes(x.responseSize ? x.responseSize : x.responseBody.size());
    return s;
}
} // namespace

TimelineModel::ExchangeTexts TimelineModel::formatExchange(int xi) const
{
    const Exchange &x = m_session->exchanges[xi];
    const QUrl url(x.url);
    const QString title = m_frameHops.contains(x.id) ? tr("Frame: %1").arg(roleTitle(x)) : roleTitle(x);
    return {QStringLiteral("%1: %2 %3%4")
                .arg(title, x.method, url.host().isEmpty() ? QString() : url.host(), url.path()),
            formatDuration(x.durationMs), exchangeSummary(x)};
}

const TimelineModel::ExchangeTexts &TimelineModel::exchangeTexts(int xi) const
{
    if (m_texts.size() < m_session->exchanges.size())
        m_texts.resize(m_session->exchanges.size());
    ExchangeTexts &texts = m_texts[xi];
    if (texts.title.isNull())
        texts = formatExchange(xi);
    return texts;
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn:
        return tr("Step");
    case DurationColumn:
        return tr("Duration");
    case SummaryColumn:
        return tr("Summary");
    default:
        return {};
    }
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!m_session || !index.isValid())
        return {};
    if (role == RowKindRole)
        return int(rowKind(index));
    if (index.internalId() != 0) {
        const int top = int(index.internalId()) - 1;
        if (const int extra = extraOf(index); extra != kNoExtra) {
            if (role == StepIndexRole)
                return top;
            if (role == ExchangeIndexRole)
                return exchangeIndexOf(index);
            return extra == kCallbackLink ? callbackLinkData(top, index.column(), role)
                                          : subResourceData(top, extra, index.column(), role);
        }
        const int x = exchangeIndexOf(index);
        if (x < 0 || x >= m_session->exchanges.size())
            return {};
        if (role == ExchangeIndexRole)
            return x;
        if (role == StepIndexRole)
            return isOrphanRow(int(index.internalId()) - 1) ? -1 : int(index.internalId()) - 1;
        return exchangeData(x, index.column(), role);
    }
    if (isOrphanRow(index.row()))
        return orphanData(index.column(), role);
    if (role == StepIndexRole)
        return index.row();
    return stepData(index.row(), index.column(), role);
}

QVariant TimelineModel::stepData(int stepIndex, int column, int role) const
{
    const Step &s = m_session->steps[stepIndex];
    switch (role) {
    case Qt::DisplayRole:
        if (column == TitleColumn)
            return s.title;
        if (column == DurationColumn) {
            if (s.status == StepStatus::Running && s.startedAt.isValid())
                return formatDuration(s.startedAt.msecsTo(QDateTime::currentDateTimeUtc())) +
                       QStringLiteral(" …");
            return formatDuration(s.durationMs);
        }
        if (column == SummaryColumn) {
            if (s.summary.isEmpty() && s.error.isError())
                return s.error.message;
            return s.summary;
        }
        return {};
    case Qt::DecorationRole:
        return column == TitleColumn ? QVariant(toneIcon(toneFor(s.status))) : QVariant();
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("%1 — %2").arg(s.title, statusLabel(s.status));
        if (s.error.isError())
            tip += QLatin1Char('\n') + s.error.message;
        for (const QString &w : s.warnings)
            tip += QStringLiteral("\nWarning: ") + w;
        return tip;
    }
    case Qt::AccessibleDescriptionRole:
        return statusLabel(s.status);
    case Qt::TextAlignmentRole:
        return column == DurationColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant TimelineModel::exchangeData(int xi, int column, int role) const
{
    const Exchange &x = m_session->exchanges[xi];
    switch (role) {
    case Qt::DisplayRole:
        if (column == TitleColumn)
            return exchangeTexts(xi).title;
        if (column == DurationColumn)
            return exchangeTexts(xi).duration;
        if (column == SummaryColumn)
            return exchangeTexts(xi).summary;
        return {};
    case Qt::DecorationRole:
        return column == TitleColumn ? QVariant(toneIcon(toneFor(x))) : QVariant();
    case Qt::ToolTipRole:
        return QStringLiteral("%1 %2").arg(x.method, x.url);
    case Qt::FontRole:
        if (x.role == ExchangeRole::Stray) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case Qt::TextAlignmentRole:
        return column == DurationColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant TimelineModel::callbackLinkData(int step, int column, int role) const
{
    const int xi = m_exchangeById.value(callbackIdOf(m_session->steps[step]), -1);
    if (xi < 0)
        return {};
    const Exchange &x = m_session->exchanges[xi];
    switch (role) {
    case Qt::DisplayRole:
        if (column == TitleColumn) {
            const QUrl url(x.url);
            return tr("↳ Joined to the callback: %1 %2%3").arg(x.method, url.host(), url.path());
        }
        if (column == SummaryColumn)
            return tr("the last hop, as the loopback listener recorded it · %1").arg(exchangeSummary(x));
        return {};
    case Qt::DecorationRole:
        return column == TitleColumn ? QVariant(toneIcon(toneFor(x))) : QVariant();
    case Qt::ForegroundRole:
        return QGuiApplication::palette().brush(QPalette::Link);
    case Qt::ToolTipRole:
        return tr("The browser's last hop requested the redirect_uri. The loopback listener recorded "
                  "that request exactly as it arrived (the Callback step); select this row to inspect "
                  "it.\n%1 %2")
            .arg(x.method, x.url);
    default:
        return {};
    }
}

QVariant TimelineModel::subResourceData(int step, int sub, int column, int role) const
{
    const nlohmann::json *subs = subResourcesOf(m_session->steps[step]);
    if (!subs || sub < 0 || sub >= int(subs->size()) || !(*subs)[sub].is_object())
        return {};
    const nlohmann::json &r = (*subs)[sub];
    const QString error = jsonString(r, "error");
    const auto statusIt = r.find("status");
    // From a session file: any number may be there; only an HTTP status is shown as one.
    const double rawStatus = statusIt != r.end() && statusIt->is_number() ? statusIt->get<double>() : 0.0;
    const int status = rawStatus >= 100 && rawStatus < 1000 ? int(rawStatus) : 0;
    const bool failed = !error.isEmpty() || status >= 400;
    switch (role) {
    case Qt::DisplayRole:
        if (column == TitleColumn) {
            const QUrl url(jsonString(r, "url"));
            const QString type = jsonString(r, "type");
            return tr("Sub-resource (%1): %2 %3%4")
                .arg(type.isEmpty() ? tr("other") : type, jsonString(r, "method"), url.host(), url.path());
        }
        if (column == SummaryColumn) {
            if (!error.isEmpty())
                return error;
            return status > 0 ? QString::number(status) : tr("no response recorded");
        }
        return {};
    case Qt::DecorationRole:
        return column == TitleColumn ? QVariant(toneIcon(failed ? Tone::Error : Tone::Neutral)) : QVariant();
    case Qt::ForegroundRole:
        return failed ? QVariant() : QVariant(QGuiApplication::palette().brush(QPalette::PlaceholderText));
    case Qt::ToolTipRole:
        return tr("Loaded by a page of the login, not part of the redirect chain:\n%1 %2")
            .arg(jsonString(r, "method"), jsonString(r, "url"));
    default:
        return {};
    }
}

QVariant TimelineModel::orphanData(int column, int role) const
{
    if (role == Qt::DisplayRole) {
        if (column == TitleColumn)
            return tr("Other traffic");
        if (column == SummaryColumn)
            return tr("%n exchange(s) not tied to a step", nullptr, int(m_orphans.size()));
    }
    if (role == Qt::DecorationRole && column == TitleColumn)
        return toneIcon(Tone::Neutral);
    return {};
}

} // namespace wb::gui
