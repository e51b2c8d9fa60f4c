#pragma once
// ProfileEditor: every setting of one profile (provider, client, request, redirect, browser)
// plus "Fetch discovery"; the rarely changed ones (extra parameters, registered URI, trusted
// certificate, timeouts) behind an "Advanced" disclosure, built when first opened and opened by
// itself for a profile that sets one of them. Edits are reported after a short pause so they can
// be saved as the user types. The client secret field is masked and starts empty: whether a secret is
// stored is shown beside it, and a typed one is reported separately (clientSecretEdited) for the
// keychain. For the sandbox profile it also lists the sandbox faults to inject at the next Start.

#include "profiles/ProfilesController.h"
#include "store/Profile.h"

#include <QWidget>

class QNetworkAccessManager;
class QSettings;
class QTimer;

namespace Ui {
class ProfileEditor;
}

namespace wb::gui {

class DiscoveryFetcher;
class ProfileAdvancedSection;

class ProfileEditor : public QWidget {
    Q_OBJECT
public:
    explicit ProfileEditor(QWidget *parent = nullptr);
    ~ProfileEditor() override;

    void setNetworkAccessManager(QNetworkAccessManager *nam); // enables "Fetch discovery"
    void setProfile(const Profile &profile);                  // no profileEdited() for this
    void clear();
    bool hasProfile() const { return !m_id.isEmpty(); }
    QString profileId() const { return m_id; }
    Profile profile() const; // the profile as the widgets show it, typed secret included

    // What the keychain holds for the shown profile; `where` completes "stored in ..." ("the OS
    // keychain (Secret Service)", "memory only (this session)"), `error` the cause of an Error.
    void setStoredItems(ProfilesController::ItemState secret, ProfilesController::ItemState tokens,
                        const QString &where, const QString &error = {});
    // Fills the secret field with the stored value after revealSecretRequested() (not an edit).
    void revealSecret(const QString &secret);
    // Shows the sandbox fault checkboxes (only for the built-in sandbox's profile).
    void setSandboxProfile(bool sandbox);
    bool isSandboxProfile() const { return m_sandbox; }

    // Emits a pending profileEdited() now (before Start, before switching profiles).
    void flushPendingEdit();
    // Shown next to the name: "Saved" or why the last edit could not be saved.
    void setSaveState(bool saved, const QString &message = {});

    void fetchDiscovery();
    DiscoveryFetcher *discoveryFetcher() const { return m_fetcher; }

    // Where the user's choice of an open or closed "Advanced" part is kept
    // ("profileEditor/advancedShown"); applied at once.
    void setSettings(QSettings *settings);
    // Opens or closes "Advanced" as the user's choice (remembered), as its button does.
    void setAdvancedShown(bool shown);
    bool isAdvancedShown() const;
    ProfileAdvancedSection *advancedSection() const { return m_advanced; } // null until first opened

signals:
    void profileEdited(const wb::Profile &profile);                           // without the client secret
    void clientSecretEdited(const QString &profileId, const QString &secret); // typed, non-empty
    void forgetSecretRequested(const QString &profileId);
    void forgetTokensRequested(const QString &profileId);
    void revealSecretRequested(const QString &profileId); // "Show" with a stored secret
    void discoveryFinished();

private:
    void populateCombos();
    void connectEdits();
    void onEdited();
    void onDiscoveryFinished();
    void updateDependentWidgets();
    void updateCapturedWidgets(); // captured mode: which browser, which profile
    void browseForBrowser();
    void updateDiscoveryLabel();
    void emitEdits();
    void showAdvanced(bool shown); // not remembered: a loaded profile's settings, or the user's choice
    void updateAdvancedButton();
    void populateFaults(); // once, when a sandbox profile first shows the list
    void checkFaults(const QStringList &names);
    void updateFaultSummary();
    void updateSecretWidgets();

    Ui::ProfileEditor *ui;
    QString m_id;
    Profile m_loaded; // as last set, for fields the form doesn't edit
    QTimer *m_editTimer;
    DiscoveryFetcher *m_fetcher = nullptr;
    ProfileAdvancedSection *m_advanced = nullptr; // built when "Advanced" is first opened
    QSettings *m_settings = nullptr;
    bool m_advancedChosen = false; // the user's last choice: open or closed
    bool m_loading = false;
    bool m_haveMetadata = false;
    bool m_secretDirty = false; // the user typed in the secret field since it was loaded
    bool m_sandbox = false;
    bool m_faultsBuilt = false;
    ProfilesController::ItemState m_secretState = ProfilesController::ItemState::Unknown;
    ProfilesController::ItemState m_tokensState = ProfilesController::ItemState::Unknown;
    QString m_storeName, m_storeError;
    QString m_shownId;         // the profile whose stored-item state is shown
    QString m_metadataSummary; // the "server supports" part, kept while the profile is edited
    QStringList m_metadataWarnings;
    QStringList m_pkceMethods, m_authMethods, m_responseModes;
};

} // namespace wb::gui
