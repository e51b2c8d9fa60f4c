#include "inspector/InspectorPanel.h"

#include "common/Format.h"
#include "flow/Session.h"
#include "inspector/OverviewHtml.h"
#include "report/CurlExport.h"
#include "report/Redactor.h"
#include "ui_InspectorPanel.h"
#include "util/JsonQt.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QSet>

namespace wb::gui {

namespace {
constexpr qsizetype kPrettyLimit = 2 * 1024 * 1024; // larger bodies are shown raw only

// The exchange a step is "about": its last non-stray exchange (e.g. the discovery URL that
// answered, the callback rather than a favicon hit), else its last one.
int primaryExchange(const Session &s, int stepIndex)
{
    if (stepIndex < 0 || stepIndex >= s.steps.size())
        return -1;
    const QStringList &idList = s.steps[stepIndex].exchangeIds;
    const QSet<QString> ids(idList.cbegin(), idList.cend());
    int fallback = -1;
    // One backwards pass: linear even for steps with thousands of exchanges.
    for (int x = int(s.exchanges.size()) - 1; x >= 0; --x) {
        if (!ids.contains(s.exchanges[x].id))
            continue;
        if (s.exchanges[x].role != ExchangeRole::Stray)
            return x;
        if (fallback < 0)
            fallback = x;
    }
    return fallback;
}

QString jsonText(const nlohmann::json &j, const char *key)
{
    return j.is_object() ? jsonString(j, key) : QString();
}
} // namespace

InspectorPanel::InspectorPanel(QWidget *parent) : QWidget(parent), ui(new Ui::InspectorPanel)
{
    ui->setupUi(this);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QWidget *w :
         {static_cast<QWidget *>(ui->requestBodyText), static_cast<QWidget *>(ui->responseBodyPretty),
          static_cast<QWidget *>(ui->responseBodyRaw), static_cast<QWidget *>(ui->requestLineEdit),
          static_cast<QWidget *>(ui->pkceVerifierEdit), static_cast<QWidget *>(ui->pkceShaEdit),
          static_cast<QWidget *>(ui->pkceChallengeEdit)})
        w->setFont(mono);
    for (QTableWidget *t : {ui->requestParamsTable, ui->requestHeadersTable, ui->responseHeadersTable}) {
        t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
        t->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    }
    ui->requestParamsTable->setColumnWidth(0, 60);
    ui->requestParamsTable->setColumnWidth(1, 180);
    ui->requestHeadersTable->setColumnWidth(0, 180);
    ui->responseHeadersTable->setColumnWidth(0, 180);
    ui->requestSplitter->setSizes({260, 90});
    ui->requestTablesSplitter->setSizes({520, 420});
    ui->responseSplitter->setSizes({400, 560});
    ui->pkceIntroLabel->setText(
        tr("PKCE (RFC 7636) binds the token request to this authorization request: the client sends "
           "code_challenge = BASE64URL(SHA-256(code_verifier)) with the authorization request and the "
           "code_verifier itself with the token request."));

    connect(ui->copyCurlButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(curlCommand());
        emit message(includeSecrets() ? tr("cURL command copied — it contains secrets.")
                                      : tr("cURL command copied (secrets redacted)."));
    });
    connect(ui->copyUrlButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(copyableUrl());
        emit message(tr("URL copied."));
    });
    render();
}

InspectorPanel::~InspectorPanel()
{
    delete ui;
}

void InspectorPanel::setSession(const Session *session)
{
    m_session = session;
    m_step = m_exchange = -1;
    m_exchangeSelected = false;
    m_rendered.clear();
    render();
}

void InspectorPanel::showSelection(int stepIndex, int exchangeIndex)
{
    m_step = stepIndex;
    m_exchangeSelected = exchangeIndex >= 0;
    m_exchange =
        m_exchangeSelected ? exchangeIndex : (m_session ? primaryExchange(*m_session, stepIndex) : -1);
    m_rendered.clear();
    render();
}

void InspectorPanel::refresh()
{
    if (!m_session)
        return;
    if (!m_exchangeSelected)
        m_exchange = primaryExchange(*m_session, m_step);
    if (signature() != m_rendered)
        render();
}

QString InspectorPanel::signature() const
{
    if (!m_session)
        return {};
    QString sig = QStringLiteral("%1/%2").arg(m_step).arg(m_exchange);
    if (m_step >= 0 && m_step < m_session->steps.size()) {
        const Step &s = m_session->steps[m_step];
        sig += QStringLiteral("/%1/%2/%3/%4/%5")
                   .arg(int(s.status))
                   .arg(s.summary)
                   .arg(s.exchangeIds.size())
                   .arg(s.warnings.size())
                   .arg(QString::fromStdString(s.details.dump()).size());
    }
    if (m_exchange >= 0 && m_exchange < m_session->exchanges.size())
        sig += QStringLiteral("/%1").arg(m_session->exchanges[m_exchange].status);
    return sig;
}

bool InspectorPanel::includeSecrets() const
{
    return ui->includeSecretsCheck->isChecked();
}

void InspectorPanel::fillTable(QTableWidget *table, const QList<QStringList> &rows)
{
    table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < rows[r].size() && c < table->columnCount(); ++c) {
            auto *item = new QTableWidgetItem(rows[r][c]);
            item->setToolTip(rows[r][c].size() > 60 ? rows[r][c] : QString());
            table->setItem(r, c, item);
        }
    }
}

void InspectorPanel::render()
{
    m_rendered = signature();
    const bool hasStep = m_session && m_step >= 0 && m_step < m_session->steps.size();
    const bool hasExchange = m_session && m_exchange >= 0 && m_exchange < m_session->exchanges.size();
    if (!hasStep && !hasExchange) {
        ui->selectionLabel->setText(m_session ? tr("Select a step or an exchange in the timeline.")
                                              : tr("Nothing to inspect yet."));
        ui->overviewText->setHtml(QString());
        ui->timingText->setHtml(QString());
        clearExchangeTabs(QString());
        renderPkce();
        ui->copyCurlButton->setEnabled(false);
        ui->copyUrlButton->setEnabled(false);
        return;
    }
    const Session &s = *m_session;
    if (m_exchangeSelected && hasExchange) {
        const Exchange &x = s.exchanges[m_exchange];
        ui->selectionLabel->setText(tr("Exchange %1: %2 %3").arg(x.id, x.method, urlWithoutQuery(x.url)));
        ui->overviewText->setHtml(exchangeOverviewHtml(s, m_exchange));
    } else {
        const Step &step = s.steps[m_step];
        ui->selectionLabel->setText(tr("Step: %1").arg(step.title));
        ui->overviewText->setHtml(stepOverviewHtml(s, m_step));
    }
    ui->timingText->setHtml(timingHtml(s, m_step, m_exchange));
    renderRequest();
    renderResponse();
    renderPkce();
    ui->copyCurlButton->setEnabled(hasExchange);
    ui->copyUrlButton->setEnabled(!copyableUrl().isEmpty());
}

void InspectorPanel::clearExchangeTabs(const QString &why)
{
    ui->requestLineEdit->setText(why);
    fillTable(ui->requestParamsTable, {});
    fillTable(ui->requestHeadersTable, {});
    ui->requestBodyText->clear();
    ui->statusLineLabel->setText(why);
    ui->responseSizeLabel->clear();
    fillTable(ui->responseHeadersTable, {});
    ui->responseBodyPretty->clear();
    ui->responseBodyRaw->clear();
    ui->responseBodyPretty->setPlaceholderText(QString());
    ui->responseBodyRaw->setPlaceholderText(QString());
    ui->responseBodyTabs->setTabText(0, tr("Body"));
}

void InspectorPanel::renderRequest()
{
    const Session &s = *m_session;
    if (m_exchange < 0 || m_exchange >= s.exchanges.size()) {
        // The authorization request of a browser run is sent by the browser, not recorded as an
        // exchange; its URL and parameters are in the step's details.
        const Step *step = m_step >= 0 && m_step < s.steps.size() ? &s.steps[m_step] : nullptr;
        const QString url = step ? jsonText(step->details, "url") : QString();
        clearExchangeTabs(step ? tr("No HTTP exchange recorded for this step.") : QString());
        if (!url.isEmpty()) {
            ui->requestLineEdit->setText(QStringLiteral("GET ") + url);
            QList<QStringList> rows;
            for (const auto &[k, v] : decodeQuery(url))
                rows << QStringList{QStringLiteral("query"), k, v};
            fillTable(ui->requestParamsTable, rows);
            ui->statusLineLabel->setText(
                tr("The browser sends this request; its answer is the login page and, later, the callback."));
        }
        return;
    }
    const Exchange &x = s.exchanges[m_exchange];
    ui->requestLineEdit->setText(QStringLiteral("%1 %2 %3").arg(x.method, x.url, x.httpVersion));
    QList<QStringList> params;
    for (const auto &[k, v] : decodeQuery(x.url))
        params << QStringList{QStringLiteral("query"), k, v};
    if (isFormBody(x.requestHeaders, x.requestBody))
        for (const auto &[k, v] : decodeForm(x.requestBody))
            params << QStringList{QStringLiteral("form"), k, v};
    fillTable(ui->requestParamsTable, params);
    QList<QStringList> headers;
    for (const HttpHeader &h : x.requestHeaders)
        headers << QStringList{QString::fromUtf8(h.name), QString::fromUtf8(h.value)};
    fillTable(ui->requestHeadersTable, headers);
    ui->requestBodyText->setPlainText(x.requestBody.isEmpty() ? QString() : QString::fromUtf8(x.requestBody));
    ui->requestBodyText->setPlaceholderText(tr("(no body)"));
}

void InspectorPanel::renderResponse()
{
    const Session &s = *m_session;
    if (m_exchange < 0 || m_exchange >= s.exchanges.size())
        return;
    const Exchange &x = s.exchanges[m_exchange];
    if (!x.hasResponse()) {
        ui->statusLineLabel->setText(
            x.transportError != TransportError::None
                ? tr("No response — %1: %2").arg(toString(x.transportError), x.errorMessage)
                : tr("No response yet."));
        ui->responseSizeLabel->clear();
        fillTable(ui->responseHeadersTable, {});
        ui->responseBodyPretty->clear();
        ui->responseBodyRaw->clear();
        ui->responseBodyTabs->setTabText(0, tr("Body"));
        return;
    }
    ui->statusLineLabel->setText(QStringLiteral("%1 %2 %3").arg(x.httpVersion).arg(x.status).arg(x.reason));
    QString size = formatBytes(x.responseSize ? x.responseSize : x.responseBody.size());
    if (x.responseTruncated)
        size += tr(" (cut at the size limit)");
    QList<QStringList> headers;
    for (const HttpHeader &h : x.responseHeaders)
        headers << QStringList{QString::fromUtf8(h.name), QString::fromUtf8(h.value)};
    fillTable(ui->responseHeadersTable, headers);
    QString kind;
    const QString pretty = x.responseBody.size() > kPrettyLimit
                               ? QString::fromUtf8(x.responseBody)
                               : prettyBody(x.responseHeaders, x.responseBody, &kind);
    ui->responseSizeLabel->setText(kind.isEmpty() ? size : QStringLiteral("%1 · %2").arg(kind, size));
    ui->responseBodyPretty->setPlainText(pretty);
    ui->responseBodyRaw->setPlainText(QString::fromUtf8(x.responseBody));
    ui->responseBodyPretty->setPlaceholderText(tr("(empty body)"));
    ui->responseBodyRaw->setPlaceholderText(tr("(empty body)"));
    ui->responseBodyTabs->setTabText(0, kind == u"JSON"   ? tr("JSON")
                                        : kind == u"form" ? tr("Form")
                                                          : tr("Body"));
}

void InspectorPanel::renderPkce()
{
    // The PKCE pair belongs to the whole flow: shown from the authorization request step.
    nlohmann::json pkce;
    if (m_session) {
        for (const Step &st : m_session->steps)
            if (st.kind == StepKind::AuthorizationRequest && st.details.is_object() &&
                st.details.contains("pkce"))
                pkce = st.details["pkce"];
    }
    const bool has = pkce.is_object();
    ui->pkceMethodEdit->setText(has ? jsonText(pkce, "method")
                                    : (m_session ? tr("off — this flow did not use PKCE") : QString()));
    ui->pkceVerifierEdit->setText(jsonText(pkce, "verifier"));
    ui->pkceLengthEdit->setText(has && pkce.contains("verifier_length")
                                    ? QString::fromStdString(pkce["verifier_length"].dump())
                                    : QString());
    ui->pkceShaEdit->setText(jsonText(pkce, "verifier_sha256_hex"));
    ui->pkceChallengeEdit->setText(jsonText(pkce, "challenge"));
}

QString InspectorPanel::curlCommand() const
{
    if (!m_session || m_exchange < 0 || m_exchange >= m_session->exchanges.size())
        return {};
    return wb::curlCommand(m_session->exchanges[m_exchange],
                           Redactor(m_session->secretValues, !includeSecrets()));
}

QString InspectorPanel::copyableUrl() const
{
    if (!m_session)
        return {};
    const Redactor r(m_session->secretValues, !includeSecrets());
    if (m_exchange >= 0 && m_exchange < m_session->exchanges.size())
        return r.text(m_session->exchanges[m_exchange].url);
    if (m_step >= 0 && m_step < m_session->steps.size())
        return r.text(jsonText(m_session->steps[m_step].details, "url"));
    return {};
}

} // namespace wb::gui
