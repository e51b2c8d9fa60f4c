#include "timeline/ScrollBarImages.h"

#include "timeline/OpaqueScrollBar.h"

#include <QGuiApplication>
#include <QPaintEngine>
#include <QPainter>
#include <QScrollBar>
#include <QStyle>
#include <QStyleOptionSlider>
#include <cmath>
#include <cstring>

namespace wb::gui {

namespace {
// The option QScrollBar's paint event hands its style, for a bar that is neither hovered nor
// pressed (QScrollBar::initStyleOption is protected; this is what it fills in).
QStyleOptionSlider optionFor(const QScrollBar *bar)
{
    QStyleOptionSlider option;
    option.initFrom(bar);
    option.subControls = QStyle::SC_All;
    option.activeSubControls = QStyle::SC_None;
    option.orientation = bar->orientation();
    option.minimum = bar->minimum();
    option.maximum = bar->maximum();
    option.sliderPosition = bar->sliderPosition();
    option.sliderValue = bar->value();
    option.singleStep = bar->singleStep();
    option.pageStep = bar->pageStep();
    option.upsideDown = bar->invertedAppearance();
    return option;
}

// The device's image format, when the painter draws into an image whose pixels are whole
// multiples of the bar's (so that an image of the bar lands on them one to one).
QImage::Format deviceFormat(QPainter *painter, qreal ratio)
{
    QPaintEngine *engine = painter->paintEngine();
    QPaintDevice *device = engine ? engine->paintDevice() : nullptr;
    if (!device || device->devType() != QInternal::Image)
        return QImage::Format_Invalid;
    const QTransform t = painter->deviceTransform();
    if (t.type() > QTransform::TxScale || t.m11() != ratio || t.m22() != ratio ||
        t.dx() != std::floor(t.dx()) || t.dy() != std::floor(t.dy()))
        return QImage::Format_Invalid;
    return static_cast<QImage *>(device)->format();
}
} // namespace

void ScrollBarImages::setEnabled(bool enabled)
{
    m_enabled = enabled; // what is kept stays valid: the key holds all it depends on
}

QImage ScrollBarImages::render(const QScrollBar *bar, const QStyleOptionSlider &option, const Key &key) const
{
    QImage image(bar->size() * key.ratio, key.format);
    image.setDevicePixelRatio(key.ratio);
    image.fill(0);
    QPainter p(&image);
    p.setFont(bar->font());
    p.setPen(QPen(bar->palette().brush(bar->foregroundRole()), 1));
    p.setBackground(bar->palette().brush(bar->backgroundRole()));
    bar->style()->drawComplexControl(QStyle::CC_ScrollBar, &option, &p, bar);
    return image;
}

bool ScrollBarImages::rowsEqual(const QImage &a, int rowA, const QImage &b, int rowB)
{
    return std::memcmp(a.constScanLine(rowA), b.constScanLine(rowB), size_t(a.bytesPerLine())) == 0;
}

QImage ScrollBarImages::composed(const Images &set, int bandTop)
{
    QImage page = set.groove; // detached by the first scanLine(): a copy of about 16 KB
    for (int i = 0; i < set.band.height(); ++i)
        std::memcpy(page.scanLine(bandTop + i), set.band.constScanLine(i), size_t(set.band.bytesPerLine()));
    return page;
}

bool ScrollBarImages::paint(QScrollBar *bar, QPainter *painter)
{
    const qreal ratio = bar->devicePixelRatio();
    if (!m_enabled || bar->orientation() != Qt::Vertical || ratio != std::round(ratio) ||
        !OpaqueScrollBar::paintsEveryPixel(bar) || bar->underMouse() || bar->isSliderDown() ||
        QGuiApplication::mouseButtons() != Qt::NoButton)
        return false;
    const QImage::Format format = deviceFormat(painter, ratio);
    if (format == QImage::Format_Invalid)
        return false;

    const QStyleOptionSlider option = optionFor(bar);
    const QRect slider =
        bar->style()->subControlRect(QStyle::CC_ScrollBar, &option, QStyle::SC_ScrollBarSlider, bar);
    const int r = int(ratio);
    const Key key{bar->size(),
                  ratio,
                  bar->palette().cacheKey(),
                  int(option.state) ^ (int(option.direction) << 28) ^ (option.upsideDown ? 1 << 27 : 0),
                  slider.height(),
                  option.sliderValue == option.minimum,
                  option.sliderValue == option.maximum,
                  format,
                  bar->style()};
    // One set of images per device format, so that grabbing the bar does not undo the window's.
    int slot = m_sets[0].key.format == format ? 0 : m_sets[1].key.format == format ? 1 : 1 - m_lastSet;
    m_lastSet = slot;
    Images &set = m_sets[slot];
    if (!(key == set.key)) {
        set.key = key;
        QStyleOptionSlider bare = option;
        bare.subControls &= ~QStyle::SC_ScrollBarSlider;
        set.groove = render(bar, bare, key);
        const int middle = set.groove.height() / 2;
        set.uniformTop = set.uniformBottom = middle;
        while (set.uniformTop > 0 && rowsEqual(set.groove, set.uniformTop - 1, set.groove, middle))
            --set.uniformTop;
        while (set.uniformBottom + 1 < set.groove.height() &&
               rowsEqual(set.groove, set.uniformBottom + 1, set.groove, middle))
            ++set.uniformBottom;
        set.band = QImage();
        set.stage = slider.isEmpty() ? Stage::Unusable : Stage::Empty;
    }
    if (set.stage == Stage::Unusable)
        return false;

    // The rows the slider can touch: its own and a margin on either side.
    const int margin = 2 * r;
    const int bandTop = slider.top() * r - margin;
    const int bandRows = slider.height() * r + 2 * margin;
    if (bandTop < set.uniformTop || bandTop + bandRows - 1 > set.uniformBottom)
        return false; // near an end: only the style knows

    if (set.stage == Stage::Verified) {
        painter->drawImage(QPoint(0, 0), composed(set, bandTop));
        ++m_composedPaints;
        return true;
    }

    // Not yet proven for this key: paint the style's own picture, and learn from it.
    const QImage full = render(bar, option, key);
    if (set.stage == Stage::Empty) {
        // The slider must leave every row outside its band as the groove is.
        for (int y = 0; y < full.height(); ++y) {
            if ((y < bandTop || y >= bandTop + bandRows) && !rowsEqual(full, y, set.groove, y)) {
                set.stage = Stage::Unusable;
                break;
            }
        }
        if (set.stage == Stage::Empty) {
            set.band = full.copy(0, bandTop, full.width(), bandRows);
            set.bandTop = bandTop;
            set.stage = Stage::HaveBand;
        }
    } else if (set.stage == Stage::HaveBand && bandTop != set.bandTop) {
        // The slider moved: the composed page must be the style's, or the images are not used.
        set.stage = composed(set, bandTop) == full ? Stage::Verified : Stage::Unusable;
    }
    painter->drawImage(QPoint(0, 0), full);
    return true;
}

} // namespace wb::gui
