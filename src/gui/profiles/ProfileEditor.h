#pragma once
// ProfileEditor: every setting of one profile (provider, client, request, redirect, browser,
// timeouts) plus "Fetch discovery". Edits are reported after a short pause so they can be saved
// as the user types; the client secret field is masked and only ever kept in memory.

#include "store/Profile.h"

#include <QWidget>

class QNetworkAccessManager;
class QTimer;

namespace Ui {
class ProfileEditor;
}

namespace wb::gui {

class DiscoveryFetcher;

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
    Profile profile() const; // the profile as the widgets show it, secret included

    // Emits a pending profileEdited() now (before Start, before switching profiles).
    void flushPendingEdit();
    // Shown next to the name: "Saved" or why the last edit could not be saved.
    void setSaveState(bool saved, const QString &message = {});

    void fetchDiscovery();
    DiscoveryFetcher *discoveryFetcher() const { return m_fetcher; }

signals:
    void profileEdited(const wb::Profile &profile);
    void discoveryFinished();

private:
    void populateCombos();
    void connectEdits();
    void onEdited();
    void onDiscoveryFinished();
    void updateDependentWidgets();
    void updateDiscoveryLabel();
    void addParamRow(const QString &name = {}, const QString &value = {});

    Ui::ProfileEditor *ui;
    QString m_id;
    QTimer *m_editTimer;
    DiscoveryFetcher *m_fetcher = nullptr;
    bool m_loading = false;
    bool m_haveMetadata = false;
    QString m_metadataSummary; // the "server supports" part, kept while the profile is edited
    QStringList m_metadataWarnings;
    QStringList m_pkceMethods, m_authMethods, m_responseModes;
};

} // namespace wb::gui
