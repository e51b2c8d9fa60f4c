#pragma once
// TextImageCache: a cell's text kept as the pixels it paints over a known solid colour, so that
// drawing it again is a copy instead of blending each glyph into the window. On a long timeline
// most cells repeat a text already drawn (three titles and a hundred durations for 10,000
// exchanges), and blending the glyphs was the largest part of painting a page. The image is the
// text drawn exactly as it would be (same layout, pen, clip, pixel ratio and image format) onto
// the background colour, cut to the pixels the glyphs changed: copied onto the same colour it
// gives the same pixels. Used only when the painter draws into an image at whole device pixels
// and the caller knows the colour under the text; bounded by the images' bytes.

#include <QCache>
#include <QColor>
#include <QImage>
#include <QPoint>
#include <QRect>

class QPainter;
class QTextLayout;

namespace wb::gui {

class TextImageCache {
public:
    // 4 MiB: a few hundred titles, thousands of short texts.
    explicit TextImageCache(qsizetype capacityBytes = 4 * 1024 * 1024) : m_images(capacityBytes) {}

    // Draws `layout` (identified by `layoutId`, the same id always meaning the same laid-out text)
    // at `position`, clipped to `clip`, with `pen`, where the painter's pixels inside `area` (a
    // part of `clip`) are all `background`. False when it cannot, or the text's pixels reach
    // outside `area`: the caller draws.
    bool draw(QPainter *painter, quint64 layoutId, const QTextLayout &layout, QPoint position,
              const QRect &clip, const QRect &area, const QColor &pen, const QColor &background);

    int drawnFromImages() const { return m_drawn; }
    qsizetype totalBytes() const { return m_images.totalCost(); }
    void clear() { m_images.clear(); }

private:
    struct Key {
        quint64 layoutId;
        QRgb pen, background;
        int ratio;
        int format;
        int hints;       // the painter's render hints (text antialiasing and the like)
        QPoint position; // relative to the clip's top left
        QSize clip;
        QRect area; // relative to the clip's top left
        bool operator==(const Key &) const = default;
        friend size_t qHash(const Key &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.layoutId, k.pen, k.background, k.ratio, k.format, k.hints,
                              k.position.x(), k.position.y(), k.clip.width(), k.clip.height(), k.area.x(),
                              k.area.y(), k.area.width(), k.area.height());
        }
    };
    struct Image {
        QImage pixels;      // only the pixels the text changed (possibly none)
        QPoint offset;      // where they go, in logical pixels from the clip's top left
        bool usable = true; // false: the text reaches outside the area
    };
    QCache<Key, Image> m_images;
    int m_drawn = 0;
};

} // namespace wb::gui
