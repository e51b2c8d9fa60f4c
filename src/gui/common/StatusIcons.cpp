#include "common/StatusIcons.h"

#include <QGuiApplication>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

namespace wb::gui {

namespace {
// Semantic colours of mid lightness: readable on light and dark palettes alike. Everything
// else in the window takes its colours from the palette.
QColor toneColor(Tone tone)
{
    switch (tone) {
    case Tone::Success:
        return QColor(0x2e, 0x9d, 0x4f);
    case Tone::Warning:
        return QColor(0xd9, 0x8c, 0x1a);
    case Tone::Error:
        return QColor(0xd6, 0x3a, 0x3a);
    case Tone::Info:
        return QColor(0x3a, 0x7b, 0xd5);
    case Tone::Running:
        return QGuiApplication::palette().color(QPalette::Highlight);
    case Tone::Neutral:
        break;
    }
    return QColor(0x8a, 0x8a, 0x8a);
}

QPixmap paintTone(Tone tone, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r(1, 1, size - 2, size - 2);
    p.setPen(Qt::NoPen);
    p.setBrush(toneColor(tone));
    p.drawEllipse(r);
    QPen pen(Qt::white, std::max(1.5, size / 8.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    const double s = size;
    switch (tone) {
    case Tone::Success: {
        QPainterPath check;
        check.moveTo(s * 0.28, s * 0.52);
        check.lineTo(s * 0.44, s * 0.68);
        check.lineTo(s * 0.72, s * 0.36);
        p.drawPath(check);
        break;
    }
    case Tone::Error:
        p.drawLine(QPointF(s * 0.34, s * 0.34), QPointF(s * 0.66, s * 0.66));
        p.drawLine(QPointF(s * 0.66, s * 0.34), QPointF(s * 0.34, s * 0.66));
        break;
    case Tone::Warning:
    case Tone::Info: {
        const bool warn = tone == Tone::Warning;
        p.drawLine(QPointF(s * 0.5, warn ? s * 0.26 : s * 0.46),
                   QPointF(s * 0.5, warn ? s * 0.56 : s * 0.74));
        p.drawPoint(QPointF(s * 0.5, warn ? s * 0.74 : s * 0.28));
        break;
    }
    case Tone::Running:
        // Three dots: "in progress".
        for (double x : {0.3, 0.5, 0.7})
            p.drawPoint(QPointF(s * x, s * 0.5));
        break;
    case Tone::Neutral:
        p.drawLine(QPointF(s * 0.32, s * 0.5), QPointF(s * 0.68, s * 0.5));
        break;
    }
    return pm;
}
} // namespace

QIcon toneIcon(Tone tone)
{
    static QHash<int, QIcon> cache;
    auto it = cache.find(int(tone));
    if (it != cache.end())
        return *it;
    QIcon icon;
    for (int size : {16, 24, 32, 48})
        icon.addPixmap(paintTone(tone, size));
    cache.insert(int(tone), icon);
    return icon;
}

Tone toneFor(StepStatus status)
{
    switch (status) {
    case StepStatus::Succeeded:
        return Tone::Success;
    case StepStatus::Warning:
        return Tone::Warning;
    case StepStatus::Failed:
        return Tone::Error;
    case StepStatus::Running:
        return Tone::Running;
    case StepStatus::Cancelled:
    case StepStatus::Skipped:
        break;
    }
    return Tone::Neutral;
}

Tone toneFor(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Succeeded:
        return Tone::Success;
    case Outcome::Failed:
        return Tone::Error;
    case Outcome::Running:
        return Tone::Running;
    case Outcome::Interrupted:
        return Tone::Warning;
    case Outcome::Cancelled:
        break;
    }
    return Tone::Neutral;
}

Tone toneFor(const Exchange &x)
{
    if (x.transportError != TransportError::None || x.status >= 400)
        return Tone::Error;
    if (x.role == ExchangeRole::Stray)
        return Tone::Neutral;
    if (x.status >= 300)
        return Tone::Info; // a redirect: neither good nor bad by itself
    if (x.status >= 200)
        return Tone::Success;
    return Tone::Running; // no response yet
}

QString statusLabel(StepStatus status)
{
    switch (status) {
    case StepStatus::Running:
        return QObject::tr("Running");
    case StepStatus::Succeeded:
        return QObject::tr("Succeeded");
    case StepStatus::Warning:
        return QObject::tr("Succeeded with warnings");
    case StepStatus::Failed:
        return QObject::tr("Failed");
    case StepStatus::Cancelled:
        return QObject::tr("Cancelled");
    case StepStatus::Skipped:
        return QObject::tr("Skipped");
    }
    return {};
}

QString outcomeLabel(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Running:
        return QObject::tr("Running");
    case Outcome::Succeeded:
        return QObject::tr("Succeeded");
    case Outcome::Failed:
        return QObject::tr("Failed");
    case Outcome::Cancelled:
        return QObject::tr("Cancelled");
    case Outcome::Interrupted:
        return QObject::tr("Interrupted");
    }
    return {};
}

void paintAppIcon(QPainter &p, int size)
{
    p.setRenderHint(QPainter::Antialiasing);
    const double s = size;
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x2f, 0x5d, 0xa8));
    p.drawRoundedRect(QRectF(0, 0, s, s), s * 0.22, s * 0.22);
    p.setPen(QPen(Qt::white, s * 0.09, Qt::SolidLine, Qt::RoundCap));
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(QPointF(s * 0.36, s * 0.4), s * 0.14, s * 0.14);
    p.drawLine(QPointF(s * 0.46, s * 0.5), QPointF(s * 0.74, s * 0.78));
    p.drawLine(QPointF(s * 0.64, s * 0.68), QPointF(s * 0.56, s * 0.76));
    p.drawLine(QPointF(s * 0.72, s * 0.76), QPointF(s * 0.64, s * 0.84));
}

const QList<QImage> &appIconImages()
{
    // A key inside a rounded badge: the login being debugged. Painted into images, not pixmaps,
    // so any thread may ask (StartupWarmup paints it while the window is built); a function-local
    // static: painted once, a second caller waits for the first.
    static const QList<QImage> images = [] {
        QList<QImage> painted;
        for (int size : {16, 32, 64, 128, 256}) {
            QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::transparent);
            QPainter p(&image);
            paintAppIcon(p, size);
            p.end();
            painted << image;
        }
        return painted;
    }();
    return images;
}

QIcon appIcon()
{
    // Made once (five sizes): the window icon and the empty state's picture share it.
    static QIcon cached;
    if (cached.isNull())
        for (const QImage &image : appIconImages())
            cached.addPixmap(QPixmap::fromImage(image));
    return cached;
}

} // namespace wb::gui
