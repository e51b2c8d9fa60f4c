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

QImage ScrollBarImages::render(const QScrollBar *bar, const QStyleOptionSlider &option) const
{
    QImage image(bar->size() * m_key.ratio, m_key.format);
    image.setDevicePixelRatio(m_key.ratio);
    image.fill(0);
    QPainter p(&image);
    p.setFont(bar->font());
    p.setPen(QPen(bar->palette().brush(bar->foregroundRole()), 1));
    p.setBackground(bar->palette().brush(bar->backgroundRole()));
    bar->style()->drawComplexControl(QStyle::CC_ScrollBar, &option, &p, bar);
    return image;
}

bool ScrollBarImages::rowsEqual(const QImage &a, int rowA, const QImage &b, int rowB) const
{
    return std::memcmp(a.constScanLine(rowA), b.constScanLine(rowB), size_t(a.bytesPerLine())) == 0;
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
    if (!(key == m_key)) {
        m_key = key;
        QStyleOptionSlider bare = option;
        bare.subControls &= ~QStyle::SC_ScrollBarSlider;
        m_groove = render(bar, bare);
        const int middle = m_groove.height() / 2;
        m_uniformTop = m_uniformBottom = middle;
        while (m_uniformTop > 0 && rowsEqual(m_groove, m_uniformTop - 1, m_groove, middle))
            --m_uniformTop;
        while (m_uniformBottom + 1 < m_groove.height() &&
               rowsEqual(m_groove, m_uniformBottom + 1, m_groove, middle))
            ++m_uniformBottom;
        m_band = QImage();
        m_stage = slider.isEmpty() ? Stage::Unusable : Stage::Empty;
    }
    if (m_stage == Stage::Unusable)
        return false;

    // The rows the slider can touch: its own and a margin on either side.
    const int margin = 2 * r;
    const int bandTop = slider.top() * r - margin;
    const int bandRows = slider.height() * r + 2 * margin;
    if (bandTop < m_uniformTop || bandTop + bandRows - 1 > m_uniformBottom)
        return false; // near an end: only the style knows

    if (m_stage == Stage::Verified) {
        m_page = m_groove;
        for (int i = 0; i < bandRows; ++i)
            std::memcpy(m_page.scanLine(bandTop + i), m_band.constScanLine(i), size_t(m_band.bytesPerLine()));
        painter->drawImage(QPoint(0, 0), m_page);
        ++m_composedPaints;
        return true;
    }

    // Not yet proven for this key: paint the style's own picture, and learn from it.
    const QImage full = render(bar, option);
    if (m_stage == Stage::Empty) {
        // The slider must leave every row outside its band as the groove is.
        for (int y = 0; y < full.height(); ++y) {
            if ((y < bandTop || y >= bandTop + bandRows) && !rowsEqual(full, y, m_groove, y)) {
                m_stage = Stage::Unusable;
                break;
            }
        }
        if (m_stage == Stage::Empty) {
            m_band = full.copy(0, bandTop, full.width(), bandRows);
            m_bandTop = bandTop;
            m_stage = Stage::HaveBand;
        }
    } else if (m_stage == Stage::HaveBand && bandTop != m_bandTop) {
        // The slider moved: the composed page must be the style's, or the images are not used.
        QImage page = m_groove;
        for (int i = 0; i < bandRows; ++i)
            std::memcpy(page.scanLine(bandTop + i), m_band.constScanLine(i), size_t(m_band.bytesPerLine()));
        m_stage = page == full ? Stage::Verified : Stage::Unusable;
    }
    painter->drawImage(QPoint(0, 0), full);
    return true;
}

} // namespace wb::gui
