#pragma once
// ProfilesController: the profiles the window works with — loaded from and saved to ProfileStore
// (files without secrets), with client secrets held in memory for this run only.

#include "profiles/ProfileListModel.h"
#include "store/ProfileStore.h"

#include <QHash>
#include <QObject>
#include <optional>

namespace wb::gui {

class ProfilesController : public QObject {
    Q_OBJECT
public:
    explicit ProfilesController(const QString &directory, QObject *parent = nullptr);

    ProfileListModel *model() const { return m_model; }
    QString directory() const { return m_store->directory(); }
    // Reads the directory again; unreadable files are described in problems().
    void reload();
    QStringList problems() const { return m_problems; }
    int count() const { return m_model->rowCount(); }
    std::optional<Profile> profile(const QString &id) const; // with its in-memory secret

    // Saves (creating when the id is new); the secret only goes to memory.
    ProfileStoreResult save(Profile &profile);
    // A new profile with a free name ("New profile", "New profile 2"...), already saved.
    std::optional<Profile> create(const Profile &templ = {});
    std::optional<Profile> duplicate(const QString &id);
    // Deletes the profile's file; `done` runs once (later, if a keychain is ever involved).
    void remove(const QString &id, std::function<void(const ProfileStoreResult &)> done);

    QString uniqueName(const QString &base) const;

signals:
    void error(const QString &message);

private:
    ProfileStore *m_store;
    ProfileListModel *m_model;
    QHash<QString, QString> m_secrets; // profile id -> client secret, never written anywhere
    QStringList m_problems;
};

} // namespace wb::gui
