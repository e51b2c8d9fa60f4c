#include "profiles/ProfileEditor.h"

#include "browser/ChromiumLocator.h"
#include "browser/ChromiumProcess.h"
#include "profiles/DiscoveryFetcher.h"
#include "profiles/ProfileAdvancedSection.h"
#include "sandbox/SandboxFaults.h"
#include "ui_ProfileEditor.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QTimer>

namespace wb::gui {

namespace {
template <typename E> void addItem(QComboBox *combo, E value, const QString &label)
{
    combo->addItem(label, toString(value));
}
template <typename E> void selectItem(QComboBox *combo, E value)
{
    const int i = combo->findData(toString(value));
    combo->setCurrentIndex(i >= 0 ? i : 0);
}
QString joined(const QStringList &l)
{
    return l.isEmpty() ? QObject::tr("not advertised") : l.join(QStringLiteral(", "));
}
} // namespace

ProfileEditor::ProfileEditor(QWidget *parent)
    : QWidget(parent), ui(new Ui::ProfileEditor), m_editTimer(new QTimer(this))
{
    ui->setupUi(this);
    populateCombos();
    ui->fetchDiscoveryButton->setEnabled(false);
    m_editTimer->setSingleShot(true);
    m_editTimer->setInterval(400);
    connect(m_editTimer, &QTimer::timeout, this, &ProfileEditor::emitEdits);
    connect(ui->showSecretCheck, &QCheckBox::toggled, this, [this](bool show) {
        ui->clientSecretEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
        // The stored secret is read only when asked for, never just to fill the form.
        if (show && !m_id.isEmpty() && ui->clientSecretEdit->text().isEmpty() &&
            m_secretState == ProfilesController::ItemState::Stored)
            emit revealSecretRequested(m_id);
    });
    connect(ui->clientSecretEdit, &QLineEdit::textEdited, this, [this] { m_secretDirty = true; });
    connect(ui->forgetSecretButton, &QPushButton::clicked, this, [this] {
        if (!m_id.isEmpty())
            emit forgetSecretRequested(m_id);
    });
    connect(ui->forgetTokensButton, &QPushButton::clicked, this, [this] {
        if (!m_id.isEmpty())
            emit forgetTokensRequested(m_id);
    });
    ui->sandboxFaultsGroup->hide(); // its list is filled when a sandbox profile first shows it
    ui->advancedContainer->hide();  // built when first opened
    connect(ui->advancedButton, &QToolButton::clicked, this, &ProfileEditor::setAdvancedShown);
    connect(ui->fetchDiscoveryButton, &QPushButton::clicked, this, &ProfileEditor::fetchDiscovery);
    connect(ui->browseBrowserButton, &QPushButton::clicked, this, &ProfileEditor::browseForBrowser);
    connect(ui->headlessBrowserCheck, &QCheckBox::toggled, this, &ProfileEditor::onEdited);
    connectEdits();
    clear();
}

ProfileEditor::~ProfileEditor()
{
    delete ui;
}

void ProfileEditor::populateCombos()
{
    addItem(ui->authMethodCombo, ClientAuthMethod::None, tr("none — public client"));
    addItem(ui->authMethodCombo, ClientAuthMethod::ClientSecretBasic,
            tr("client_secret_basic — HTTP Basic, form-encoded"));
    addItem(ui->authMethodCombo, ClientAuthMethod::ClientSecretBasicRaw,
            tr("client_secret_basic_raw — HTTP Basic, not encoded"));
    addItem(ui->authMethodCombo, ClientAuthMethod::ClientSecretPost,
            tr("client_secret_post — in the form body"));
    addItem(ui->responseModeCombo, ResponseMode::Query, tr("query"));
    addItem(ui->responseModeCombo, ResponseMode::Fragment, tr("fragment"));
    addItem(ui->responseModeCombo, ResponseMode::FormPost, tr("form_post"));
    addItem(ui->pkceCombo, PkceMethod::S256, tr("S256"));
    addItem(ui->pkceCombo, PkceMethod::Plain, tr("plain"));
    addItem(ui->pkceCombo, PkceMethod::Off, tr("off — no PKCE"));
    addItem(ui->browserModeCombo, BrowserMode::System, tr("System browser"));
    addItem(ui->browserModeCombo, BrowserMode::Command, tr("Command…"));
    addItem(ui->browserModeCombo, BrowserMode::Follow, tr("Follow redirects without a browser"));
    ui->browserModeCombo->setItemData(2,
                                      tr("The workbench requests the authorization URL itself and follows "
                                         "each redirect; works when no login page is shown."),
                                      Qt::ToolTipRole);
    addItem(ui->browserModeCombo, BrowserMode::Captured, tr("Captured Chromium — records every hop"));
    ui->browserModeCombo->setItemData(3,
                                      tr("Opens Chromium, Chrome, Edge or Brave with a temporary profile and "
                                         "records every redirect, login page and form post over the DevTools "
                                         "protocol (docs/captured-browser.md)."),
                                      Qt::ToolTipRole);
    for (const char *host : {"127.0.0.1", "[::1]", "localhost"})
        ui->redirectHostCombo->addItem(QLatin1String(host), QLatin1String(host));
    // The row is shared with port and path; without this the layout clips "127.0.0.1".
    ui->redirectHostCombo->setMinimumWidth(
        ui->redirectHostCombo->fontMetrics().horizontalAdvance(QStringLiteral("localhost__")) + 40);
    // In a narrow window the form scrolls sideways rather than squeezing a URL or the secret's
    // hint to a few letters.
    const int url =
        ui->issuerEdit->fontMetrics().horizontalAdvance(QStringLiteral("https://login.example.com/")) + 12;
    for (QLineEdit *e : {ui->issuerEdit, ui->authorizationEndpointEdit, ui->tokenEndpointEdit})
        e->setMinimumWidth(url);
    ui->clientSecretEdit->setMinimumWidth(
        ui->clientSecretEdit->fontMetrics().horizontalAdvance(tr("stored — type to replace")) + 12);
}

void ProfileEditor::connectEdits()
{
    for (QLineEdit *e : findChildren<QLineEdit *>())
        connect(e, &QLineEdit::textChanged, this, &ProfileEditor::onEdited);
    for (QComboBox *c : findChildren<QComboBox *>())
        connect(c, &QComboBox::currentIndexChanged, this, &ProfileEditor::onEdited);
    for (QSpinBox *s : findChildren<QSpinBox *>())
        connect(s, &QSpinBox::valueChanged, this, &ProfileEditor::onEdited);
}

void ProfileEditor::setNetworkAccessManager(QNetworkAccessManager *nam)
{
    delete m_fetcher;
    m_fetcher = new DiscoveryFetcher(nam, this);
    connect(m_fetcher, &DiscoveryFetcher::finished, this, &ProfileEditor::onDiscoveryFinished);
    updateDependentWidgets();
}

void ProfileEditor::onEdited()
{
    if (m_loading)
        return; // setProfile() updates the dependent widgets once, when every field is set
    updateDependentWidgets();
    if (m_id.isEmpty())
        return;
    m_editTimer->start();
}

void ProfileEditor::flushPendingEdit()
{
    if (m_editTimer->isActive()) {
        m_editTimer->stop();
        emitEdits();
    }
}

void ProfileEditor::emitEdits()
{
    Profile p = profile();
    const QString secret = p.clientSecret;
    p.clientSecret.clear(); // the file never gets it; the keychain gets it below
    emit profileEdited(p);
    // An emptied field keeps the stored secret: "Forget…" is the explicit way to delete it.
    if (m_secretDirty && !secret.isEmpty() && !m_id.isEmpty()) {
        m_secretDirty = false;
        emit clientSecretEdited(m_id, secret);
    }
}

void ProfileEditor::populateFaults()
{
    if (m_faultsBuilt)
        return;
    m_faultsBuilt = true;
    QTreeWidget *list = ui->faultList;
    for (const SandboxFaultInfo &info : sandboxFaultTable()) {
        auto *item = new QTreeWidgetItem(list, {info.name, info.description});
        item->setData(0, Qt::UserRole, info.name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(0, Qt::Unchecked);
        item->setToolTip(0, tr("%1 — affects: %2").arg(info.description, info.endpoint));
        item->setToolTip(1, item->toolTip(0));
    }
    list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    list->header()->setStretchLastSection(true);
    // Tall enough for every fault at once: the list is short and scrolling it hides choices.
    list->setMinimumHeight(list->header()->sizeHint().height() +
                           list->sizeHintForRow(0) * list->topLevelItemCount() + 2 * list->frameWidth() + 4);
    connect(list, &QTreeWidget::itemChanged, this, [this] {
        updateFaultSummary();
        onEdited();
    });
    checkFaults(m_loaded.sandboxFaults);
}

void ProfileEditor::checkFaults(const QStringList &names)
{
    if (!m_faultsBuilt)
        return; // populateFaults() checks the loaded profile's
    {
        const QSignalBlocker block(ui->faultList);
        for (int i = 0; i < ui->faultList->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = ui->faultList->topLevelItem(i);
            item->setCheckState(0, names.contains(item->data(0, Qt::UserRole).toString()) ? Qt::Checked
                                                                                          : Qt::Unchecked);
        }
    }
    updateFaultSummary();
}

void ProfileEditor::updateFaultSummary()
{
    QStringList on;
    for (int i = 0; i < ui->faultList->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = ui->faultList->topLevelItem(i);
        if (item->checkState(0) == Qt::Checked)
            on << item->data(0, Qt::UserRole).toString();
    }
    ui->faultSummaryLabel->setText(
        on.isEmpty()
            ? tr("No faults: the sandbox answers like a well-configured provider. Check a fault to "
                 "see how the workbench explains it.")
            : tr("<b>Next Start injects:</b> %1").arg(on.join(QStringLiteral(", ")).toHtmlEscaped()));
}

void ProfileEditor::setSandboxProfile(bool sandbox)
{
    m_sandbox = sandbox;
    if (sandbox)
        populateFaults();
    ui->sandboxFaultsGroup->setVisible(sandbox);
}

void ProfileEditor::setStoredItems(ProfilesController::ItemState secret, ProfilesController::ItemState tokens,
                                   const QString &where, const QString &error)
{
    m_secretState = secret;
    m_tokensState = tokens;
    m_storeName = where;
    m_storeError = error;
    updateSecretWidgets();
}

void ProfileEditor::revealSecret(const QString &secret)
{
    if (!ui->clientSecretEdit->text().isEmpty())
        return;
    const bool loading = m_loading;
    m_loading = true; // not an edit: nothing to save
    ui->clientSecretEdit->setText(secret);
    m_loading = loading;
}

void ProfileEditor::updateSecretWidgets()
{
    using S = ProfilesController::ItemState;
    const QString where = m_storeName.isEmpty() ? tr("the keychain") : m_storeName;
    QString note;
    switch (m_secretState) {
    case S::Stored:
        note = tr("A client secret is stored in %1. Type here to replace it; Forget deletes it.").arg(where);
        ui->clientSecretEdit->setPlaceholderText(tr("stored — type to replace"));
        break;
    case S::NotStored:
        note = tr("No client secret stored. One typed here is kept in %1, never in the profile file.")
                   .arg(where);
        ui->clientSecretEdit->setPlaceholderText(tr("none (public client)"));
        break;
    case S::Error:
        note = tr("The keychain could not be read: %1").arg(m_storeError);
        ui->clientSecretEdit->setPlaceholderText(tr("unknown (keychain error)"));
        break;
    case S::Unknown:
        note = tr("Checking %1…").arg(where);
        ui->clientSecretEdit->setPlaceholderText(QString());
        break;
    }
    ui->secretNoteLabel->setText(note);
    ui->forgetSecretButton->setEnabled(m_secretState == S::Stored);
    switch (m_tokensState) {
    case S::Stored:
        ui->tokensStateLabel->setText(
            tr("a token set from the last successful flow is stored in %1").arg(where));
        break;
    case S::NotStored:
        ui->tokensStateLabel->setText(tr("none stored (a successful flow stores them)"));
        break;
    case S::Error:
        ui->tokensStateLabel->setText(tr("unknown: %1").arg(m_storeError));
        break;
    case S::Unknown:
        ui->tokensStateLabel->setText(tr("checking…"));
        break;
    }
    ui->forgetTokensButton->setEnabled(m_tokensState == S::Stored);
}

void ProfileEditor::setSaveState(bool saved, const QString &message)
{
    ui->saveStateLabel->setText(saved ? tr("Saved") : tr("Not saved: %1").arg(message));
    ui->saveStateLabel->setToolTip(saved ? tr("Saved in %1 (no secrets)").arg(message) : message);
    ui->saveStateLabel->setForegroundRole(saved ? QPalette::PlaceholderText : QPalette::WindowText);
    QFont f = ui->saveStateLabel->font();
    f.setBold(!saved);
    ui->saveStateLabel->setFont(f);
}

void ProfileEditor::setProfile(const Profile &p)
{
    m_editTimer->stop();
    m_loading = true;
    m_id = p.id;
    m_loaded = p;
    m_haveMetadata = false;
    setEnabled(true);
    ui->nameEdit->setText(p.name);
    ui->issuerEdit->setText(p.issuer);
    ui->authorizationEndpointEdit->setText(p.authorizationEndpoint);
    ui->tokenEndpointEdit->setText(p.tokenEndpoint);
    ui->clientIdEdit->setText(p.clientId);
    ui->clientSecretEdit->setText(p.clientSecret);
    m_secretDirty = false;
    ui->showSecretCheck->setChecked(false);
    if (p.id != m_shownId) {
        m_shownId = p.id;
        m_secretState = m_tokensState = ProfilesController::ItemState::Unknown;
        updateSecretWidgets();
    }
    selectItem(ui->authMethodCombo, p.authMethod);
    ui->scopeEdit->setText(p.scope);
    const int host = ui->redirectHostCombo->findData(p.redirectHost);
    ui->redirectHostCombo->setCurrentIndex(host >= 0 ? host : 0);
    ui->redirectPortSpin->setValue(p.redirectPort);
    ui->redirectPathEdit->setText(p.redirectPath);
    selectItem(ui->responseModeCombo, p.responseMode);
    selectItem(ui->pkceCombo, p.pkce);
    selectItem(ui->browserModeCombo, p.browser);
    ui->browserCommandEdit->setText(p.browserCommand);
    ui->browserPathEdit->setText(p.browserPath);
    ui->browserProfileEdit->setText(p.browserProfile);
    ui->headlessBrowserCheck->setChecked(p.headlessBrowser);
    if (m_advanced)
        m_advanced->load(p);
    checkFaults(p.sandboxFaults);
    ui->saveStateLabel->clear();
    m_loading = false;
    // Nothing set is hidden: a profile that sets an advanced setting opens the part by itself.
    showAdvanced(m_advancedChosen || !ProfileAdvancedSection::describeSet(p).isEmpty());
    updateDependentWidgets();
    updateDiscoveryLabel();
}

void ProfileEditor::clear()
{
    m_editTimer->stop();
    setProfile(Profile{});
    m_id.clear();
    setEnabled(false);
}

Profile ProfileEditor::profile() const
{
    // Start from the loaded profile so settings the form doesn't show (fields added to profile
    // files by the CLI or a newer version) survive an edit in the window.
    Profile p = m_loaded; // the advanced settings as loaded, until their part is built
    p.clientSecret.clear();
    p.sandboxFaults.clear();
    p.browserCommand.clear();
    p.id = m_id;
    p.name = ui->nameEdit->text().trimmed();
    p.issuer = ui->issuerEdit->text().trimmed();
    p.authorizationEndpoint = ui->authorizationEndpointEdit->text().trimmed();
    p.tokenEndpoint = ui->tokenEndpointEdit->text().trimmed();
    p.clientId = ui->clientIdEdit->text().trimmed();
    p.clientSecret = ui->clientSecretEdit->text();
    parseClientAuthMethod(ui->authMethodCombo->currentData().toString(), p.authMethod);
    p.scope = ui->scopeEdit->text().simplified();
    if (m_advanced)
        m_advanced->store(p);
    p.redirectHost = ui->redirectHostCombo->currentData().toString();
    p.redirectPort = ui->redirectPortSpin->value();
    p.redirectPath = ui->redirectPathEdit->text().trimmed();
    if (p.redirectPath.isEmpty())
        p.redirectPath = QStringLiteral("/callback");
    parseResponseMode(ui->responseModeCombo->currentData().toString(), p.responseMode);
    parsePkceMethod(ui->pkceCombo->currentData().toString(), p.pkce);
    parseBrowserMode(ui->browserModeCombo->currentData().toString(), p.browser);
    // The engine runs a non-empty command in any mode, so only the command mode keeps one.
    if (p.browser == BrowserMode::Command)
        p.browserCommand = ui->browserCommandEdit->text().trimmed();
    p.browserPath = ui->browserPathEdit->text().trimmed();
    p.browserProfile = ui->browserProfileEdit->text().trimmed();
    p.headlessBrowser = ui->headlessBrowserCheck->isChecked();
    if (!m_faultsBuilt) { // as the list would have them: the known faults, in the table's order
        for (const SandboxFaultInfo &info : sandboxFaultTable())
            if (m_loaded.sandboxFaults.contains(info.name))
                p.sandboxFaults << info.name;
    }
    for (int i = 0; i < ui->faultList->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = ui->faultList->topLevelItem(i);
        if (item->checkState(0) == Qt::Checked)
            p.sandboxFaults << item->data(0, Qt::UserRole).toString();
    }
    return p;
}

void ProfileEditor::updateDependentWidgets()
{
    const bool command = ui->browserModeCombo->currentData().toString() == toString(BrowserMode::Command);
    ui->browserCommandEdit->setEnabled(command);
    ui->browserCommandLabel->setEnabled(command);
    updateCapturedWidgets();
    const bool busy = m_fetcher && m_fetcher->isBusy();
    ui->fetchDiscoveryButton->setEnabled(m_fetcher && !busy && !ui->issuerEdit->text().trimmed().isEmpty());
    ui->fetchDiscoveryButton->setText(busy ? tr("Fetching…") : tr("&Fetch discovery"));

    QString path = ui->redirectPathEdit->text().trimmed();
    if (path.isEmpty())
        path = QStringLiteral("/callback");
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    const int port = ui->redirectPortSpin->value();
    const QString uri = QStringLiteral("http://%1:%2%3")
                            .arg(ui->redirectHostCombo->currentText(),
                                 port ? QString::number(port) : QStringLiteral("<port>"), path);
    ui->redirectPreviewLabel->setText(
        port ? tr("redirect_uri: %1 — register exactly this at the provider.").arg(uri)
             : tr("redirect_uri: %1 — a free port is picked at each start; the provider must allow any "
                  "loopback port (RFC 8252).")
                   .arg(uri));
    if (m_haveMetadata)
        updateDiscoveryLabel();
}

void ProfileEditor::updateCapturedWidgets()
{
    const bool captured = ui->browserModeCombo->currentData().toString() == toString(BrowserMode::Captured);
    ui->capturedGroup->setVisible(captured);
    if (!captured)
        return;
    const QString path = ui->browserPathEdit->text().trimmed();
    const ChromiumLocation where = ChromiumLocator::locate(path);
    QString found;
    if (where.found())
        found = path.isEmpty() ? tr("Found automatically: %1").arg(where.executable.toHtmlEscaped())
                               : tr("Uses %1").arg(where.executable.toHtmlEscaped());
    else if (path.isEmpty())
        found =
            tr("<b>No Chromium-family browser found</b> (searched PATH for %1). Install Chromium, Chrome, "
               "Edge or Brave, or choose its executable with Browse…. Otherwise pick <i>System "
               "browser</i> (only the first URL and the callback are recorded) or <i>Command…</i>.")
                .arg(ChromiumLocator::candidateNames().join(QStringLiteral(", ")));
    else
        found = tr("<b>%1 is not an executable file.</b> Choose the browser's executable, empty the field to "
                   "search PATH, or pick <i>System browser</i> or <i>Command…</i>.")
                    .arg(path.toHtmlEscaped());
    ui->browserFoundLabel->setText(found);
    const QString name = ui->browserProfileEdit->text().trimmed();
    QString dir = ChromiumProcess::namedProfileDir(name);
    if (dir.startsWith(QDir::homePath() + QLatin1Char('/')))
        dir = QStringLiteral("~") + dir.mid(QDir::homePath().size());
    ui->browserProfileNoteLabel->setText(
        name.isEmpty() ? tr("Each run gets a fresh temporary profile, deleted when the capture ends.")
                       : tr("Kept between runs in %1 — cookies and SSO sessions survive, on purpose.")
                             .arg(QDir::toNativeSeparators(dir)));
}

void ProfileEditor::browseForBrowser()
{
    const QString current = ui->browserPathEdit->text().trimmed();
    const QString start = current.isEmpty() ? QStringLiteral("/usr/bin") : QFileInfo(current).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Chromium-family browser"), start);
    if (!file.isEmpty())
        ui->browserPathEdit->setText(file);
}

void ProfileEditor::fetchDiscovery()
{
    const QString issuer = ui->issuerEdit->text().trimmed();
    if (!m_fetcher || issuer.isEmpty())
        return;
    const Profile p = profile();
    m_fetcher->setPinnedCertificates(p.pinnedCertSha256);
    m_fetcher->fetch(issuer, p.httpTimeoutSeconds * 1000);
    ui->discoveryLabel->setText(tr("Fetching the discovery document of %1…").arg(issuer.toHtmlEscaped()));
    updateDependentWidgets();
}

void ProfileEditor::onDiscoveryFinished()
{
    const DiscoveryResult &r = m_fetcher->result();
    if (r.error.isError()) {
        m_haveMetadata = false;
        ui->discoveryLabel->setText(tr("<b>Discovery failed.</b> %1").arg(r.error.message.toHtmlEscaped()));
        updateDependentWidgets();
        emit discoveryFinished();
        return;
    }
    const ProviderMetadata &m = r.metadata;
    ui->authorizationEndpointEdit->setText(m.authorizationEndpoint);
    ui->tokenEndpointEdit->setText(m.tokenEndpoint);
    m_haveMetadata = true;
    m_pkceMethods = m.codeChallengeMethods;
    m_authMethods = m.tokenEndpointAuthMethods;
    m_responseModes = m.responseModes;
    m_metadataWarnings = r.warnings;
    ui->discoveryLabel->setToolTip(tr("From %1").arg(m_fetcher->documentUrl()));
    m_metadataSummary =
        tr("<b>Server supports</b> (per its discovery document)<br>PKCE: %1<br>Client authentication: %2<br>"
           "Response modes: %3<br>iss in the authorization response (RFC 9207): %4")
            .arg(joined(m.codeChallengeMethods).toHtmlEscaped(),
                 joined(m.tokenEndpointAuthMethods).toHtmlEscaped(), joined(m.responseModes).toHtmlEscaped(),
                 m.issParameterSupported ? tr("yes") : tr("no"));
    updateDependentWidgets();
    emit discoveryFinished();
}

void ProfileEditor::updateDiscoveryLabel()
{
    if (!m_haveMetadata) {
        ui->discoveryLabel->setText(
            tr("Give an issuer and fetch its discovery document, or enter both endpoints."));
        ui->discoveryLabel->setToolTip(QString());
        return;
    }
    // Point out where this profile asks for something the server does not advertise.
    QStringList notes = m_metadataWarnings;
    const Profile p = profile();
    if (p.pkce != PkceMethod::Off && !m_pkceMethods.isEmpty() && !m_pkceMethods.contains(toString(p.pkce)))
        notes << tr("PKCE %1 is not advertised.").arg(toString(p.pkce));
    const QString auth = p.authMethod == ClientAuthMethod::ClientSecretBasicRaw
                             ? toString(ClientAuthMethod::ClientSecretBasic)
                             : toString(p.authMethod);
    if (!m_authMethods.isEmpty() && !m_authMethods.contains(auth))
        notes << tr("Client authentication %1 is not advertised.").arg(auth);
    if (!m_responseModes.isEmpty() && !m_responseModes.contains(toString(p.responseMode)))
        notes << tr("Response mode %1 is not advertised.").arg(toString(p.responseMode));
    QString text = m_metadataSummary;
    for (const QString &n : notes)
        text += QStringLiteral("<br><b>%1</b> %2").arg(tr("Note:"), n.toHtmlEscaped());
    ui->discoveryLabel->setText(text);
}

} // namespace wb::gui
