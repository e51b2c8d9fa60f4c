#include "timeline/TextImageCache.h"

#include <QPaintEngine>
#include <QPainter>
#include <QTextLayout>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace wb::gui {

namespace {
// The image the painter draws into, when it is one with whole device pixels per logical pixel and
// the painter maps logical pixels onto them without rotation, stretch or fractional offset.
const QImage *targetImage(QPainter *painter, int *ratio)
{
    QPaintEngine *engine = painter->paintEngine();
    const QPaintDevice *device = engine ? engine->paintDevice() : nullptr;
    if (!device || device->devType() != QInternal::Image)
        return nullptr;
    const auto *image = static_cast<const QImage *>(device);
    const qreal r = image->devicePixelRatio();
    const QTransform t = painter->deviceTransform();
    if (image->depth() != 32 || r < 1 || r != std::round(r) || t.type() > QTransform::TxScale ||
        t.m11() != r || t.m22() != r || t.dx() != std::round(t.dx()) || t.dy() != std::round(t.dy()))
        return nullptr;
    *ratio = int(r);
    return image;
}
} // namespace

bool TextImageCache::draw(QPainter *painter, quint64 layoutId, const QTextLayout &layout, QPoint position,
                          const QRect &clip, const QRect &area, const QColor &pen, const QColor &background)
{
    int ratio = 0;
    const QImage *target = targetImage(painter, &ratio);
    if (!target || background.alpha() != 255 || painter->opacity() != 1.0 ||
        painter->compositionMode() != QPainter::CompositionMode_SourceOver ||
        painter->backgroundMode() != Qt::TransparentMode || clip.isEmpty())
        return false;
    const QPoint origin = clip.topLeft();
    Key key{layoutId,
            pen.rgba(),
            background.rgba(),
            ratio,
            int(target->format()),
            int(painter->renderHints().toInt()),
            position - origin,
            clip.size(),
            area.translated(-origin)};
    const Image *image = m_images.object(key);
    if (!image) {
        // The text drawn as the caller would draw it, onto the background colour.
        QImage full(clip.size() * ratio, target->format());
        full.setDevicePixelRatio(ratio);
        full.fill(background);
        const quint32 blank = *reinterpret_cast<const quint32 *>(full.constScanLine(0));
        QPainter p(&full);
        p.setRenderHints(p.renderHints(), false);
        p.setRenderHints(painter->renderHints(), true);
        p.translate(-origin);
        p.setClipRect(clip);
        p.setPen(pen);
        layout.draw(&p, position);
        p.end();

        // Only the pixels it changed, in whole logical pixels.
        const int width = full.width(), height = full.height();
        const QByteArray blankLine(qsizetype(width) * 4, Qt::Uninitialized);
        std::fill_n(reinterpret_cast<quint32 *>(const_cast<char *>(blankLine.constData())), width, blank);
        int left = width, right = -1, top = height, bottom = -1;
        for (int y = 0; y < height; ++y) {
            const auto *line = reinterpret_cast<const quint32 *>(full.constScanLine(y));
            if (std::memcmp(line, blankLine.constData(), size_t(width) * 4) == 0)
                continue;
            top = std::min(top, y);
            bottom = y;
            int x = 0;
            while (line[x] == blank)
                ++x;
            left = std::min(left, x);
            x = width - 1;
            while (line[x] == blank)
                --x;
            right = std::max(right, x);
        }
        auto *entry = new Image;
        const QRect changed(QPoint(left / ratio, top / ratio), QPoint(right / ratio, bottom / ratio));
        if (right >= 0 && !area.translated(-origin).contains(changed)) {
            entry->usable = false; // the glyphs reach where the colour is not known (the icon)
        } else if (right >= 0) {
            entry->pixels = full.copy(QRect(changed.topLeft() * ratio, changed.size() * ratio));
            entry->pixels.setDevicePixelRatio(ratio);
            entry->offset = changed.topLeft();
        }
        const qsizetype cost = entry->pixels.sizeInBytes() + 64;
        if (!m_images.insert(key, entry, cost))
            return false; // larger than the whole cache (insert deleted it): draw the glyphs
        image = m_images.object(key);
        if (!image)
            return false;
    }
    if (!image->usable)
        return false;
    if (!image->pixels.isNull())
        painter->drawImage(QPointF(origin + image->offset), image->pixels);
    ++m_drawn;
    return true;
}

} // namespace wb::gui
