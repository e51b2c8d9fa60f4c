#include "tokens/TokenView.h"

#include "common/Format.h"
#include "common/StatusIcons.h"
#include "oauth/Jwt.h"
#include "tokens/ClaimTimes.h"
#include "ui_TokenView.h"
#include "util/JsonQt.h"

#include <QFontDatabase>

namespace wb::gui {

TokenView::TokenView(QWidget *parent) : QWidget(parent), ui(new Ui::TokenView)
{
    ui->setupUi(this);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    ui->rawEdit->setFont(mono);
    ui->headerEdit->setFont(mono);
    ui->payloadEdit->setFont(mono);
    ui->rawEdit->setWordWrapMode(QTextOption::WrapAnywhere);
    ui->timesTable->setColumnWidth(0, 80);
    ui->timesTable->setColumnWidth(1, 100);
    ui->timesTable->setColumnWidth(2, 150);
    ui->timesTable->verticalHeader()->setDefaultSectionSize(ui->timesTable->fontMetrics().height() + 6);
    ui->splitter->setSizes({540, 440});
    // Nothing decoded until a token comes. Hidden from the start: a box hidden later, while the view
    // sits in a tab not shown, leaves the enclosing layouts announcing its old minimum height, and
    // the Flow tab's split then gave the timeline a third of the room it should have.
    ui->rightBox->hide();
    ui->timesLabel->hide();
    ui->timesTable->hide();
}

TokenView::~TokenView()
{
    delete ui;
}

QString TokenView::kindText() const
{
    return ui->kindLabel->text();
}

void TokenView::setToken(const QString &token, const nlohmann::json &knownHeader,
                         const nlohmann::json &knownPayload)
{
    ui->rawEdit->setPlainText(token);
    m_jwt = false;
    m_expired = false;
    m_payload = nlohmann::json();
    const DecodedJwt jwt = decodeJwt(token);
    if (token.isEmpty()) {
        m_kind = tr("Not in this token response.");
        showDecoded({}, {});
    } else if (jwt.ok) {
        m_jwt = true;
        const QString alg = jsonString(jwt.header, "alg");
        const QString kid = jsonString(jwt.header, "kid");
        m_kind = kid.isEmpty()
                     ? tr("JWT, signed with %1 (the flow's validation step checks its signature)").arg(alg)
                     : tr("JWT, signed with %1, key id %2 (the flow's validation step checks its signature)")
                           .arg(alg, kid);
        showDecoded(jwt.header, jwt.payload);
    } else if (token.startsWith(QLatin1String("[redacted"))) {
        const bool known = knownPayload.is_object() && !knownPayload.empty();
        m_kind =
            known ? tr("Redacted in the saved session; the claims below were recorded when it was received.")
                  : tr("Redacted in the saved session: %1").arg(token);
        if (known)
            m_jwt = true;
        showDecoded(knownHeader, knownPayload);
    } else {
        m_kind = looksLikeJwt(token)
                     ? tr("Looks like a JWT but does not decode: %1").arg(jwt.error)
                     : tr("Opaque token (%1 characters): not a JWT, only the server can read it.")
                           .arg(token.size());
        showDecoded({}, {});
    }
    refreshTimes(QDateTime::currentDateTimeUtc());
}

void TokenView::showDecoded(const nlohmann::json &header, const nlohmann::json &payload)
{
    const bool decoded = payload.is_object() && !payload.empty();
    ui->headerEdit->setPlainText(decoded && header.is_object() ? prettyJson(header) : QString());
    ui->payloadEdit->setPlainText(decoded ? prettyJson(payload) : QString());
    ui->headerEdit->setPlaceholderText(tr("(nothing to decode)"));
    ui->payloadEdit->setPlaceholderText(tr("(nothing to decode)"));
    ui->rightBox->setVisible(decoded);
    ui->timesLabel->setVisible(decoded);
    ui->timesTable->setVisible(decoded);
    ui->splitter->updateGeometry(); // its minimum changed, even if this view is not on screen
    m_payload = decoded ? payload : nlohmann::json();
}

void TokenView::refreshTimes(const QDateTime &now)
{
    const QList<ClaimTime> times = claimTimes(m_payload, now);
    ui->timesTable->setRowCount(int(times.size()));
    m_expired = false;
    for (int r = 0; r < times.size(); ++r) {
        const ClaimTime &c = times[r];
        auto *claim = new QTableWidgetItem(c.claim);
        if (c.problem) {
            claim->setIcon(toneIcon(c.claim == u"exp" ? Tone::Error : Tone::Warning));
            if (c.claim == u"exp")
                m_expired = true;
        }
        ui->timesTable->setItem(r, 0, claim);
        ui->timesTable->setItem(r, 1, new QTableWidgetItem(QString::number(c.value)));
        ui->timesTable->setItem(r, 2, new QTableWidgetItem(formatLocalTime(c.time)));
        auto *phrase = new QTableWidgetItem(c.phrase);
        if (c.problem) {
            QFont f = phrase->font();
            f.setBold(true);
            phrase->setFont(f);
        }
        ui->timesTable->setItem(r, 3, phrase);
    }
    // Exactly as tall as its rows: the claim times are few and must never need scrolling.
    const int rowHeight = ui->timesTable->verticalHeader()->defaultSectionSize();
    ui->timesTable->setFixedHeight(ui->timesTable->horizontalHeader()->sizeHint().height() +
                                   rowHeight * std::max<int>(1, int(times.size())) +
                                   2 * ui->timesTable->frameWidth());
    ui->kindLabel->setText(m_expired ? tr("<b>Expired.</b> %1").arg(m_kind.toHtmlEscaped())
                                     : m_kind.toHtmlEscaped());
}

} // namespace wb::gui
