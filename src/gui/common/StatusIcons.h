#pragma once
// StatusIcons: the small status glyphs of the timeline, findings and history (painted, so they
// need no image plugin and stay crisp at any scale), plus the application icon.

#include "flow/Session.h"

#include <QIcon>
#include <QImage>
#include <QList>

class QPainter;

namespace wb::gui {

enum class Tone { Success, Warning, Error, Neutral, Running, Info };

QIcon toneIcon(Tone tone);
Tone toneFor(StepStatus status);
Tone toneFor(Outcome outcome);
Tone toneFor(const Exchange &exchange);
QString statusLabel(StepStatus status); // "Succeeded", "Failed"...
QString outcomeLabel(Outcome outcome);
QIcon appIcon();                          // main thread
const QList<QImage> &appIconImages();     // its five sizes; any thread
void paintAppIcon(QPainter &p, int size); // onto a transparent size × size device

} // namespace wb::gui
