#include "flow/WaitingBanner.h"

#include "common/Format.h"
#include "ui_WaitingBanner.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QTimer>

namespace wb::gui {

WaitingBanner::WaitingBanner(QWidget *parent)
    : QFrame(parent), ui(new Ui::WaitingBanner), m_timer(new QTimer(this))
{
    ui->setupUi(this);
    // AlternateBase sets the banner apart from the window in light and dark palettes alike.
    setBackgroundRole(QPalette::AlternateBase);
    ui->redirectUriEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_timer->setInterval(250); // the label changes once a second; polling often keeps it on time
    connect(m_timer, &QTimer::timeout, this, &WaitingBanner::tick);
    connect(ui->cancelButton, &QPushButton::clicked, this, &WaitingBanner::cancelRequested);
    connect(ui->copyRedirectButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(ui->redirectUriEdit->text());
        emit message(tr("redirect_uri copied: %1").arg(ui->redirectUriEdit->text()));
    });
    connect(ui->copyAuthUrlButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_authorizationUrl);
        emit message(tr("Authorization URL copied."));
    });
    setSandboxFaults({});
    hide();
}

WaitingBanner::~WaitingBanner()
{
    delete ui;
}

void WaitingBanner::start(const QString &authorizationUrl, const QString &redirectUri,
                          const QString &listenAddress, int timeoutSeconds)
{
    m_authorizationUrl = authorizationUrl;
    m_timeoutSeconds = std::max(1, timeoutSeconds);
    ui->redirectUriEdit->setText(redirectUri);
    ui->redirectUriEdit->setCursorPosition(0);
    ui->listenAddressLabel->setText(listenAddress);
    ui->timeoutBar->setRange(0, m_timeoutSeconds);
    m_elapsed.start();
    tick();
    m_timer->start();
    show();
}

void WaitingBanner::stop()
{
    m_timer->stop();
    hide();
}

void WaitingBanner::setSandboxFaults(const QStringList &faults)
{
    ui->faultsValueLabel->setText(faults.join(QStringLiteral(", ")));
    ui->faultsLabel->setVisible(!faults.isEmpty());
    ui->faultsValueLabel->setVisible(!faults.isEmpty());
}

QString WaitingBanner::sandboxFaultsText() const
{
    return ui->faultsValueLabel->text();
}

QString WaitingBanner::redirectUri() const
{
    return ui->redirectUriEdit->text();
}

QString WaitingBanner::elapsedText() const
{
    return ui->timeoutBar->format();
}

void WaitingBanner::tick()
{
    const qint64 seconds = std::min<qint64>(m_elapsed.elapsed() / 1000, m_timeoutSeconds);
    ui->timeoutBar->setValue(int(seconds));
    ui->timeoutBar->setFormat(
        tr("%1 elapsed — gives up after %2").arg(formatClock(seconds), formatClock(m_timeoutSeconds)));
}

} // namespace wb::gui
