#pragma once
// ProfilesController: the profiles the window works with — loaded from and saved to ProfileStore
// (files without secrets) — and their keychain items (client secret, token set) kept through the
// window's SecretStore with its asynchronous API only.

#include "oauth/TokenSet.h"
#include "profiles/ProfileListModel.h"
#include "store/ProfileStore.h"

#include <QHash>
#include <QObject>
#include <optional>

namespace wb::gui {

class ProfilesController : public QObject {
    Q_OBJECT
public:
    // Whether a profile's keychain item exists, as far as this window knows.
    enum class ItemState { Unknown, Stored, NotStored, Error };

    // `secrets` is not owned and must outlive the controller.
    ProfilesController(const QString &directory, SecretStore *secrets, QObject *parent = nullptr);

    ProfileListModel *model() const { return m_model; }
    SecretStore *secrets() const { return m_secrets; }
    QString directory() const { return m_store->directory(); }
    // Reads the directory again; unreadable files are described in problems().
    void reload();
    QStringList problems() const { return m_problems; }
    int count() const { return m_model->rowCount(); }
    std::optional<Profile> profile(const QString &id) const; // without its secret (see readSecret)

    // Saves (creating when the id is new). A non-empty clientSecret goes to the SecretStore (in
    // the background), never to the file.
    ProfileStoreResult save(Profile &profile);
    // A new profile with a free name ("New profile", "New profile 2"...), already saved.
    std::optional<Profile> create(const Profile &templ = {});
    // A copy under a new name; the stored client secret is copied to the new profile's item.
    std::optional<Profile> duplicate(const QString &id);
    // Deletes the profile's keychain items, then its file; `done` runs once, later.
    void remove(const QString &id, std::function<void(const ProfileStoreResult &)> done);

    QString uniqueName(const QString &base) const;

    // Keychain items of one profile. Each `done` runs once, later (never inside the call).
    void readSecret(const QString &id, SecretStore::Callback done);
    void storeSecret(const QString &id, const QString &secret, SecretStore::Callback done = {});
    void forgetSecret(const QString &id, SecretStore::Callback done = {});
    // The stored token set; std::nullopt with the reason when none is stored or it is unreadable.
    void readTokens(const QString &id,
                    std::function<void(const std::optional<TokenSet> &, const SecretResult &)> done);
    void storeTokens(const QString &id, const TokenSet &tokens, SecretStore::Callback done = {});
    void forgetTokens(const QString &id, SecretStore::Callback done = {});

    // What the last answer of the store said about each item (reads, writes and deletes update it).
    ItemState secretState(const QString &id) const { return m_secretState.value(id, ItemState::Unknown); }
    ItemState tokensState(const QString &id) const { return m_tokensState.value(id, ItemState::Unknown); }
    QString itemError(const QString &id) const { return m_itemError.value(id); }

signals:
    void error(const QString &message);
    // secretState()/tokensState() of `id` changed.
    void storedItemsChanged(const QString &id);

private:
    void setState(QHash<QString, ItemState> &states, const QString &id, const SecretResult &r, bool written);

    SecretStore *m_secrets;
    ProfileStore *m_store;
    ProfileListModel *m_model;
    QStringList m_problems;
    QHash<QString, ItemState> m_secretState, m_tokensState;
    QHash<QString, QString> m_itemError;
};

} // namespace wb::gui
