#include "secrets/KeychainBanner.h"

#include "secrets/SwitchableSecretStore.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTextDocument>

namespace wb::gui {

KeychainBanner::KeychainBanner(SwitchableSecretStore *store, QWidget *parent)
    : QFrame(parent), m_store(store), m_icon(new QLabel(this)), m_text(new QLabel(this)),
      m_dismiss(new QPushButton(tr("Dismiss"), this))
{
    setObjectName(QStringLiteral("keychainBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase); // stands out in light and dark palettes
    setForegroundRole(QPalette::ToolTipText);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(32, 32));
    m_icon->setAlignment(Qt::AlignTop);
    m_text->setObjectName(QStringLiteral("keychainBannerText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setForegroundRole(QPalette::ToolTipText);
    m_dismiss->setObjectName(QStringLiteral("keychainBannerDismiss"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_dismiss, 0, Qt::AlignTop);
    connect(m_dismiss, &QPushButton::clicked, this, [this] {
        m_dismissed = true;
        hide();
    });
    connect(store, &SwitchableSecretStore::modeChanged, this, &KeychainBanner::update);
    update();
}

QString KeychainBanner::message() const
{
    QTextDocument doc;
    doc.setHtml(m_text->text());
    return doc.toPlainText();
}

void KeychainBanner::update()
{
    const bool memory = m_store->mode() == SwitchableSecretStore::Mode::Memory;
    if (!memory) {
        hide();
        return;
    }
    m_text->setText(tr("<b>No usable OS keychain: secrets are kept in memory for this session only.</b> "
                       "Nothing is written to disk in their place; client secrets and tokens you enter or "
                       "obtain now are gone when the workbench closes.<br>%1")
                        .arg(m_store->failure().message.toHtmlEscaped()));
    setVisible(!m_dismissed);
}

} // namespace wb::gui
