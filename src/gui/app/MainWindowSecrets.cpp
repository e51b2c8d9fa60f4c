// MainWindow's part for secrets: the keychain probe with its banner and status bar indicator, the
// editor's and sidebar's Forget tokens / Forget secret, and the stored token set shown for the
// selected profile. Kept apart so MainWindow.cpp stays about assembling panels.
#include "app/MainWindow.h"

#include "flow/Session.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfilesController.h"
#include "profiles/ProfilesSidebar.h"
#include "secrets/KeychainBanner.h"
#include "secrets/SecretsIndicator.h"
#include "secrets/SwitchableSecretStore.h"
#include "tokens/TokensPanel.h"
#include "ui_MainWindow.h"
#include "ui_WorkPage.h"

#include <QMessageBox>

namespace wb::gui {

void MainWindow::storeTokensAfterFlow(const Session &session, const QString &doneMessage)
{
    // Like `run --profile`: keep the token set so the next start can refresh or call userinfo.
    const QString id = session.profile.id;
    if (id.isEmpty() || session.tokens.isEmpty() || !m_profiles->profile(id))
        return;
    m_profiles->storeTokens(id, session.tokens, [this, doneMessage](const SecretResult &r) {
        QString stored;
        if (!r.ok())
            stored = tr("The tokens were not stored: %1").arg(r.message);
        else if (m_secrets->isPersistent())
            stored = tr("Tokens stored in %1.").arg(SecretsIndicator::place(*m_secrets));
        else
            stored = tr("Tokens kept in memory for this session only.");
        status(doneMessage + QLatin1Char(' ') + stored, 0);
    });
}

bool MainWindow::confirm(const QString &title, const QString &question)
{
    return !m_options.interactive ||
           QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel) == QMessageBox::Yes;
}

void MainWindow::forgetTokens(const QString &id)
{
    const auto p = m_profiles->profile(id);
    if (!p || !confirm(tr("Forget tokens"), tr("Delete the tokens stored for \"%1\" from %2? The next flow "
                                               "signs in again.")
                                                .arg(p->name, SecretsIndicator::place(*m_secrets))))
        return;
    m_profiles->forgetTokens(id, [this, id, name = p->name](const SecretResult &r) {
        if (!r.reachable()) {
            reportError(tr("Forget tokens"), r.message);
            return;
        }
        if (m_storedTokens && m_storedTokens->profile.id == id) {
            if (m_tokensPanel)
                m_tokensPanel->setSession(nullptr);
            m_storedTokens.reset();
        }
        status(r.ok() ? tr("Tokens of \"%1\" forgotten.").arg(name)
                      : tr("No tokens were stored for \"%1\".").arg(name));
    });
}

void MainWindow::forgetSecret(const QString &id)
{
    const auto p = m_profiles->profile(id);
    if (!p || !confirm(tr("Forget secret"),
                       tr("Delete the client secret of \"%1\" from %2? You will have to enter it again.")
                           .arg(p->name, SecretsIndicator::place(*m_secrets))))
        return;
    m_profiles->forgetSecret(id, [this, name = p->name](const SecretResult &r) {
        if (!r.reachable())
            reportError(tr("Forget secret"), r.message);
        else
            status(r.ok() ? tr("Client secret of \"%1\" forgotten.").arg(name)
                          : tr("No client secret was stored for \"%1\".").arg(name));
    });
}

void MainWindow::refreshStoredItems(const QString &id)
{
    if (id.isEmpty() || id != currentProfileId())
        return;
    const QString where = SecretsIndicator::place(*m_secrets);
    m_work->profileEditor->setStoredItems(m_profiles->secretState(id), m_profiles->tokensState(id), where,
                                          m_profiles->itemError(id));
}

void MainWindow::loadStoredItems(const QString &id)
{
    refreshStoredItems(id);
    // At start the keychain reads (loading libsecret, connecting to D-Bus) wait for the first
    // paint like the probe: finishStartup() loads the then selected profile's items. The editor
    // says "checking" until they answer, as it would anyway.
    if (id.isEmpty() || (m_options.deferStartupWork && !m_startupFinished))
        return;
    m_profiles->readSecret(id, {}); // only to tell "stored" from "not stored"; the value is dropped
    m_profiles->readTokens(id, [this, id](const std::optional<TokenSet> &tokens, const SecretResult &) {
        // The selected profile's stored set, while no run or file is shown.
        if (m_shown || id != currentProfileId())
            return;
        if (m_tokensPanel)
            m_tokensPanel->setSession(nullptr);
        m_storedTokens.reset();
        const auto profile = m_profiles->profile(id);
        if (!tokens || !profile)
            return;
        m_storedTokens = std::make_unique<Session>();
        m_storedTokens->profile = *profile;
        m_storedTokens->tokens = *tokens;
        m_storedTokens->outcome = Outcome::Succeeded;
        tokensPanel()->setSession(m_storedTokens.get()); // built now if it was not
    });
}

void MainWindow::connectSecrets()
{
    m_secretsIndicator = new SecretsIndicator(m_secrets, this);
    ui->statusBar->addPermanentWidget(m_secretsIndicator);
    m_keychainBanner = new KeychainBanner(m_secrets, this);
    ui->centralLayout->insertWidget(0, m_keychainBanner);
    connect(m_secrets, &SwitchableSecretStore::modeChanged, this, [this](SwitchableSecretStore::Mode mode) {
        if (mode == SwitchableSecretStore::Mode::Memory) {
            status(tr("No usable OS keychain: secrets are kept in memory for this session only."), 0);
            loadStoredItems(currentProfileId()); // the memory store starts empty
        }
        refreshStoredItems(currentProfileId());
    });
    connect(m_profiles, &ProfilesController::storedItemsChanged, this, &MainWindow::refreshStoredItems);
    // The editor's requests (store, reveal, forget) are connected with the work page
    // (MainWindowPages.cpp).
    connect(ui->profilesSidebar, &ProfilesSidebar::forgetSecretRequested, this, &MainWindow::forgetSecret);
    connect(ui->profilesSidebar, &ProfilesSidebar::forgetTokensRequested, this, &MainWindow::forgetTokens);
    refreshStoredItems(currentProfileId());
    if (m_options.probeSecrets)
        m_secrets->announceProbe(); // the probe itself starts in finishStartup()
}

} // namespace wb::gui
